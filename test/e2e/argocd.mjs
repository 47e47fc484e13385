// Helpers of the Argo CD step of the end-to-end check (argocd.sh). Each subcommand reads files
// or `kubectl get -o json` output and prints what the shell needs; none of them writes to the
// cluster or touches a status.
//   settings <core-install.yaml>             Argo CD's own ConfigMaps and Secret, from its install manifests
//   appset <applicationset.yaml> <name> <number> <head_sha>
//                                            the committed ApplicationSet with a list generator
//   expect <served-repo> <env>               the Applications the environment's manifests hold
//   status [expected.json]                   (stdin: Applications) one JSON summary
//   waves <controller-log> <served-repo> <applications.json>
//                                            the waves the controller applied, checked against the manifests
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const [command, ...args] = process.argv.slice(2);
const stdin = () => readFileSync(0, 'utf8');
const WAVE = 'argocd.argoproj.io/sync-wave';

/** Argo CD v3.6.1 manifests/core-install.yaml: the settings objects its components read. */
function settings([file]) {
  const items = parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS())
    .filter((o) => o && (o.kind === 'ConfigMap' || o.kind === 'Secret'));
  console.log(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
}

/**
 * The committed preview ApplicationSet with its pullRequest generator replaced by a list
 * generator giving the same parameters (`number`, `head_sha`, the fields of Argo CD's pull
 * request generator that the template uses): the template itself is left untouched.
 */
function appset([file, name, number, headSha]) {
  const set = parse(readFileSync(file, 'utf8'));
  if (!set.spec.generators.some((g) => g.pullRequest)) throw new Error(`${file}: no pullRequest generator`);
  set.metadata = { name, namespace: set.metadata.namespace, labels: set.metadata.labels };
  set.spec.generators = [{ list: { elements: [{ number, head_sha: headSha }] } }];
  console.log(JSON.stringify(set));
}

/**
 * The Applications an environment's manifests hold (the root one, the ones it syncs, theirs):
 * name, the folder that holds it (the source path of the Application that creates it) and
 * whether it needs a remote chart.
 */
function expect([root, env]) {
  const apps = [];
  const walk = (rel) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(rel, e.name));
      else if (e.name.endsWith('.yaml')) {
        for (const doc of parseAllDocuments(readFileSync(join(root, rel, e.name), 'utf8'))) {
          const o = doc.toJS();
          if (o?.kind === 'Application') apps.push({ name: o.metadata.name, path: rel, upstream: upstream(o) });
        }
      }
    }
  };
  walk(join('manifests', env));
  console.log(JSON.stringify(apps));
}

/** A chart Application whose source is a Helm chart from a remote repository (needs the network). */
const upstream = (app) => [app.spec.source, ...(app.spec.sources ?? [])].some((s) => s && s.chart);

/**
 * What holds a resource's health back offline: an operator installed from an upstream Helm chart
 * (which the repo server cannot fetch offline) writes its status, or serves an API it needs.
 * Each entry is the real program's health rule: Argo CD v3.6.1 resource_customizations
 * (kafka.strimzi.io/*, external-secrets.io/ExternalSecret: Progressing until the operator
 * reports Ready), gitops-engine's HPA health (Degraded while the metrics API is missing), the
 * ApplicationSet health (Degraded while its generator fails: no forge API here).
 */
const OFFLINE = [
  { group: 'kafka.strimzi.io', why: 'Strimzi' },
  { group: 'external-secrets.io', why: 'External Secrets Operator' },
  { group: 'network.kubesphere.io', why: 'OpenELB' },
  { kind: 'HorizontalPodAutoscaler', message: /metrics\.k8s\.io/, why: 'metrics-server' },
  { kind: 'ApplicationSet', message: /scm providers are disabled/, why: 'pull-request generator (no forge API)' },
];
const offlineCause = (r) =>
  OFFLINE.find((o) => (!o.group || o.group === r.group) && (!o.kind || o.kind === r.kind) && (!o.message || o.message.test(r.health?.message ?? '')));

/**
 * Per Application: sync and health status, the operation phase, and, when it is not Healthy or
 * its operation waits, whether everything holding it back is waiting on an operator from an
 * upstream chart (offlineCause). A wave whose resources never become Healthy keeps the
 * operation Running ("waiting for healthy state of ..."), so the later waves are not applied.
 */
function status([expectedFile]) {
  const items = JSON.parse(stdin()).items;
  const apps = items.map((a) => {
    const resources = a.status?.resources ?? [];
    const notHealthy = resources.filter((r) => r.health && r.health.status !== 'Healthy' && r.health.status !== 'Missing');
    const offline = notHealthy.length > 0 && notHealthy.every(offlineCause);
    const op = a.status?.operationState;
    const health = a.status?.health?.status ?? 'Unknown';
    return {
      name: a.metadata.name,
      path: a.spec.source?.path,
      project: a.spec.project,
      namespace: a.spec.destination?.namespace,
      upstream: upstream(a),
      sync: a.status?.sync?.status ?? 'Unknown',
      revision: a.status?.sync?.revision ?? '',
      health,
      phase: op?.phase ?? '',
      message: op?.message ?? '',
      finishedAt: op?.finishedAt ?? '',
      syncedRevision: op?.syncResult?.revision ?? '',
      results: (op?.syncResult?.resources ?? []).map((r) => ({ kind: r.kind, name: r.name, status: r.status, message: r.message })),
      outOfSync: resources.filter((r) => r.status !== 'Synced').map((r) => `${r.kind}/${r.name}`),
      holding: notHealthy.map((r) => `${r.kind}/${r.name}: ${r.health.status} (${offlineCause(r)?.why ?? r.health.message ?? ''})`),
      healthyOrOffline: health === 'Healthy' || offline,
      waitingOffline: op?.phase === 'Running' && /^waiting for healthy state of /.test(op.message ?? '') && offline,
      conditions: (a.status?.conditions ?? []).map((c) => `${c.type}: ${c.message}`),
    };
  });
  // An expected Application not created yet is missing, unless the Application that creates it
  // waits offline on an earlier wave: then it is not created offline (counted with its parent).
  const expected = expectedFile ? JSON.parse(readFileSync(expectedFile, 'utf8')) : [];
  const absent = expected.filter((e) => !apps.some((a) => a.name === e.name));
  const notCreated = absent.filter((e) => apps.some((a) => a.path === e.path && a.waitingOffline));
  const missing = absent.filter((e) => !notCreated.includes(e)).map((e) => e.name);
  const local = apps.filter((a) => !a.upstream);
  const synced = local.filter((a) => a.sync === 'Synced' && a.phase === 'Succeeded');
  const waiting = local.filter((a) => a.waitingOffline);
  const localNotCreated = notCreated.filter((e) => !e.upstream).length;
  console.log(
    JSON.stringify({
      apps,
      missing,
      notCreated: notCreated.map((e) => e.name),
      local: local.length + localNotCreated,
      synced: synced.length,
      waiting: waiting.length + localNotCreated,
      healthy: local.filter((a) => a.health === 'Healthy').length,
      upstream: apps.filter((a) => a.upstream).length + notCreated.filter((e) => e.upstream).length,
      upstreamSynced: apps.filter((a) => a.upstream && a.sync === 'Synced').length,
      ready: expected.length > 0 && missing.length === 0 && synced.length + waiting.length === local.length && synced.every((a) => a.healthyOrOffline),
    }),
  );
}

const PHASES = ['PreSync', 'Sync', 'PostSync', 'SyncFail', 'PostDelete'];
const groupOf = (apiVersion) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** The wave each object of an Application's source declares (annotation, default 0). */
function declaredWaves(repo, app) {
  const source = app.spec.source;
  const root = join(repo, source.path);
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory() && source.directory?.recurse) walk(join(dir, e.name));
      else if (e.isFile() && /\.ya?ml$/.test(e.name)) files.push(join(dir, e.name));
    }
  };
  walk(root);
  const waves = new Map();
  for (const f of files) {
    for (const d of parseAllDocuments(readFileSync(f, 'utf8'))) {
      const o = d.toJS();
      if (!o) continue;
      waves.set(`${groupOf(o.apiVersion)}/${o.kind}/${o.metadata.name}`, Number(o.metadata.annotations?.[WAVE] ?? 0));
    }
  }
  return waves;
}

/**
 * gitops-engine v3.6.1 (pkg/sync/sync_context.go, Sync) logs at debug level, for every pass that
 * applies something, "Wet-run" with the tasks of exactly one phase and wave, each printed by
 * syncTask.String (pkg/sync/sync_task.go) as "<phase>/<wave> resource <group>/<kind>:<ns>/<name>
 * <live>-><target> (...)". The order of those lines per Application is the order waves were
 * applied. The first operation of each Application must apply every declared wave, lowest
 * first, each with exactly the objects that declare it; every later pass must apply objects at
 * their declared wave, in ascending order within an operation. Before its dry run an operation
 * applies the destination Namespace when the manifests hold it, logged "Creating namespace"
 * (sync_context.go, getNamespaceCreationTask): that is its first pass. The Namespace Argo CD
 * creates for CreateNamespace=true is a PreSync task of its own and is not in the manifests.
 */
function waves([log, repo, appsFile]) {
  const apps = new Map(JSON.parse(readFileSync(appsFile, 'utf8')).items.map((a) => [a.metadata.name, a]));
  const task = /(\w+)\/(-?\d+) (resource|hook) ([^/\s]*)\/([^:\s]+):([^/\s]*)\/(\S+) (obj|nil)->(obj|nil)/g;
  const passes = new Map();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (!line.includes('"Wet-run"') && !line.includes('"Creating namespace"')) continue;
    const entry = JSON.parse(line);
    if (!apps.has(entry.application)) continue;
    const logged = entry.msg === 'Wet-run' ? entry.tasks : entry.msg === 'Creating namespace' ? entry.task : undefined;
    if (logged === undefined) continue;
    const tasks = [...logged.matchAll(task)].map((m) => ({
      phase: m[1],
      wave: Number(m[2]),
      key: `${m[4]}/${m[5]}/${m[7]}`,
      prune: m[9] === 'nil',
    }));
    if (tasks.length === 0) continue;
    if (!passes.has(entry.application)) passes.set(entry.application, []);
    passes.get(entry.application).push(tasks);
  }
  const errors = [];
  const order = {};
  for (const [name, app] of apps) {
    if (upstream(app)) continue;
    const declared = declaredWaves(repo, app);
    const runs = passes.get(name) ?? [];
    if (runs.length === 0) {
      errors.push(`${name}: the controller logged no applied wave`);
      continue;
    }
    const rank = (t) => PHASES.indexOf(t.phase) * 1e6 + t.wave;
    let first = true;
    let previous = -Infinity;
    const seen = new Map();
    order[name] = [];
    for (const tasks of runs) {
      const r = rank(tasks[0]);
      if (tasks.some((t) => rank(t) !== r)) errors.push(`${name}: one pass applied several waves: ${JSON.stringify(tasks)}`);
      if (r <= previous) {
        // A later operation (self-heal, retry, a new revision) starts again from its lowest wave.
        if (first) first = false;
      }
      previous = r;
      if (first) order[name].push(`${tasks[0].phase === 'Sync' ? '' : `${tasks[0].phase}:`}${tasks[0].wave}`);
      for (const t of tasks) {
        if (t.prune) continue;
        if (t.phase === 'PreSync' && t.key === `/Namespace/${app.spec.destination.namespace}`) continue;
        if (!declared.has(t.key)) errors.push(`${name}: applied ${t.key}, which its source does not declare`);
        else if (declared.get(t.key) !== t.wave) errors.push(`${name}: applied ${t.key} in wave ${t.wave}; it declares ${declared.get(t.key)}`);
        if (first && t.phase === 'Sync') seen.set(t.key, t.wave);
      }
    }
    // An operation still waiting on a wave (see status) has applied the declared waves up to it.
    const complete = app.status?.operationState?.phase === 'Succeeded' || !first;
    let expected = [...new Set(declared.values())].sort((a, b) => a - b).map(String);
    const applied = order[name].filter((w) => !w.includes(':'));
    if (!complete) expected = expected.slice(0, applied.length);
    for (const [key, wave] of declared) {
      if (!seen.has(key) && expected.includes(String(wave))) errors.push(`${name}: its first sync did not apply ${key} (wave ${wave})`);
    }
    if (JSON.stringify(applied) !== JSON.stringify(expected)) errors.push(`${name}: waves applied ${applied.join(',')}; declared ${expected.join(',')}`);
    if (!complete) order[name].push('(waiting)');
  }
  console.log(JSON.stringify({ order, errors }));
}

const commands = { settings, appset, expect, status, waves };
if (!commands[command]) {
  console.error(`argocd.mjs: unknown command '${command}' (${Object.keys(commands).join(', ')})`);
  process.exit(2);
}
commands[command](args);
