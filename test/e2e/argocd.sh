# Argo CD on the local control plane, for the end-to-end check. Sourced by e2e.sh after
# cluster.sh (every process started here joins cluster_pids, so cluster_stop ends it first).
#   argocd_serve <manifests-dir> <run-dir>      the manifests in a git repository on loopback
#   argocd_start <argocd-bin> <run-dir>         Redis, repo server, application and ApplicationSet controllers
#   argocd_apps_json <file>                     the Applications, as JSON, into <file>
#   argocd_wait <what> <timeout-s> <test>       polls argocd.mjs status until the node test holds
# The binaries are the upstream multi-call binary (build.sh argocd) run under the component
# names it dispatches on; nothing here writes an Application's status.

argocd_ns=argocd

# argocd_serve <manifests-dir> <run>: a repository with one commit on `main` holding manifests/,
# every occurrence of the committed repoURL replaced by the loopback one (the applied and served
# copies only; the committed files are untouched), served read-only by `git daemon`.
# Sets argocd_repo_url, argocd_work (a clone that can push) and argocd_head.
argocd_serve() {
  local src="$1" run="$2" port real
  port="$(free_port)"
  argocd_repo_url="git://127.0.0.1:$port/keelson.git"
  argocd_work="$run/git-work"
  real="$(node -e 'console.log(require("yaml").parse(require("fs").readFileSync(process.argv[1], "utf8")).spec.source.repoURL)' \
    "$(find "$src" -path '*/bootstrap/*.yaml' | sort | head -1)")"
  mkdir -p "$argocd_work" "$run/git"
  cp -R "$src" "$argocd_work/manifests"
  REAL="$real" URL="$argocd_repo_url" find "$argocd_work/manifests" -name '*.yaml' \
    -exec perl -pi -e 's/\Q$ENV{REAL}\E/$ENV{URL}/g' {} +
  git -C "$argocd_work" init -q -b main
  git -C "$argocd_work" add manifests
  argocd_commit "manifests under test"
  git clone -q --bare "$argocd_work" "$run/git/keelson.git"
  git -C "$argocd_work" remote add origin "$run/git/keelson.git"
  git daemon --reuseaddr --listen=127.0.0.1 --port="$port" --base-path="$run/git" --export-all "$run/git" \
    >"$run/git-daemon.log" 2>&1 &
  cluster_pids+=($!)
  local deadline=$((SECONDS + 30))
  until git ls-remote "$argocd_repo_url" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then
      echo "e2e: git daemon does not serve $argocd_repo_url" >&2
      return 1
    fi
    sleep 0.5
  done
}

# argocd_commit <message>: commits the work tree and pushes it to the served repository.
argocd_commit() {
  git -C "$argocd_work" -c user.name=keelson-e2e -c user.email=e2e@keelson.invalid commit -q -a -m "$1"
  if git -C "$argocd_work" remote get-url origin >/dev/null 2>&1; then git -C "$argocd_work" push -q origin main; fi
  argocd_head="$(git -C "$argocd_work" rev-parse HEAD)"
}

# argocd_start <argocd-bin> <run>: the components of Argo CD's core install (no API server, no UI)
# as the upstream local setup runs them (Procfile: ARGOCD_FAKE_IN_CLUSTER=true, which makes the
# in-cluster destination https://kubernetes.default.svc use $KUBECONFIG), plus Argo CD's own
# ConfigMaps and Secret from its manifests/core-install.yaml, and the `default` AppProject the
# API server creates at start (server/server.go initializeDefaultProject), which the bootstrap
# Application uses.
argocd_start() {
  local bin="$1" run="$2" install redis_port repo_port
  install="$("$here/build.sh" module-dir "github.com/argoproj/argo-cd/v3@$ARGOCD_VERSION")/manifests/core-install.yaml"
  kubectl create namespace "$argocd_ns" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  node "$here/argocd.mjs" settings "$install" | kubectl apply -n "$argocd_ns" -f - >/dev/null
  kubectl apply -f - >/dev/null <<PROJECT
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: { name: default, namespace: $argocd_ns }
spec:
  sourceRepos: ["*"]
  destinations: [{ server: "*", namespace: "*" }]
  clusterResourceWhitelist: [{ group: "*", kind: "*" }]
PROJECT

  mkdir -p "$run/argocd/tmp" "$run/argocd/tls" "$run/argocd/ssh" "$run/argocd/gpg" "$run/argocd/home"
  redis_port="$(free_port)"
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --protected-mode yes \
    --dir "$run/argocd" >"$run/redis.log" 2>&1 &
  cluster_pids+=($!)
  repo_port="$(free_port)"
  local env=(
    PATH="$bin:$PATH" ARGOCD_FAKE_IN_CLUSTER=true ARGOCD_GPG_ENABLED=false HOME="$run/argocd/home" TMPDIR="$run/argocd/tmp"
    ARGOCD_TLS_DATA_PATH="$run/argocd/tls" ARGOCD_SSH_DATA_PATH="$run/argocd/ssh" ARGOCD_GNUPGHOME="$run/argocd/gpg"
  )
  env "${env[@]}" "$bin/argocd-repo-server" --address 127.0.0.1 --port "$repo_port" \
    --metrics-address 127.0.0.1 --metrics-port "$(free_port)" --redis "127.0.0.1:$redis_port" \
    --logformat json >"$run/argocd-repo-server.log" 2>&1 &
  cluster_pids+=($!)
  # Debug level: gitops-engine logs each applied wave only there (argocd.mjs waves). Resource
  # health is kept in the Application's status (the default keeps it in Redis only), so the
  # check reads which resources hold an Application back.
  env "${env[@]}" "$bin/argocd-application-controller" --namespace "$argocd_ns" \
    --redis "127.0.0.1:$redis_port" --repo-server "127.0.0.1:$repo_port" \
    --persist-resource-health=true \
    --metrics-port "$(free_port)" --loglevel debug --logformat json >"$run/argocd-application-controller.log" 2>&1 &
  cluster_pids+=($!)
  # The pull-request generator needs a forge API: SCM providers are disabled (the committed
  # ApplicationSet then reports an error and generates nothing; no request leaves the machine).
  env "${env[@]}" "$bin/argocd-applicationset-controller" --namespace "$argocd_ns" \
    --argocd-repo-server "127.0.0.1:$repo_port" --enable-scm-providers=false \
    --metrics-addr "127.0.0.1:$(free_port)" --probe-addr "127.0.0.1:$(free_port)" --webhook-addr "127.0.0.1:$(free_port)" \
    --logformat json >"$run/argocd-applicationset-controller.log" 2>&1 &
  cluster_pids+=($!)
}

# argocd_objects <application> <namespace>: "<kind>/<name> <generation> <hash of labels,
# annotations, spec and data>" of every object the Application manages.
argocd_objects() {
  local refs
  refs="$(kubectl get application.argoproj.io -n "$argocd_ns" "$1" -o json |
    node -e 'for (const r of JSON.parse(require("fs").readFileSync(0, "utf8")).status.resources ?? []) console.log(`${r.kind}.${r.group || ""}/${r.name}`.replace("./", "/"))')"
  # shellcheck disable=SC2086
  kubectl get -n "$2" $refs -o json | node -e '
    const { createHash } = require("crypto");
    const l = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const o of l.items ?? [l]) {
      const { labels, annotations } = o.metadata;
      const hash = createHash("sha256").update(JSON.stringify({ labels, annotations, spec: o.spec, data: o.data })).digest("hex").slice(0, 16);
      console.log(`${o.kind}/${o.metadata.name} ${o.metadata.generation ?? "-"} ${hash}`);
    }' | sort
}

argocd_apps_json() {
  kubectl get applications.argoproj.io -n "$argocd_ns" -o json >"$1"
}

# argocd_wait <what> <timeout-s> <js-test on the status summary `s`>: fails with the summary of
# every Application (and the tail of the controllers' logs) when the test does not hold in time.
argocd_wait() {
  local what="$1" timeout="$2" test="$3" run="${argocd_run:?}" deadline=$((SECONDS + $2))
  while :; do
    argocd_apps_json "$run/apps.json"
    node "$here/argocd.mjs" status "$run/expected.json" <"$run/apps.json" >"$run/status.json"
    if node -e "const s = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); process.exit(($test) ? 0 : 1)" "$run/status.json"; then
      return 0
    fi
    if ((SECONDS > deadline)); then
      echo "e2e: argocd: $what not reached in $timeout s; Applications:" >&2
      node -e 'for (const a of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).apps) console.error(JSON.stringify(a))' "$run/status.json"
      return 1
    fi
    sleep 3
  done
}

# argocd_refresh <application>: asks the controller for a hard refresh, the way the CLI's
# `argocd app get --hard-refresh` does (the refresh annotation, which the controller removes).
argocd_refresh() {
  kubectl annotate application.argoproj.io -n "$argocd_ns" "$1" --overwrite argocd.argoproj.io/refresh=hard >/dev/null
}

# argocd_sync <application> <revision>: requests a sync operation the way Argo CD's API server
# does (it sets the Application's `operation`; the controller runs it and records operationState).
argocd_sync() {
  kubectl patch application.argoproj.io -n "$argocd_ns" "$1" --type merge -p \
    "{\"operation\":{\"initiatedBy\":{\"username\":\"keelson-e2e\"},\"sync\":{\"revision\":\"$2\",\"prune\":true}}}" >/dev/null
}

# argocd_env <env> <run> <argocd-bin>: on a cluster whose workloads run (e2e.sh workload_cluster),
# Argo CD syncs the environment from the served repository:
#   1. the bootstrap root Application is applied; every Application it leads to is created, and
#      every one that does not need a remote Helm chart must become Synced (operation Succeeded)
#      and Healthy, or be held back only by kinds whose operator is one of the upstream charts;
#   2. for an environment with the preview ApplicationSet (dev), a copy of it with a list
#      generator in place of the pull-request one creates keelson-preview-1, which must sync
#      into its own namespace under its own AppProject;
#   3. the waves the controller applied are checked against the manifests (argocd.mjs waves);
#   4. data rules: a data holder's manifest (Prune=false,Delete=false) is removed from the served
#      repository and the automated sync (prune on) keeps the object (PruneSkipped; Argo CD then
#      shows it OutOfSync, as its docs say for Prune=false); its manifest restored, the
#      Application is Synced with nothing OutOfSync, and a sync with no change changes nothing.
# Sets argocd_synced, argocd_local, argocd_waiting, argocd_healthy, argocd_upstream, argocd_kept,
# argocd_changes.
argocd_env() {
  local env="$1" run="$2" bin="$3" local_apps status
  argocd_run="$run"
  argocd_serve "$repo/manifests" "$run"
  argocd_start "$bin" "$run"
  node "$here/argocd.mjs" expect "$argocd_work" "$env" >"$run/expected.json"
  kubectl apply --server-side --field-manager="$manager" -f "$argocd_work/manifests/$env/bootstrap" >/dev/null

  local appset preview=""
  appset="$(find "$argocd_work/manifests/$env/argocd" -name 'applicationset-*.yaml' | sort | head -1)"
  if [[ -n "$appset" ]]; then
    # After the root Application has created the previews' AppProject, which the generated
    # Application names (the ApplicationSet controller retries a missing one only minutes later).
    local project deadline=$((SECONDS + 300))
    project="$(node -e 'console.log(require("yaml").parse(require("fs").readFileSync(process.argv[1], "utf8")).spec.template.spec.project)' "$appset")"
    until kubectl get appproject.argoproj.io -n "$argocd_ns" "$project" >/dev/null 2>&1; do
      if ((SECONDS > deadline)); then
        echo "e2e: argocd: AppProject $project not created in 300 s" >&2
        return 1
      fi
      sleep 2
    done
    node "$here/argocd.mjs" appset "$appset" keelson-preview-e2e 1 "$argocd_head" |
      kubectl apply --server-side --field-manager="$manager" -f - >/dev/null
    preview=keelson-preview-1
    # The generated Application, created by the ApplicationSet the root Application syncs.
    node -e '
      const [file, dir] = process.argv.slice(1);
      const e = JSON.parse(require("fs").readFileSync(file, "utf8"));
      e.push({ name: "keelson-preview-1", path: dir, upstream: false });
      require("fs").writeFileSync(file, JSON.stringify(e));' "$run/expected.json" "manifests/$env/argocd"
  fi
  local_apps="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).filter((a) => !a.upstream).length)' "$run/expected.json")"
  argocd_wait "every Application created and synced" 900 "s.ready"
  status="$run/status.json"

  if [[ -n "$preview" ]]; then
    # The generated Application: its own AppProject and namespace, created with the labels the
    # template's managedNamespaceMetadata gives.
    node -e '
      const [file, name, appset] = process.argv.slice(1);
      const set = require("yaml").parse(require("fs").readFileSync(appset, "utf8"));
      const a = JSON.parse(require("fs").readFileSync(file, "utf8")).apps.find((x) => x.name === name);
      const want = set.spec.template.spec;
      if (!a || a.project !== want.project || a.namespace !== `keelson-pr-1`) {
        console.error(`e2e: argocd: ${name} is not in project ${want.project} and namespace keelson-pr-1: ${JSON.stringify(a)}`);
        process.exit(1);
      }' "$status" "$preview" "$appset"
    local labels
    labels="$(kubectl get namespace keelson-pr-1 -o json | node -e '
      const ns = JSON.parse(require("fs").readFileSync(0, "utf8"));
      const set = require("yaml").parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const want = set.spec.template.spec.syncPolicy.managedNamespaceMetadata.labels;
      const missing = Object.entries(want).filter(([k, v]) => ns.metadata.labels?.[k] !== v);
      console.log(missing.map(([k, v]) => `${k}=${v}`).join(" "));' "$appset")"
    if [[ -n "$labels" ]]; then
      echo "e2e: argocd: namespace keelson-pr-1 lacks the labels $labels" >&2
      return 1
    fi
  fi

  # The waves, from the controller's own log of what it applied.
  argocd_apps_json "$run/apps.json"
  node "$here/argocd.mjs" waves "$run/argocd-application-controller.log" "$argocd_work" "$run/apps.json" >"$run/waves.json"
  node -e '
    const w = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const [app, order] of Object.entries(w.order)) console.log(`e2e: argocd ${process.argv[2]}: ${app} applied waves ${order.join(" → ")}`);
    for (const e of w.errors) console.error(`e2e: argocd waves: ${e}`);
    process.exit(w.errors.length ? 1 : 0);' "$run/waves.json" "$env" >>"$run/waves.txt" || {
    cat "$run/waves.txt" >&2
    return 1
  }

  read -r argocd_synced argocd_local argocd_waiting argocd_healthy argocd_upstream < <(node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const name of s.notCreated) console.error(`e2e: argocd ${process.argv[2]}: ${name}: not created offline (the Application that creates it waits)`);
    for (const a of s.apps) {
      const state = a.upstream ? `needs a remote chart: ${a.conditions.join("; ")}` : `${a.sync}, ${a.health}${a.waitingOffline ? `, waiting: ${a.message}` : ""}${a.holding.length ? `; held back offline: ${a.holding.join(", ")}` : ""}`;
      console.error(`e2e: argocd ${process.argv[2]}: ${a.name}: ${state}`);
    }
    console.log(s.synced, s.local, s.waiting, s.healthy, s.upstream - s.upstreamSynced);' "$status" "$env" 2>>"$run/waves.txt")
  ((argocd_local == local_apps)) || {
    echo "e2e: argocd: $argocd_local Applications without a remote chart; the manifests hold $local_apps" >&2
    return 1
  }
  argocd_data_rules "$env" "$run"
}

# argocd_data_rules <env> <run>: see argocd_env, step 4. The data holder is a non-Namespace object
# carrying Prune=false,Delete=false in the first of these charts whose Application finished its
# sync (offline, a chart whose ExternalSecrets wait for their operator never creates its data):
# es-sync (a StatefulSet, or its claim), messaging (Kafka), ci, logging.
argocd_data_rules() {
  local env="$1" run="$2" app="" file="" kind name ns uid before chart dir
  for chart in es-sync messaging ci logging; do
    dir="manifests/$env/$chart"
    [[ -d "$argocd_work/$dir" ]] || continue
    app="$(node -e '
      const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const items = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8")).items;
      const a = items.find((x) => x.spec.source?.path === process.argv[3]);
      const st = a && s.apps.find((x) => x.name === a.metadata.name);
      console.log(st && st.phase === "Succeeded" && st.sync === "Synced" ? a.metadata.name : "");' "$run/status.json" "$run/apps.json" "$dir")"
    file="$(cd "$argocd_work" && grep -l 'argocd.argoproj.io/sync-options: .*Prune=false,Delete=false' "$dir"/*.yaml |
      grep -v '/namespace-' | sort | tail -1 || true)"
    [[ -z "$app" || -z "$file" ]] || break
    app=""
  done
  if [[ -z "$app" ]]; then
    echo "e2e: argocd: $env: no chart holding data finished its sync offline; data rules not checked" >&2
    argocd_kept=0 argocd_changes=0
    return 0
  fi
  read -r kind name < <(node -e '
    const o = require("yaml").parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(o.kind, o.metadata.name);' "$argocd_work/$file")
  ns="$(kubectl get application.argoproj.io -n "$argocd_ns" "$app" -o jsonpath='{.spec.destination.namespace}')"
  uid="$(kubectl get "$kind" -n "$ns" "$name" -o jsonpath='{.metadata.uid}')"

  git -C "$argocd_work" rm -q "$file"
  argocd_commit "remove the manifest of $kind $name"
  argocd_refresh "$app"
  argocd_wait "$app synced at the revision without $kind $name" 300 \
    "s.apps.some((a) => a.name === '$app' && a.syncedRevision === '$argocd_head' && a.phase === 'Succeeded')"
  node -e '
    const [file, app, kind, name] = process.argv.slice(1);
    const a = JSON.parse(require("fs").readFileSync(file, "utf8")).apps.find((x) => x.name === app);
    const r = a.results.find((x) => x.kind === kind && x.name === name);
    if (!r || r.status !== "PruneSkipped") {
      console.error(`e2e: argocd: the sync of ${app} did not skip pruning ${kind} ${name}: ${JSON.stringify(r)}`);
      process.exit(1);
    }
    console.log(`e2e: argocd: ${app} without the manifest of ${kind} ${name}: ${r.status} (${r.message}); Application ${a.sync}, OutOfSync: ${a.outOfSync.join(" ") || "none"}`);' \
    "$run/status.json" "$app" "$kind" "$name"
  if [[ "$(kubectl get "$kind" -n "$ns" "$name" -o jsonpath='{.metadata.uid}')" != "$uid" ]]; then
    echo "e2e: argocd: $kind $name was removed or replaced" >&2
    return 1
  fi
  argocd_kept=1

  git -C "$argocd_work" checkout -q HEAD~1 -- "$file"
  argocd_commit "restore the manifest of $kind $name"
  argocd_refresh "$app"
  # The kept object equals its manifest again: Synced at the new revision without an operation
  # (automated sync runs only for an OutOfSync Application).
  argocd_wait "$app synced again with $kind $name" 300 \
    "s.apps.some((a) => a.name === '$app' && a.revision === '$argocd_head' && a.sync === 'Synced' && a.outOfSync.length === 0)"
  # A sync with no change: every object of the Application is stored unchanged (kubectl's
  # client-side apply, which Argo CD runs, reports a StatefulSet "configured" whenever its
  # volumeClaimTemplates differ from the defaulted live ones, even when the server then stores
  # nothing new, so the stored objects are what is compared).
  argocd_objects "$app" "$ns" >"$run/objects.before"
  before="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).apps.find((a) => a.name === process.argv[2]).finishedAt)' "$run/status.json" "$app")"
  argocd_sync "$app" "$argocd_head"
  argocd_wait "a second sync of $app" 300 \
    "s.apps.some((a) => a.name === '$app' && a.finishedAt !== '$before' && a.phase === 'Succeeded')"
  argocd_objects "$app" "$ns" >"$run/objects.after"
  argocd_changes="$(diff "$run/objects.before" "$run/objects.after" | grep -c '^>' || true)"
  if ((argocd_changes > 0)) || ! node -e '
    const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).apps.find((x) => x.name === process.argv[2]);
    process.exit(a.sync === "Synced" && a.outOfSync.length === 0 ? 0 : 1);' "$run/status.json" "$app"; then
    echo "e2e: argocd: $app: a sync with no change changed or left OutOfSync (kind/name generation hash):" >&2
    diff "$run/objects.before" "$run/objects.after" >&2 || true
    ((argocd_changes > 0)) || argocd_changes=1
  fi
  if [[ "$(kubectl get "$kind" -n "$ns" "$name" -o jsonpath='{.metadata.uid}')" != "$uid" ]]; then
    echo "e2e: argocd: $kind $name was replaced" >&2
    return 1
  fi
}
