#!/usr/bin/env bash
# Validates every rendered OpenTelemetry Collector configuration in manifests/ with a real
# collector (`validate` subcommand) built from the pinned component versions. Needs Go and the
# Go module proxy; the first run downloads and compiles for several minutes (about 9 on 2 cores).
# The build is cached outside the repository (KEELSON_OTELCOL_CACHE, default
# ~/.cache/keelson-otelcol). Run by .ci/run after the e2e check; not run by npm test.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILDER_VERSION=v0.162.0
CACHE="${KEELSON_OTELCOL_CACHE:-$HOME/.cache/keelson-otelcol}"
DIST="$CACHE/otelcol-keelson"
BIN="$DIST/otelcol-keelson"
if [ ! -x "$BIN" ]; then
  mkdir -p "$CACHE"
  GOBIN="$CACHE/bin" go install "go.opentelemetry.io/collector/cmd/builder@${BUILDER_VERSION}"
  # The committed builder config names a repository-relative output path; build outside instead.
  sed "s|^\(  output_path:\).*|\1 $DIST|" scripts/validate/otelcol-builder.yaml >"$CACHE/builder.yaml"
  # With --skip-get-modules builder v0.162.0 writes no go.mod, so let it generate the module.
  # Its own `go mod tidy` can stop on test-only dependencies of contrib modules that the proxy
  # does not serve; the go.mod is written by then, and `go mod tidy -e` below skips those.
  if ! "$CACHE/bin/builder" --config "$CACHE/builder.yaml" --skip-compilation; then
    echo "builder reported an error; continuing with go mod tidy -e" >&2
  fi
  if [ ! -f "$DIST/go.mod" ]; then
    echo "builder wrote no $DIST/go.mod: nothing to build" >&2
    exit 1
  fi
  (cd "$DIST" && go mod tidy -e && go build -trimpath -o otelcol-keelson .)
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
count=0
for f in $(node scripts/validate/extract-configs.mjs '^otel-(agent|gateway)-config$' config.yaml "$out"); do
  count=$((count + 1))
  # The agent's k8sattributes filter reads the node name from this variable.
  if K8S_NODE_NAME=validation-node "$BIN" validate --config="$f"; then echo "ok      ${f##*/}"; else echo "INVALID ${f##*/}"; status=1; fi
done
# An empty list would pass silently: the manifests always hold an agent and a gateway config.
if [ "$count" -eq 0 ]; then
  echo "no collector configuration found in manifests/" >&2
  exit 1
fi
echo "$count collector configurations validated"
exit $status
