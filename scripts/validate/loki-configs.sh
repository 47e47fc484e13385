#!/usr/bin/env bash
# Validates every rendered Loki configuration in manifests/ with the real Loki of the pinned
# version (`-verify-config`), built from the Go module proxy. Needs Go; the first run downloads
# and compiles for many minutes. Not run by npm test.
set -euo pipefail
cd "$(dirname "$0")/../.."
LOKI_VERSION=v3.7.8
BIN=.cache/loki-validate/loki
if [ ! -x "$BIN" ]; then
  mkdir -p .cache/loki-validate
  gomod=$(go mod download -json "github.com/grafana/loki/v3@${LOKI_VERSION}" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).GoMod))')
  {
    echo 'module keelson.local/lokivalidate'
    grep -m1 '^go ' "$gomod"
    echo "require github.com/grafana/loki/v3 ${LOKI_VERSION}"
    # Loki's own replacements, except paths inside its repository (nested modules come from the proxy).
    grep '^replace ' "$gomod" | grep -v '=> \./'
  } > .cache/loki-validate/go.mod
  (cd .cache/loki-validate && go get "github.com/grafana/loki/v3/cmd/loki@${LOKI_VERSION}" && go build -trimpath -o loki github.com/grafana/loki/v3/cmd/loki)
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for f in $(node scripts/validate/extract-configs.mjs '^loki-config$' config.yaml "$out"); do
  # Credentials are expanded from the environment (prod); placeholders suffice to verify.
  if LOKI_S3_ACCESS_KEY_ID=validation LOKI_S3_SECRET_ACCESS_KEY=validation "$BIN" -config.file="$f" -config.expand-env=true -target=all -verify-config; then
    echo "ok      ${f##*/}"
  else
    echo "INVALID ${f##*/}"
    status=1
  fi
done
exit $status
