#!/usr/bin/env bash
# Validates every rendered OpenTelemetry Collector configuration in manifests/ with a real
# collector (`validate` subcommand) built from the pinned component versions. Needs Go and the
# Go module proxy; the first run downloads and compiles for several minutes. Not run by npm test.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILDER_VERSION=v0.162.0
BIN=.cache/otelcol-keelson/otelcol-keelson
if [ ! -x "$BIN" ]; then
  GOBIN="$PWD/.cache/bin" go install "go.opentelemetry.io/collector/cmd/builder@${BUILDER_VERSION}"
  # Generate only, then resolve and build here: `go mod tidy` in the builder would fail on
  # test-only dependencies of contrib modules that the module proxy does not serve (-e skips them).
  .cache/bin/builder --config scripts/validate/otelcol-builder.yaml --skip-get-modules --skip-compilation
  (cd .cache/otelcol-keelson && go mod tidy -e && go build -trimpath -o otelcol-keelson .)
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for f in $(node scripts/validate/extract-configs.mjs '^otel-(agent|gateway)-config$' config.yaml "$out"); do
  # The agent's k8sattributes filter reads the node name from this variable.
  if K8S_NODE_NAME=validation-node "$BIN" validate --config="$f"; then echo "ok      ${f##*/}"; else echo "INVALID ${f##*/}"; status=1; fi
done
exit $status
