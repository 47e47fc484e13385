#!/usr/bin/env bash
# End-to-end check against a real API server (`npm run e2e`). For each environment:
#   1. a control plane: the cluster of $KUBECONFIG when set, otherwise etcd, kube-apiserver and
#      kubectl built from source (once, cached outside the repository) and started on loopback,
#      a fresh one per environment (each environment is its own cluster: the cluster-wide
#      operators are configured per environment);
#   2. the CRDs the platform uses, from $KEELSON_CRDS_DIR, waited on until Established;
#   3. the environment's committed manifests applied with server-side apply and strict field
#      validation (namespaces first); dev also gets the preview manifests in a PR namespace;
#   4. everything applied again: nothing may change (equal objects, empty kubectl diff);
#   5. the Pod of every workload created as a server-side dry run (PodSecurity enforcement and
#      the ServiceAccount admission plugin on real Pods).
# Then one summary line. KEELSON_E2E_ENVS="dev prod" narrows the environments.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=cluster.sh
. "$here/cluster.sh"

crds="${KEELSON_CRDS_DIR:-$repo/../shared/schemas/crds}"
manager=keelson
pr_namespace=keelson-pr-1
# Argo CD requires this exact finalizer name on Applications (it deletes an Application's
# resources only when it is present); the API server's style warning about it is expected.
argocd_finalizer_warning='metadata.finalizers: "resources-finalizer.argocd.argoproj.io": prefer a domain-qualified finalizer name'
started=$SECONDS
run="$(mktemp -d "${TMPDIR:-/tmp}/keelson-e2e.XXXXXX")"
logs="${TMPDIR:-/tmp}/keelson-e2e-logs"

finish() {
  local code=$?
  cluster_stop
  if ((code != 0)); then
    rm -rf "$logs" && mkdir -p "$logs"
    for dir in "$run"/*/; do
      for f in "$dir"*.log; do [[ ! -f "$f" ]] || cp "$f" "$logs/$(basename "$dir")-$(basename "$f")"; done
    done
    echo "e2e: FAILED (exit $code); control-plane logs in $logs" >&2
  fi
  rm -rf "$run"
  exit "$code"
}
trap finish EXIT
trap 'exit 130' INT TERM

need=(node)
[[ -n "${KUBECONFIG:-}" ]] && need+=(kubectl) || need+=(go openssl curl)
for tool in "${need[@]}"; do
  command -v "$tool" >/dev/null || {
    echo "e2e: '$tool' is needed on PATH" >&2
    exit 1
  }
done
[[ -d "$crds" ]] || {
  echo "e2e: CRD directory '$crds' does not exist (set KEELSON_CRDS_DIR)" >&2
  exit 1
}

if [[ -n "${KUBECONFIG:-}" ]]; then
  # A user's cluster (kind, k3d …): nothing is built, kubectl comes from PATH, and one
  # environment is applied (dev unless KEELSON_E2E_ENVS names another).
  local_cluster=false
  default_envs=dev
  echo "e2e: using the cluster of KUBECONFIG=$KUBECONFIG"
else
  local_cluster=true
  default_envs="$(cd "$repo/manifests" && ls -d */ | tr -d / | grep -vx preview | tr '\n' ' ')"
  t=$SECONDS
  etcd_bin="$("$here/build.sh" etcd)"
  kube_bin="$("$here/build.sh" kube)"
  echo "e2e: binaries ready in $((SECONDS - t)) s ($(cat "$kube_bin/.done"); $(cat "$etcd_bin/.done"))"
  export PATH="$kube_bin:$PATH"
fi
read -r -a environments <<<"${KEELSON_E2E_ENVS:-$default_envs}"

# Server-side apply with strict validation. Prints "<kind>/<namespace>/<name> <content hash>"
# per object; any warning other than Argo CD's finalizer one fails the run.
apply() {
  local out="$run/apply.json" err="$run/apply.err"
  if ! kubectl apply --server-side --field-manager="$manager" --validate=strict -o json "$@" >"$out" 2>"$err"; then
    cat "$err" >&2
    return 1
  fi
  no_warnings "$err"
  node "$here/objects.mjs" <"$out"
}

no_warnings() {
  if grep '^Warning:' "$1" | grep -qv "$argocd_finalizer_warning"; then
    echo "e2e: the API server returned warnings:" >&2
    cat "$1" >&2
    return 1
  fi
}

# dry_run_pods [--namespace <ns>] <dir>…: creates, as a server-side dry run, the Pod each
# workload's controller would create (see pods.mjs); prints how many were admitted.
dry_run_pods() {
  local ns_args=() err="$run/pods.err"
  if [[ "$1" == --namespace ]]; then
    ns_args=(--namespace "$2")
    shift 2
  fi
  mapfile -t files < <(find "$@" -name '*.yaml' | sort)
  node "$here/pods.mjs" "${ns_args[@]}" "${files[@]}" >"$run/pods.json"
  if ! kubectl create --dry-run=server -o name -f "$run/pods.json" >"$run/pods.out" 2>"$err"; then
    cat "$err" >&2
    return 1
  fi
  no_warnings "$err"
  wc -l <"$run/pods.out"
}

# Namespaces before the objects that live in them; file names start with the kind.
file_args() {
  local f
  for f in $(find "$@" -name 'namespace-*.yaml' | sort) $(find "$@" -name '*.yaml' ! -name 'namespace-*.yaml' | sort); do
    printf -- '-f\n%s\n' "$f"
  done
}

# apply_env <env> <out-file>: the environment's manifests (and for dev the preview ones).
apply_env() {
  local env="$1" out="$2" args
  mapfile -t args < <(file_args "$repo/manifests/$env")
  apply "${args[@]}" >"$out"
  if [[ "$env" == dev ]]; then
    mapfile -t args < <(file_args "$repo/manifests/preview")
    apply -n "$pr_namespace" "${args[@]}" >>"$out"
  fi
}

# The preview namespace is created the way the preview ApplicationSet creates it.
preview_namespace() {
  local labels
  labels="$(node -e '
    const yaml = require("yaml");
    const set = yaml.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const labels = set.spec.template.spec.syncPolicy.managedNamespaceMetadata.labels;
    console.log(Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(" "));
  ' "$repo/manifests/dev/argocd/applicationset-keelson-preview.yaml")"
  kubectl create namespace "$pr_namespace" --dry-run=client -o yaml | apply -f - >/dev/null
  # shellcheck disable=SC2086
  kubectl label namespace "$pr_namespace" --overwrite $labels >/dev/null
}

total_objects=0
total_pods=0
total_drift=0
crd_count=0
for env in "${environments[@]}"; do
  [[ -d "$repo/manifests/$env" ]] || {
    echo "e2e: no manifests/$env" >&2
    exit 1
  }
  t=$SECONDS
  if $local_cluster; then
    mkdir -p "$run/$env"
    cluster_start "$kube_bin" "$etcd_bin" "$run/$env"
  fi
  crd_count="$(apply -f "$crds" | wc -l)"
  kubectl wait --for condition=Established crd --all --timeout=120s >/dev/null
  # Argo CD's namespace belongs to the Argo CD installation, not to the platform's manifests.
  kubectl create namespace argocd --dry-run=client -o yaml | apply -f - >/dev/null
  [[ "$env" != dev ]] || preview_namespace

  apply_env "$env" "$run/$env.first"
  apply_env "$env" "$run/$env.second"
  # kube-controller-manager gives every namespace its `default` ServiceAccount: wait for it on
  # a real cluster, create it on the local control plane (which has no controllers).
  for ns in $(kubectl get namespaces -o jsonpath='{.items[*].metadata.name}'); do
    for _ in $(seq 60); do
      kubectl get serviceaccount default -n "$ns" >/dev/null 2>&1 && break
      if $local_cluster; then kubectl create serviceaccount default -n "$ns" >/dev/null; else sleep 0.5; fi
    done
  done
  pods="$(dry_run_pods "$repo/manifests/$env")"
  [[ "$env" != dev ]] || pods=$((pods + $(dry_run_pods --namespace "$pr_namespace" "$repo/manifests/preview")))
  objects="$(wc -l <"$run/$env.first")"

  drift=0
  if $local_cluster; then
    # Without controllers nothing else writes: the objects returned by both applies must be equal.
    drift="$(diff <(sort "$run/$env.first") <(sort "$run/$env.second") | grep -c '^>' || true)"
    if ((drift > 0)); then
      echo "e2e: $env: re-apply changed these objects (kind/namespace/name content hash):" >&2
      diff <(sort "$run/$env.first") <(sort "$run/$env.second") >&2 || true
    fi
  fi
  # Controllers update status on a real cluster, so the server-side diff is the check there.
  mapfile -t args < <(file_args "$repo/manifests/$env")
  if ! kubectl diff --server-side --field-manager="$manager" "${args[@]}" >"$run/$env.diff" 2>&1; then
    echo "e2e: $env: kubectl diff after re-apply is not empty:" >&2
    cat "$run/$env.diff" >&2
    changed="$(grep -c '^diff ' "$run/$env.diff" || true)"
    ((drift > changed)) || drift=$((changed > 0 ? changed : 1))
  fi
  echo "e2e: $env: $crd_count CRDs, $objects objects applied twice, $pods pods admitted (dry run), drift $drift ($((SECONDS - t)) s)"
  total_objects=$((total_objects + objects))
  total_drift=$((total_drift + drift))
  total_pods=$((total_pods + pods))
  if $local_cluster; then cluster_stop; fi
done

preview=""
[[ " ${environments[*]} " != *" dev "* ]] || preview=" + preview in $pr_namespace"
echo "e2e summary: environments applied: ${#environments[@]} (${environments[*]})$preview; objects: $total_objects; pods admitted: $total_pods; CRDs: $crd_count; pulumi resources: not run (see README); drift on re-apply: $total_drift; $((SECONDS - started)) s"
((total_drift == 0))
