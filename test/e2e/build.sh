#!/usr/bin/env bash
# Builds one component of the end-to-end control plane from source into the cache:
#   build.sh kube|etcd
# The wrapper module under test/e2e/go/<component> is copied next to the output so the
# repository stays clean; a finished build is marked by <dir>/bin/.done and reused.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
. "$here/versions.env"
cache="${KEELSON_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/keelson-e2e}"
component="${1:-}"

case "$component" in
  kube) version="$KUBE_VERSION" ;;
  etcd) version="$ETCD_VERSION" ;;
  *) echo "build.sh: unknown component '$component' (kube, etcd)" >&2; exit 2 ;;
esac
dir="$cache/$component-$version"
if [[ -f "$dir/bin/.done" ]]; then echo "$dir/bin"; exit 0; fi
# Two runs sharing the cache wait for each other instead of building into the same folder.
mkdir -p "$cache"
exec 9>"$dir.lock"
flock 9
if [[ -f "$dir/bin/.done" ]]; then echo "$dir/bin"; exit 0; fi

rm -rf "$dir/src" && mkdir -p "$dir/src" "$dir/bin"
cp -R "$here/go/$component/." "$dir/src/"
cd "$dir/src"
# Own module and build caches: the first run on a fresh machine is really cold, and
# later runs reuse everything without touching the user's Go caches.
export GOMODCACHE="${KEELSON_E2E_GOMODCACHE:-$cache/go/mod}" GOCACHE="${KEELSON_E2E_GOCACHE:-$cache/go/build}"
export GOFLAGS="-buildvcs=false -modcacherw" CGO_ENABLED=0 GOTOOLCHAIN=local
start=$SECONDS

case "$component" in
  kube)
    # k8s.io/kubernetes replaces its staging modules with local paths; a consumer must
    # pin each of them to the published v0.x.y of the same release.
    go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" >/dev/null
    gomod="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$KUBE_VERSION.mod"
    {
      echo "module keelson.local/e2e/kube"
      echo
      echo "go $(awk '/^go /{print $2; exit}' "$gomod")"
      echo
      echo "require k8s.io/kubernetes $KUBE_VERSION"
      echo
      echo "replace ("
      awk -v v="$KUBE_STAGING_VERSION" '$2 == "=>" && $3 ~ /^\.\/staging\// {print "\t" $1 " => " $1 " " v}' "$gomod"
      echo ")"
    } >go.mod
    go mod tidy
    major="${KUBE_VERSION#v}"; major="${major%%.*}"
    minor="${KUBE_VERSION#v*.}"; minor="${minor%%.*}"
    pkg=k8s.io/component-base/version
    ldflags="-s -w -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
    for cmd in kube-apiserver kubectl; do
      go build -trimpath -ldflags "$ldflags" -o "$dir/bin/$cmd" "./cmd/$cmd"
    done
    ;;
  etcd)
    {
      echo "module keelson.local/e2e/etcd"
      echo
      echo "go 1.25"
      echo
      echo "require go.etcd.io/etcd/server/v3 $ETCD_VERSION"
    } >go.mod
    go mod tidy
    go build -trimpath -ldflags "-s -w" -o "$dir/bin/etcd" ./cmd/etcd
    ;;
esac
echo "$component $version built in $((SECONDS - start)) s" >"$dir/bin/.done"
cat "$dir/bin/.done" >&2
echo "$dir/bin"
