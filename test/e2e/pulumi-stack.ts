/**
 * One stack of the end-to-end check's Pulumi path: the real program (the function the users'
 * `Pulumi.yaml` entry point runs) driven inline through the Automation API against the local
 * cluster, with a file backend and a passphrase secrets provider. e2e.sh bundles this file and
 * runs it once per stack:
 *
 *   node pulumi-stack.js <environment> <stack> <state-dir> <manifest-dir> [<namespace>]
 *
 * Progress goes to stderr ("e2e: <stack>: …"), the engine's output to <state-dir>/<stack>.log,
 * and one JSON line of counts to stdout. Any broken expectation exits non-zero.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineEvent, LocalWorkspace, OpType, Stack } from '@pulumi/pulumi/automation';
import { parseAllDocuments, stringify } from 'yaml';
import { requiredSecrets, SecretValueRule, valueRuleOf } from '../../constructs/common/secrets';
import { getEnvironment } from '../../stacks/environments';
import { buildPlatform } from '../../stacks/platform';
import { renderEnvironment } from '../../render';
import { ChartPlan, planChart, secretConfigKey } from '../../stacks/pulumi/plan';
import { stackOutputs } from '../../stacks/pulumi/program';
import { EnvironmentConfig } from '../../stacks/types';

interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
}

const [envName, stackName, stateDir, manifestDir, namespaceOverride] = process.argv.slice(2);
if (!envName || !stackName || !stateDir || !manifestDir) {
  console.error('usage: pulumi-stack.js <environment> <stack> <state-dir> <manifest-dir> [<namespace>]');
  process.exit(2);
}
// The secret operator's chart cannot be fetched offline, so an environment whose Secrets come
// from it takes them from encrypted stack config here (`keelson:secrets pulumiConfig`); its
// ExternalSecrets are the part of the committed manifests left out, and counted.
const configured = getEnvironment(envName);
const secretsFromConfig = configured.secrets.kind !== 'pulumiConfig';
const env: EnvironmentConfig = secretsFromConfig ? { ...configured, secrets: { kind: 'pulumiConfig' } } : configured;
const pr = /^pr-(\d+)$/.exec(stackName)?.[1];
const logFile = path.join(stateDir, `${stackName}.log`);
const log = (line: string) => console.error(`e2e: ${stackName}: ${line}`);
const engineLog = (text: string) => fs.appendFileSync(logFile, text);

function fail(message: string): never {
  console.error(`e2e: ${stackName}: ${message} (engine output in ${logFile})`);
  process.exit(1);
}

function kubectl(...args: string[]): string {
  return execFileSync('kubectl', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const key = (o: ObjectRef) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * The one value the check changes: the agents' autoscaling ceiling where an autoscaler exists,
 * otherwise (previews run one fixed agent) the agents' CPU request. Either touches one object.
 */
function changedValue(e: EnvironmentConfig): { env: EnvironmentConfig; what: string } {
  const agents = e.ci.agents;
  const scaling = agents.autoscaling;
  if (scaling && scaling.maxReplicas > scaling.minReplicas) {
    const maxReplicas = scaling.maxReplicas + 1;
    return {
      env: { ...e, ci: { ...e.ci, agents: { ...agents, autoscaling: { ...scaling, maxReplicas } } } },
      what: `ci.agents.autoscaling.maxReplicas ${scaling.maxReplicas} -> ${maxReplicas}`,
    };
  }
  const requests = { ...(agents.resources?.requests ?? { memory: '512Mi' as const }), cpu: '111m' as const };
  return {
    env: { ...e, ci: { ...e.ci, agents: { ...agents, resources: { ...agents.resources, requests } } } },
    what: `ci.agents.resources.requests.cpu ${agents.resources?.requests?.cpu ?? 'unset'} -> 111m`,
  };
}

function plansOf(e: EnvironmentConfig): ChartPlan[] {
  const namespace = pr === undefined ? undefined : namespaceOverride;
  return renderEnvironment(e)
    .charts.filter((c) => c.role === 'platform')
    .map((c) => planChart(c, namespace ?? c.namespace));
}

/** Objects of the committed manifests, namespaced into the preview namespace for a PR stack. */
function committedObjects(): Record<string, unknown>[] {
  const files = fs.readdirSync(manifestDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
  return files
    .sort()
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(manifestDir, f), 'utf8')).map((d) => d.toJSON() as Record<string, unknown>))
    .filter((o) => o !== null)
    .map((o) => {
      const meta = o.metadata as { namespace?: string };
      return namespaceOverride && meta.namespace === undefined ? { ...o, metadata: { ...meta, namespace: namespaceOverride } } : o;
    });
}

/** A random value meeting `rule`: hex of the length it demands (32 otherwise), or a docker config. */
function generatedValue(rule: SecretValueRule | undefined): string {
  const hex = randomBytes(32)
    .toString('hex')
    .slice(0, rule?.length ?? 32);
  if (!rule?.json) return hex;
  return JSON.stringify({ auths: { 'registry.e2e.invalid': { auth: Buffer.from(`robot:${hex}`).toString('base64') } } });
}

async function expectFailure(stack: Stack, expected: string): Promise<void> {
  let output = '';
  try {
    await stack.preview({ onOutput: (s) => (output += s) });
  } catch {
    engineLog(output);
    if (!output.includes(expected)) fail(`the preview failed without '${expected}':\n${output}`);
    // A JavaScript stack frame ("    at fn (file:line:col)") must not reach the user.
    const frames = output.split('\n').filter((l) => /^\s+at .+[(:]\d+/.test(l));
    if (frames.length) fail(`the configuration error came with a JavaScript stack:\n${frames.join('\n')}`);
    return;
  }
  fail(`the preview succeeded; expected the error '${expected}'`);
}

const changeCount = (changes: Record<string, number> | undefined) =>
  Object.entries(changes ?? {})
    .filter(([op]) => op !== 'same')
    .reduce((n, [, c]) => n + c, 0);

async function main(): Promise<void> {
  fs.mkdirSync(path.join(stateDir, 'work'), { recursive: true });
  fs.mkdirSync(path.join(stateDir, 'home'), { recursive: true });
  fs.mkdirSync(path.join(stateDir, 'backend'), { recursive: true });
  const envVars: Record<string, string> = {
    PULUMI_CONFIG_PASSPHRASE: randomBytes(16).toString('hex'),
    PULUMI_BACKEND_URL: `file://${path.resolve(stateDir, 'backend')}`,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_AUTOMATIC_PLUGIN_ACQUISITION: 'false',
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: 'true',
  };
  const program = () => Promise.resolve(stackOutputs());
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName: 'keelson', program },
    {
      workDir: path.join(stateDir, 'work'),
      pulumiHome: path.join(stateDir, 'home'),
      envVars,
      secretsProvider: 'passphrase',
      projectSettings: { name: 'keelson', runtime: 'nodejs', backend: { url: envVars.PULUMI_BACKEND_URL } },
    },
  );
  const base: Record<string, { value: string; secret?: boolean }> = {
    'keelson:environment': { value: env.name },
    ...(pr ? { 'keelson:pr': { value: pr } } : {}),
    ...(secretsFromConfig ? { 'keelson:secrets': { value: 'pulumiConfig' } } : {}),
  };
  await stack.setAllConfig(base);

  // 8. Configuration errors: a clean message with the fix, no JavaScript stack.
  await expectFailure(stack, 'Secret value(s) missing from the stack config; set them (encrypted) with:');
  await stack.setConfig('keelson:releases', { value: 'offline' });
  await expectFailure(stack, `keelson:releases must be 'install' or 'skip'; got "offline"`);
  log('configuration errors reach the user as clean Pulumi errors (no JavaScript stack)');

  // 1. Secrets: generated, stored encrypted in the stack config (never in the repository).
  // Values the program's own checks (and the API server) accept.
  const generated = new Map(
    requiredSecrets(buildPlatform(env).app).flatMap((s) =>
      s.keys.map((k) => [`keelson:${secretConfigKey(s.name, k)}`, generatedValue(valueRuleOf(s, k))] as const),
    ),
  );
  const secretKeys = [...generated.keys()];
  await stack.setAllConfig({
    ...base,
    // The chart repositories cannot be reached offline: the releases are the part left out.
    'keelson:releases': { value: 'skip' },
    ...Object.fromEntries([...generated].map(([k, value]) => [k, { value, secret: true }])),
  });
  const stored = fs.readFileSync(path.join(stateDir, 'work', `Pulumi.${stackName}.yaml`), 'utf8');
  if (!secretKeys.every((k) => new RegExp(`${k.replace(/[.]/g, '\\.')}:\\s*\\n\\s*secure:`).test(stored))) fail('a Secret value is not stored encrypted');

  // KEELSON_E2E_TIME_PREVIEW=1: how long `pulumi preview` takes, beside synthesis (README, Benchmark).
  const timePreview = process.env.KEELSON_E2E_TIME_PREVIEW === '1';
  const timedPreview = async (what: string) => {
    const started = Date.now();
    const p = await stack.preview({ onOutput: engineLog });
    const steps = Object.entries(p.changeSummary ?? {})
      .map(([op, n]) => `${n} ${op}`)
      .join(', ');
    log(`pulumi preview ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s (${steps})`);
  };
  if (timePreview) await timedPreview('of an empty stack');

  // 2. pulumi up: everything created, every workload Ready through Pulumi's own await logic.
  let t = Date.now();
  const up = await stack.up({ onOutput: engineLog });
  const state = (await stack.exportStack()).deployment as { resources: { type: string; custom?: boolean }[] };
  const objects = state.resources.filter((r) => r.custom && r.type.startsWith('kubernetes:')).length;
  const outputs = up.outputs;
  const namespaces = outputs.namespaces.value as string[];
  const releasesNotApplied = outputs.releasesNotApplied.value as string[];
  log(`pulumi up created ${up.summary.resourceChanges?.create ?? 0} resources (${objects} Kubernetes objects) in ${Math.round((Date.now() - t) / 1000)} s`);

  const pods = JSON.parse(kubectl('get', 'pods', '--all-namespaces', '-o', 'json')).items.filter((p: { metadata: { namespace: string } }) =>
    namespaces.includes(p.metadata.namespace),
  ) as { metadata: { ownerReferences?: { kind: string }[] }; status: { phase: string; conditions?: { type: string; status: string }[] } }[];
  const isJob = (p: (typeof pods)[number]) => (p.metadata.ownerReferences ?? []).some((o) => o.kind === 'Job');
  const running = pods.filter((p) => !isJob(p));
  const ready = running.filter((p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
  const jobPods = pods.filter(isJob);
  if (ready !== running.length || running.length === 0) fail(`pods ready: ${ready}/${running.length}`);
  if (!jobPods.every((p) => p.status.phase === 'Succeeded')) fail('a Job pod did not succeed');
  log(`pods ready: ${ready}/${running.length}${jobPods.length ? `, ${jobPods.length} Job pod(s) Succeeded` : ''}`);

  // 3. A second up changes nothing.
  t = Date.now();
  const again = await stack.up({ onOutput: engineLog });
  const reUpChanges = changeCount(again.summary.resourceChanges as Record<string, number>);
  if (reUpChanges !== 0) fail(`the second pulumi up changed ${JSON.stringify(again.summary.resourceChanges)}`);
  log(`second pulumi up: 0 changes (${Math.round((Date.now() - t) / 1000)} s)`);
  if (timePreview) await timedPreview('with nothing to change');

  // 4. One changed value previews as exactly that one update.
  const change = changedValue(env);
  const before = new Map(
    plansOf(env)
      .flatMap((p) => [...p.config, ...p.data, ...p.workloads])
      .map((o) => [key(o), JSON.stringify(o)]),
  );
  const modelChanged = plansOf(change.env)
    .flatMap((p) => [...p.config, ...p.data, ...p.workloads])
    .filter((o) => before.get(key(o)) !== JSON.stringify(o))
    .map(key);
  const steps: string[] = [];
  (stack.workspace as LocalWorkspace).program = () => Promise.resolve(stackOutputs(undefined, (e) => buildPlatform(e.name === env.name ? change.env : e)));
  const onEvent = (e: EngineEvent) => {
    const m = e.resourcePreEvent?.metadata;
    if (m && !['same', 'read'].includes(m.op as OpType) && !m.type.startsWith('pulumi:') && m.type !== 'kubernetes:yaml/v2:ConfigGroup') {
      steps.push(`${m.op} ${m.type} ${m.urn.split('::').pop()}`);
    }
  };
  await stack.preview({ onOutput: engineLog, onEvent });
  (stack.workspace as LocalWorkspace).program = program;
  if (modelChanged.length !== 1 || steps.length !== 1 || !steps[0].startsWith('update ')) {
    fail(`changing ${change.what}: the model changed ${modelChanged.join(', ') || 'nothing'}, the preview planned ${steps.join(', ') || 'nothing'}`);
  }
  log(`changing ${change.what} previews as exactly one update: ${steps[0]}`);

  // 5. Equivalence: every object the committed manifests hold for this stack is live with the
  // same content (the server-side diff the kubectl path uses); only Argo CD's own objects are
  // left to Argo CD.
  const argocdKinds = new Set(['Application', 'ApplicationSet', 'AppProject']);
  const isExternalSecret = (o: Record<string, unknown>) => String(o.apiVersion).startsWith('external-secrets.io/') && o.kind === 'ExternalSecret';
  const externalSecrets = secretsFromConfig ? committedObjects().filter(isExternalSecret).length : 0;
  const committed = committedObjects().filter(
    (o) => !(String(o.apiVersion).startsWith('argoproj.io/') && argocdKinds.has(String(o.kind))) && !(secretsFromConfig && isExternalSecret(o)),
  );
  const deployed = new Set(
    plansOf(env)
      .flatMap((p) => [...p.cluster, ...p.dataNamespaces, ...p.config, ...p.data, ...p.workloads])
      .map(key),
  );
  const committedKeys = new Set(committed.map((o) => key(o as unknown as ObjectRef)));
  const onlyCommitted = [...committedKeys].filter((k) => !deployed.has(k));
  const onlyDeployed = [...deployed].filter((k) => !committedKeys.has(k));
  if (onlyCommitted.length || onlyDeployed.length) {
    fail(`the program and the committed manifests differ: only committed ${onlyCommitted.join(', ') || '-'}; only deployed ${onlyDeployed.join(', ') || '-'}`);
  }
  const file = path.join(stateDir, `${stackName}-committed.yaml`);
  fs.writeFileSync(file, committed.map((o) => stringify(o)).join('---\n'));
  const diff = spawnSync('kubectl', ['diff', '--server-side', '--force-conflicts', '--field-manager=keelson', '-f', file], { encoding: 'utf8' });
  if (diff.status !== 0) fail(`kubectl diff of the committed manifests against what pulumi up deployed is not empty:\n${diff.stdout}${diff.stderr}`);
  log(
    `equivalence: the ${committed.length} committed objects are live with the same content (kubectl diff empty)` +
      (externalSecrets ? `; ${externalSecrets} ExternalSecrets left out (no secret operator offline; Secrets from stack config)` : ''),
  );

  // 6. Destroy keeps every data-holding object: with protectData (the default) destroy refuses
  // to start; with it off, everything else goes and the data stays (retainOnDelete), claims bound.
  const data = plansOf(env).flatMap((p) => [...p.dataNamespaces, ...p.data]);
  const claims = data.flatMap((o) => {
    const spec = (o as { spec?: { replicas?: number; volumeClaimTemplates?: { metadata: { name: string } }[] } }).spec;
    if (o.kind === 'PersistentVolumeClaim') return [`${o.metadata.namespace}/${o.metadata.name}`];
    if (o.kind !== 'StatefulSet') return [];
    return (spec?.volumeClaimTemplates ?? []).flatMap((c) =>
      Array.from({ length: spec?.replicas ?? 1 }, (_, i) => `${o.metadata.namespace}/${c.metadata.name}-${o.metadata.name}-${i}`),
    );
  });
  const exists = (o: ObjectRef) =>
    spawnSync('kubectl', [
      'get',
      o.kind.toLowerCase() + (o.apiVersion.includes('/') ? `.${o.apiVersion.split('/')[0]}` : ''),
      o.metadata.name,
      ...(o.metadata.namespace ? ['-n', o.metadata.namespace] : []),
    ]).status === 0;
  const managedConfigMaps = () =>
    (JSON.parse(kubectl('get', 'configmaps', '--all-namespaces', '-l', 'app.kubernetes.io/managed-by=keelson', '-o', 'json')).items as ObjectRef[]).filter(
      (o) => namespaces.includes(o.metadata.namespace ?? ''),
    );
  if (data.length) {
    const configMaps = managedConfigMaps().length;
    let refused = '';
    try {
      await stack.destroy({ onOutput: (s) => ((refused += s), engineLog(s)) });
      fail('pulumi destroy removed a stack with protected data');
    } catch {
      if (!/protect/.test(refused)) fail(`pulumi destroy failed, but not because of protection:\n${refused}`);
    }
    // The engine deletes in reverse dependency order and stops at the first protected
    // resource: what depends on data (workloads, configuration) may already be gone, the data
    // and its namespace never.
    const gone = data.filter((o) => !exists(o));
    if (gone.length) fail(`the refused pulumi destroy deleted data: ${gone.map(key).join(', ')}`);
    log(
      `pulumi destroy with protectData on: refused at the protected data (${configMaps - managedConfigMaps().length} of ${configMaps} ConfigMaps already deleted), data intact`,
    );
    await stack.setConfig('keelson:protectData', { value: 'false' });
    const unprotect = await stack.up({ onOutput: engineLog });
    // It recreates what the refused destroy removed and only changes the protection of the rest.
    const { create = 0, same = 0, ...other } = (unprotect.summary.resourceChanges ?? {}) as Record<string, number>;
    if (changeCount(other) !== 0) fail(`turning protectData off changed objects: ${JSON.stringify(unprotect.summary.resourceChanges)}`);
    log(`protectData off: pulumi up recreated ${create} resources, ${same} unchanged`);
  }
  await stack.destroy({ onOutput: engineLog });
  const missing = data.filter(
    (o) =>
      spawnSync('kubectl', [
        'get',
        o.kind.toLowerCase() + (o.apiVersion.includes('/') ? `.${o.apiVersion.split('/')[0]}` : ''),
        o.metadata.name,
        ...(o.metadata.namespace ? ['-n', o.metadata.namespace] : []),
      ]).status !== 0,
  );
  if (missing.length) fail(`pulumi destroy deleted data: ${missing.map(key).join(', ')}`);
  const unbound = claims.filter((c) => {
    const [ns, name] = c.split('/');
    return spawnSync('kubectl', ['get', 'pvc', name, '-n', ns, '-o', 'jsonpath={.status.phase}'], { encoding: 'utf8' }).stdout !== 'Bound';
  });
  if (unbound.length) fail(`claims not bound after destroy: ${unbound.join(', ')}`);
  const leftovers = (
    JSON.parse(kubectl('get', 'configmaps', '--all-namespaces', '-l', 'app.kubernetes.io/managed-by=keelson', '-o', 'json')).items as ObjectRef[]
  ).filter((o) => namespaces.includes(o.metadata.namespace ?? ''));
  if (leftovers.length) fail(`pulumi destroy left ${leftovers.map(key).join(', ')}`);
  const kept = data.filter((o) => o.kind !== 'Namespace').length;
  log(`pulumi destroy kept ${kept} data objects (${claims.length} claims Bound) and removed everything else`);

  console.log(
    JSON.stringify({
      stack: stackName,
      objects,
      reUpChanges,
      kept,
      ready,
      pods: running.length,
      releasesNotApplied: releasesNotApplied.length,
      externalSecrets,
    }),
  );
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
