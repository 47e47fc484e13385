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
# Then, on the local control plane, the Pulumi path (test/e2e/pulumi-stack.ts), per environment
# on a fresh cluster whose workloads run: kube-controller-manager, kube-scheduler, kwok (one
# simulated node), MetalLB's controller (LoadBalancer addresses from the environment's pool;
# for OpenELB-backed environments a stand-in allocator, see the README) and a host-path
# StorageClass named like the environment's; the real program is driven inline through the
# Automation API (up, re-up, one-value preview, equivalence with the committed manifests,
# destroy keeping data); dev also runs the preview stack pr-1.
# Then Argo CD (test/e2e/argocd.sh), per environment on another such cluster: the real
# application, ApplicationSet controllers and repo server (built from source), Redis, and the
# manifests served by `git daemon` on loopback; the bootstrap Application syncs everything,
# the waves applied are checked against the manifests, the data rules against the real
# controller, and for dev the preview ApplicationSet's template through a list generator.
# Then one summary line. KEELSON_E2E_ENVS="dev prod" narrows the environments.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=versions.env
. "$here/versions.env"
# shellcheck source=cluster.sh
. "$here/cluster.sh"
# shellcheck source=argocd.sh
. "$here/argocd.sh"

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
    # Control-plane logs (<env>/x.log) and the Pulumi engine's (pulumi-<env>/<stack>/<stack>.log).
    while IFS= read -r f; do
      rel="${f#"$run"/}"
      cp "$f" "$logs/${rel//\//-}"
    done < <(find "$run" -name '*.log' -type f)
    echo "e2e: FAILED (exit $code); control-plane logs in $logs" >&2
  fi
  rm -rf "$run"
  exit "$code"
}
trap finish EXIT
trap 'exit 130' INT TERM

need=(node)
[[ -n "${KUBECONFIG:-}" ]] && need+=(kubectl) || need+=(go openssl curl git perl)
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
  kwok_bin="$("$here/build.sh" kwok)"
  metallb_bin="$("$here/build.sh" metallb)"
  pulumi_bin="$("$here/build.sh" pulumi)"
  provider_bin="$("$here/build.sh" pulumi-kubernetes)"
  argocd_bin="$("$here/build.sh" argocd)"
  built=()
  for b in "$kube_bin" "$etcd_bin" "$kwok_bin" "$metallb_bin" "$pulumi_bin" "$provider_bin" "$argocd_bin"; do built+=("$(cat "$b/.done")"); done
  # Argo CD's cache is Redis; Debian's package, installed when missing (CI runs as root).
  if ! command -v redis-server >/dev/null; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
      apt-get install -y -q redis-server >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q redis-server >/dev/null; }
    else
      echo "e2e: 'redis-server' is needed on PATH (Debian: apt-get install redis-server)" >&2
      exit 1
    fi
  fi
  echo "e2e: binaries ready in $((SECONDS - t)) s ($(IFS=';' && echo "${built[*]}"))"
  # The engine finds the provider on PATH (an ambient plugin; see the README about its version).
  export PATH="$kube_bin:$pulumi_bin:$provider_bin:$PATH"
  # kwok's stage configurations and MetalLB's CRDs, read from the modules the builds downloaded.
  kwok_stages="$("$here/build.sh" module-dir "sigs.k8s.io/kwok@$KWOK_VERSION")/kustomize/stage"
  metallb_crds="$("$here/build.sh" module-dir "go.universe.tf/metallb@$METALLB_VERSION")/config/crd/bases"
fi
read -r -a environments <<<"${KEELSON_E2E_ENVS:-$default_envs}"
# KEELSON_E2E_STEPS narrows the checks (kubectl, pulumi, argocd; all by default).
steps="${KEELSON_E2E_STEPS:-kubectl pulumi argocd}"

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
  [[ " $steps " == *" kubectl "* ]] || break
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

# workload_cluster <env> <dir>: a fresh control plane whose workloads run (controllers, scheduler,
# kwok, MetalLB's controller) with the CRDs, the environment's StorageClass and its pool.
workload_cluster() {
  local env="$1" dir="$2" storage_class pool
  mkdir -p "$dir"
  cluster_start "$kube_bin" "$etcd_bin" "$dir"
  apply -f "$crds" >/dev/null
  kubectl wait --for condition=Established crd --all --timeout=120s >/dev/null
  cluster_controllers_start "$kube_bin" "$kwok_bin" "$metallb_bin" "$kwok_stages" "$metallb_crds" "$dir"
  # The environment's StorageClass (the one its claims name) and its pool's addresses.
  storage_class="$(grep -rh 'storageClassName:' "$repo/manifests/$env" | awk '{print $2}' | sort -u | head -1)"
  pool="$(node -e '
    const yaml = require("yaml"), fs = require("fs"), path = require("path");
    const dir = path.join(process.argv[1], "network");
    const [eip] = fs.readdirSync(dir).filter((f) => f.startsWith("eip-")).map((f) => yaml.parse(fs.readFileSync(path.join(dir, f), "utf8")));
    console.log(eip.spec.address);
  ' "$repo/manifests/$env")"
  cluster_storage_class "$storage_class"
  # OpenELB is not served by the module proxy: MetalLB's controller allocates from the same
  # pool in its place (a stand-in allocator; OpenELB's fixed-address annotation is not honoured).
  cluster_address_pool "$env-pool" "$pool"
}

# The Pulumi path, on a cluster whose workloads run (local control plane only).
pulumi_objects=0
pulumi_changes=0
pulumi_kept=0
pods_ready=0
pods_total=0
releases_offline=0
external_offline=0
pulumi_stacks=()
pulumi_summary="pulumi: not run (KUBECONFIG cluster or KEELSON_E2E_STEPS)"
if $local_cluster && [[ " $steps " == *" pulumi "* ]]; then
  (cd "$repo" && node_modules/.bin/esbuild test/e2e/pulumi-stack.ts --bundle --platform=node --target=node20 --format=cjs \
    --packages=external --log-level=warning --outfile=dist/e2e-pulumi-stack.js)
  for env in "${environments[@]}"; do
    t=$SECONDS
    workload_cluster "$env" "$run/pulumi-$env"
    stacks=("$env")
    [[ "$env" != dev ]] || stacks+=(pr-1)
    for stack in "${stacks[@]}"; do
      if [[ "$stack" == pr-* ]]; then
        result="$(node "$repo/dist/e2e-pulumi-stack.js" preview "$stack" "$run/pulumi-$env/$stack" "$repo/manifests/preview" "keelson-$stack")"
      else
        result="$(node "$repo/dist/e2e-pulumi-stack.js" "$env" "$stack" "$run/pulumi-$env/$stack" "$repo/manifests/$env")"
      fi
      read -r objects changes kept ready pods offline external < <(node -e '
        const r = JSON.parse(process.argv[1]);
        console.log(r.objects, r.reUpChanges, r.kept, r.ready, r.pods, r.releasesNotApplied, r.externalSecrets);
      ' "$result")
      pulumi_objects=$((pulumi_objects + objects))
      pulumi_changes=$((pulumi_changes + changes))
      pulumi_kept=$((pulumi_kept + kept))
      pods_ready=$((pods_ready + ready))
      pods_total=$((pods_total + pods))
      releases_offline=$((releases_offline + offline))
      external_offline=$((external_offline + external))
      pulumi_stacks+=("$stack")
    done
    echo "e2e: pulumi $env: ${stacks[*]} done ($((SECONDS - t)) s)"
    cluster_stop
  done
  pulumi_summary="pulumi stacks: ${#pulumi_stacks[@]} (${pulumi_stacks[*]}); pulumi up: $pulumi_objects resources; pulumi re-up changes: $pulumi_changes; pulumi destroy kept: $pulumi_kept data objects; pods ready: $pods_ready/$pods_total; releases not applied offline: $releases_offline; ExternalSecrets left to the operator offline: $external_offline; load balancer: MetalLB controller (stand-in for OpenELB)"
fi

# Argo CD, on a cluster whose workloads run (local control plane only; see argocd.sh).
synced_total=0
local_total=0
waiting_total=0
healthy_total=0
upstream_total=0
kept_total=0
resync_changes=0
argocd_summary="argocd: not run (KUBECONFIG cluster or KEELSON_E2E_STEPS)"
if $local_cluster && [[ " $steps " == *" argocd "* ]]; then
  : >"$run/waves.txt"
  for env in "${environments[@]}"; do
    t=$SECONDS
    workload_cluster "$env" "$run/argocd-$env"
    argocd_env "$env" "$run/argocd-$env" "$argocd_bin"
    cat "$run/argocd-$env/waves.txt"
    synced_total=$((synced_total + argocd_synced))
    local_total=$((local_total + argocd_local))
    waiting_total=$((waiting_total + argocd_waiting))
    healthy_total=$((healthy_total + argocd_healthy))
    upstream_total=$((upstream_total + argocd_upstream))
    kept_total=$((kept_total + argocd_kept))
    resync_changes=$((resync_changes + argocd_changes))
    echo "e2e: argocd $env: $argocd_synced/$argocd_local Applications synced, $argocd_waiting waiting on upstream-chart operators, $argocd_healthy healthy, $argocd_upstream upstream charts not synced offline ($((SECONDS - t)) s)"
    cluster_stop
  done
  # Reaching here means every wave check passed (argocd_env fails otherwise).
  argocd_summary="argocd synced: $synced_total/$local_total applications; argocd waiting on upstream-chart operators offline: $waiting_total; argocd healthy: $healthy_total/$local_total; argocd upstream charts not synced offline: $upstream_total; argocd waves: ok; argocd prune skipped, data kept: $kept_total; argocd re-sync changes: $resync_changes"
fi

preview=""
[[ " ${environments[*]} " != *" dev "* ]] || preview=" + preview in $pr_namespace"
echo "e2e summary: environments applied: ${#environments[@]} (${environments[*]})$preview; objects: $total_objects; pods admitted: $total_pods; CRDs: $crd_count; $pulumi_summary; $argocd_summary; drift on re-apply: $total_drift; $((SECONDS - started)) s"
((total_drift == 0 && pulumi_changes == 0 && resync_changes == 0 && synced_total + waiting_total == local_total))
