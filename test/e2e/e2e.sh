#!/usr/bin/env bash
# End-to-end check against a real API server (`npm run e2e`):
#   1. uses $KUBECONFIG when set; otherwise builds etcd, kube-apiserver and kubectl from source
#      (once, cached outside the repository) and starts them on loopback;
#   2. installs the CRDs the platform uses from $KEELSON_CRDS_DIR and waits until Established;
#   3. applies every environment's committed manifests with server-side apply and strict field
#      validation, then applies them again and asserts nothing changed;
#   4. applies the preview manifests into a pull-request namespace the same way;
#   5. prints one summary line.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=cluster.sh
. "$here/cluster.sh"

crds="${KEELSON_CRDS_DIR:-$repo/../shared/schemas/crds}"
manager=keelson
pr_namespace=keelson-pr-1
started=$SECONDS
run="$(mktemp -d "${TMPDIR:-/tmp}/keelson-e2e.XXXXXX")"

finish() {
  local code=$?
  cluster_stop
  if ((code != 0)) && [[ -f "$run/kube-apiserver.log" ]]; then
    cp "$run/kube-apiserver.log" "$run/etcd.log" "${TMPDIR:-/tmp}/" 2>/dev/null || true
    echo "e2e: failed; control-plane logs copied to ${TMPDIR:-/tmp}/kube-apiserver.log and etcd.log" >&2
  fi
  rm -rf "$run"
  exit "$code"
}
trap finish EXIT
trap 'exit 130' INT TERM

if [[ -n "${KUBECONFIG:-}" ]]; then
  # A user's cluster (kind, k3d …): nothing is built; kubectl comes from PATH.
  local_cluster=false
  echo "e2e: using the cluster of KUBECONFIG=$KUBECONFIG"
else
  local_cluster=true
  t=$SECONDS
  etcd_bin="$("$here/build.sh" etcd)"
  kube_bin="$("$here/build.sh" kube)"
  echo "e2e: binaries ready in $((SECONDS - t)) s ($(cat "$kube_bin/.done"); $(cat "$etcd_bin/.done"))"
  export PATH="$kube_bin:$PATH"
  t=$SECONDS
  cluster_start "$kube_bin" "$etcd_bin" "$run"
  echo "e2e: local control plane ready in $((SECONDS - t)) s: $(kubectl version -o json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log("server "+JSON.parse(s).serverVersion.gitVersion))')"
fi

# Server-side apply, strict validation. Prints "<kind>/<namespace>/<name> <resourceVersion>" per
# object to stdout; any warning (PodSecurity, deprecated API, unknown field …) fails the run.
apply() {
  local out="$run/apply.out" err="$run/apply.err"
  if ! kubectl apply --server-side --field-manager="$manager" --validate=strict \
    -o go-template='{{.kind}}/{{.metadata.namespace}}/{{.metadata.name}} {{.metadata.resourceVersion}}{{"\n"}}' \
    "$@" >"$out" 2>"$err"; then
    cat "$err" >&2
    return 1
  fi
  if grep -q '^Warning:' "$err"; then
    echo "e2e: the API server returned warnings:" >&2
    cat "$err" >&2
    return 1
  fi
  cat "$out"
}

# CRDs of the upstream operators and of Argo CD (their charts are Argo CD Applications in the
# committed YAML, so only the custom resource definitions are needed to apply it).
t=$SECONDS
[[ -d "$crds" ]] || {
  echo "e2e: CRD directory '$crds' does not exist (set KEELSON_CRDS_DIR)" >&2
  exit 1
}
crd_count="$(apply -f "$crds" | wc -l)"
kubectl wait --for condition=Established crd --all --timeout=120s >/dev/null
echo "e2e: $crd_count CRDs Established in $((SECONDS - t)) s"

# Argo CD's namespace belongs to the Argo CD installation, not to the platform's manifests.
kubectl create namespace argocd --dry-run=client -o yaml | apply -f - >/dev/null

# Namespaces before the objects that live in them; the file names start with the kind.
ordered_files() {
  find "$@" -name 'namespace-*.yaml' | sort
  find "$@" -name '*.yaml' ! -name 'namespace-*.yaml' | sort
}

# apply_files <namespace or ""> <dir>…: applies the YAML files of the directories, in order.
apply_files() {
  local ns="$1" f
  shift
  local -a files args=()
  mapfile -t files < <(ordered_files "$@")
  [[ -z "$ns" ]] || args+=(-n "$ns")
  for f in "${files[@]}"; do args+=(-f "$f"); done
  apply "${args[@]}"
}

environments=()
for dir in "$repo"/manifests/*/; do
  env="$(basename "$dir")"
  [[ "$env" == preview ]] || environments+=("$env")
done

t=$SECONDS
: >"$run/first"
for env in "${environments[@]}"; do
  apply_files "" "$repo/manifests/$env" >>"$run/first"
  echo "e2e: $env applied ($(wc -l <"$run/first") objects so far)"
done

# The preview namespace is created the way the preview ApplicationSet creates it.
preview_labels="$(node -e '
  const yaml = require("yaml");
  const fs = require("fs");
  const set = yaml.parse(fs.readFileSync(process.argv[1], "utf8"));
  const labels = set.spec.template.spec.syncPolicy.managedNamespaceMetadata.labels;
  console.log(Object.entries(labels).map(([k, v]) => k + "=" + v).join(" "));
' "$repo/manifests/dev/argocd/applicationset-keelson-preview.yaml")"
kubectl create namespace "$pr_namespace" --dry-run=client -o yaml | apply -f - >/dev/null
# shellcheck disable=SC2086
kubectl label namespace "$pr_namespace" --overwrite $preview_labels >/dev/null
apply_files "$pr_namespace" "$repo/manifests/preview" >"$run/first-preview"
echo "e2e: preview applied into $pr_namespace ($(wc -l <"$run/first-preview") objects) in $((SECONDS - t)) s total"

# Second apply of everything: server-side apply of unchanged manifests must be a no-op.
t=$SECONDS
: >"$run/second"
for env in "${environments[@]}"; do
  apply_files "" "$repo/manifests/$env" >>"$run/second"
done
apply_files "$pr_namespace" "$repo/manifests/preview" >"$run/second-preview"
cat "$run/first-preview" >>"$run/first"
cat "$run/second-preview" >>"$run/second"

if $local_cluster; then
  # Without controllers nothing else writes, so an unchanged resourceVersion means no change.
  drift="$(diff <(sort "$run/first") <(sort "$run/second") | grep -c '^>' || true)"
  if ((drift > 0)); then
    echo "e2e: re-apply changed these objects (kind/namespace/name resourceVersion):" >&2
    diff <(sort "$run/first") <(sort "$run/second") >&2 || true
  fi
else
  # Controllers update status on a real cluster; ask the server for a diff instead.
  drift=0
fi
diff_out="$run/diff.out"
diff_code=0
for env in "${environments[@]}"; do
  mapfile -t files < <(ordered_files "$repo/manifests/$env")
  args=()
  for f in "${files[@]}"; do args+=(-f "$f"); done
  kubectl diff --server-side --field-manager="$manager" "${args[@]}" >>"$diff_out" 2>&1 || diff_code=$?
done
if ((diff_code != 0)); then
  echo "e2e: kubectl diff after re-apply is not empty (exit $diff_code):" >&2
  cat "$diff_out" >&2
  drift=$((drift + $(grep -c '^diff ' "$diff_out" || true)))
  ((drift > 0)) || drift=1
fi
echo "e2e: re-applied and diffed in $((SECONDS - t)) s"

objects="$(wc -l <"$run/first")"
summary="e2e: environments applied: ${#environments[@]} (${environments[*]}) + preview in $pr_namespace; objects: $objects; CRDs: $crd_count; drift on re-apply: $drift; $((SECONDS - started)) s"
if [[ -n "${KEELSON_E2E_PULUMI:-}" ]]; then
  summary+="; $("$here/pulumi.sh")"
fi
echo "$summary"
((drift == 0))
