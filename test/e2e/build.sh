#!/usr/bin/env bash
# Builds one component of the end-to-end control plane from source into the cache:
#   build.sh kube|etcd|kwok|metallb|pulumi|pulumi-kubernetes|argocd
#   build.sh module-dir <module>@<version>   (prints where the module cache holds that module)
# The wrapper module under test/e2e/go/<component> is copied next to the output so the
# repository stays clean; a finished build is marked by <dir>/bin/.done and reused.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
. "$here/versions.env"
cache="${KEELSON_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/keelson-e2e}"
component="${1:-}"
gomodcache="${KEELSON_E2E_GOMODCACHE:-$cache/go/mod}"

if [[ "$component" == module-dir ]]; then
  # Files a component reads at run time (kwok's stages, MetalLB's CRDs) stay in the module cache.
  # Argo CD's module declares a newer Go than the local one: its toolchain reads it.
  toolchain=local
  [[ "$2" != github.com/argoproj/argo-cd/* ]] || toolchain="$ARGOCD_GOTOOLCHAIN"
  mkdir -p "$cache" && (cd "$cache" && GOMODCACHE="$gomodcache" GOFLAGS=-modcacherw GOTOOLCHAIN="$toolchain" go mod download -json "$2") |
    node -e 'let s="";process.stdin.on("data",(c)=>(s+=c)).on("end",()=>{const m=JSON.parse(s);if(!m.Dir){console.error(m.Error);process.exit(1)}console.log(m.Dir)})'
  exit
fi

case "$component" in
  kube) version="$KUBE_VERSION" ;;
  etcd) version="$ETCD_VERSION" ;;
  kwok) version="$KWOK_VERSION" ;;
  metallb) version="$METALLB_VERSION" ;;
  pulumi) version="$PULUMI_VERSION" ;;
  pulumi-kubernetes) version="$PULUMI_KUBERNETES_VERSION" ;;
  argocd) version="$ARGOCD_VERSION" ;;
  *)
    echo "build.sh: unknown component '$component' (kube, etcd, kwok, metallb, pulumi, pulumi-kubernetes, argocd)" >&2
    exit 2
    ;;
esac
dir="$cache/$component-$version"
if [[ -f "$dir/bin/.done" ]]; then echo "$dir/bin"; exit 0; fi
# Two runs sharing the cache wait for each other instead of building into the same folder.
mkdir -p "$cache"
exec 9>"$dir.lock"
flock 9
if [[ -f "$dir/bin/.done" ]]; then echo "$dir/bin"; exit 0; fi

rm -rf "$dir/src" && mkdir -p "$dir/src" "$dir/bin"
if [[ -d "$here/go/$component" ]]; then cp -R "$here/go/$component/." "$dir/src/"; fi
cd "$dir/src"
# Own module and build caches: the first run on a fresh machine is really cold, and
# later runs reuse everything without touching the user's Go caches.
export GOMODCACHE="$gomodcache" GOCACHE="${KEELSON_E2E_GOCACHE:-$cache/go/build}"
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
    for cmd in kube-apiserver kubectl kube-controller-manager kube-scheduler; do
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
  kwok)
    # The module has no replace directives, so it installs as published; its stage
    # configurations stay in the module cache and cluster.sh reads them from there.
    GOBIN="$dir/bin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
    ;;
  metallb)
    # The controller only (address allocation); the speaker announces addresses on a real
    # network, which a local API server does not have.
    GOBIN="$dir/bin" go install -trimpath -ldflags "-s -w" "go.universe.tf/metallb/controller@$METALLB_VERSION"
    mv "$dir/bin/controller" "$dir/bin/metallb-controller"
    ;;
  pulumi)
    # pkg/v3 replaces the sdk with ../sdk and the clipboard with a fork: a consumer pins
    # the sdk to the same release and keeps the fork.
    {
      echo "module keelson.local/e2e/pulumi"
      echo
      echo "go 1.25"
      echo
      echo "require ("
      echo "	github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION"
      echo "	github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION"
      echo ")"
      echo
      echo "replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"
    } >go.mod
    printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n' >tools.go
    go mod tidy -e
    go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
      -o "$dir/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    ;;
  pulumi-kubernetes)
    # The proxy serves this provider as a pseudo-version of the release commit. Its main
    # package embeds two files the module does not carry; they are derived from the
    # module's own schema.json and terraform-mapping.json in a writable copy.
    mod=github.com/pulumi/pulumi-kubernetes/provider/v4
    src="$(go mod download -json "$mod@$PULUMI_KUBERNETES_MODULE" | awk -F'"' '/"Dir":/{print $4}')"
    cp -R "$src" "$dir/src/provider" && chmod -R u+w "$dir/src/provider"
    main="$dir/src/provider/cmd/pulumi-resource-kubernetes"
    node -e '
      const fs = require("fs");
      const [dir, version] = process.argv.slice(1);
      const schema = JSON.parse(fs.readFileSync(dir + "/schema.json", "utf8"));
      schema.version = version;
      fs.writeFileSync(dir + "/schema-embed.json", JSON.stringify(schema));
      const mapping = JSON.parse(fs.readFileSync(dir + "/terraform-mapping.json", "utf8"));
      fs.writeFileSync(dir + "/terraform-mapping-embed.json", JSON.stringify(mapping));
    ' "$main" "${PULUMI_KUBERNETES_VERSION#v}"
    {
      echo "module keelson.local/e2e/pulumi-kubernetes"
      echo
      echo "go 1.25"
      echo
      echo "require ("
      echo "	$mod $PULUMI_KUBERNETES_MODULE"
      echo "	github.com/pulumi/pulumi-kubernetes/sdk/v4 $PULUMI_KUBERNETES_SDK_VERSION"
      echo ")"
      echo
      echo "replace $mod => ./provider"
    } >go.mod
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s/cmd/pulumi-resource-kubernetes"\n' "$mod" >tools.go
    go mod tidy -e
    go build -trimpath \
      -ldflags "-s -w -X $mod/pkg/version.Version=${PULUMI_KUBERNETES_VERSION#v}" \
      -o "$dir/bin/pulumi-resource-kubernetes" "$mod/cmd/pulumi-resource-kubernetes"
    ;;
  argocd)
    # argo-cd/v3 replaces gitops-engine/v3 with its in-tree folder: a consumer requires the
    # published module of the same release and keeps the module's other (non-local) replaces.
    # The module declares Go 1.27, so this build alone uses the toolchain the proxy serves.
    export GOTOOLCHAIN="$ARGOCD_GOTOOLCHAIN"
    mod=github.com/argoproj/argo-cd/v3
    go mod download -json "$mod@$ARGOCD_VERSION" >/dev/null
    gomod="$(go env GOMODCACHE)/cache/download/$mod/@v/$ARGOCD_VERSION.mod"
    {
      echo "module keelson.local/e2e/argocd"
      echo
      echo "go $(awk '/^go /{print $2; exit}' "$gomod")"
      echo
      echo "require ("
      echo "	$mod $ARGOCD_VERSION"
      echo "	github.com/argoproj/argo-cd/gitops-engine/v3 $ARGOCD_VERSION"
      echo ")"
      echo
      # Single-line and block replace directives whose target is a module, not a ./ path.
      echo "replace ("
      awk '
        /^replace \($/ {inblock=1; next}
        inblock && /^\)/ {inblock=0; next}
        inblock {line=$0}
        !inblock && /^replace / {line=$0; sub(/^replace /, "", line)}
        line != "" {
          n=split(line, f, "=>"); target=f[2]; gsub(/^[ \t]+/, "", target)
          if (target !~ /^\.\.?\//) print "\t" line
          line=""
        }' "$gomod"
      echo ")"
    } >go.mod
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s/cmd"\n' "$mod" >tools.go
    go mod tidy -e
    # The version variables upstream's Makefile sets (common/version.go), kubectlVersion read
    # as it reads it (`go list -m k8s.io/client-go`). The proxy does not say which commit the
    # release is, so gitCommit and gitTag stay empty and the version reads v3.6.1+unknown.
    pkg="$mod/common"
    ldflags="-s -w -X $pkg.version=${ARGOCD_VERSION#v} -X $pkg.buildDate=1970-01-01T00:00:00Z"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.kubectlVersion=$(go list -m k8s.io/client-go | awk '{print $NF}')"
    go build -trimpath -ldflags "$ldflags" -o "$dir/bin/argocd" "$mod/cmd"
    # The multi-call binary picks its component from the name it is invoked by.
    for name in argocd-application-controller argocd-repo-server argocd-applicationset-controller; do
      ln -sf argocd "$dir/bin/$name"
    done
    # The repo server runs git-verify-wrapper.sh on every revision it renders (the image installs
    # it and gpg-wrapper.sh from the module's hack/ into /usr/local/bin: Dockerfile).
    src="$(go mod download -json "$mod@$ARGOCD_VERSION" | awk -F'"' '/"Dir":/{print $4}')"
    install -m 0755 "$src/hack/git-verify-wrapper.sh" "$src/hack/gpg-wrapper.sh" "$dir/bin/"
    ;;
esac
echo "$component $version built in $((SECONDS - start)) s" >"$dir/bin/.done"
cat "$dir/bin/.done" >&2
echo "$dir/bin"
