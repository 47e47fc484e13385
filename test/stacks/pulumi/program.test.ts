import * as pulumi from '@pulumi/pulumi';
import { HELM_CHARTS } from '../../../constructs/common/helm-charts';
import { getEnvironment, UNKNOWN_ENVIRONMENT } from '../../../stacks/environments';
import { renderedEnvironments, unknownEnvironmentError } from '../../support/environments';
import { holdsData } from '../../../constructs/common/storage';
import { buildPlatform } from '../../../stacks/platform';
import { planChart } from '../../../stacks/pulumi/plan';
import { keelsonProgram, keelsonStack, ProgramOutputs } from '../../../stacks/pulumi/program';
import { PREVIEW_NAMESPACE_SELECTOR } from '../../../stacks/secret-stores';
import { EnvironmentConfig } from '../../../stacks/types';
import { collidingPlatform } from '../../support/colliding';
import { fakeSecrets, Registered, runProgram } from '../../support/pulumi-program';

const SECRETS = fakeSecrets();

/** The environment's platform charts as the render core renders them (what the program plans from), shared by the run. */
const platformCharts = (env: string) =>
  renderedEnvironments()
    .find((r) => r.env === env)!
    .charts.filter((c) => c.role === 'platform');

const run = runProgram;

/** Runs the program outside a stack, for config errors (raised before any resource exists). */
async function fails(stack: string, config: Record<string, string>, secretKeys = Object.keys(SECRETS)): Promise<() => ProgramOutputs> {
  pulumi.runtime.setAllConfig(config, secretKeys);
  await pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) }, 'keelson', stack, true);
  return () => keelsonProgram();
}

/** A test registered only when it applies to the stack (dev reads stack config; staging and prod use ESO). */
const when = (applies: boolean): typeof test => (applies ? test : ((() => undefined) as unknown as typeof test));

const byName = (rs: readonly Registered[], name: string): Registered => {
  const r = rs.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}; have ${rs.map((x) => x.name).join(', ')}`);
  return r;
};

describe.each(['dev', 'staging', 'prod'])('pulumi up -s %s (direct)', (env) => {
  let resources: readonly Registered[];
  let outputs: ProgramOutputs;
  const plans = platformCharts(env).map((c) => planChart(c));
  // dev takes its Secrets from stack config; staging and prod from the External Secrets Operator.
  const fromConfig = getEnvironment(env).secrets.kind === 'pulumiConfig';
  beforeAll(async () => {
    ({ resources, outputs } = await run(env, { 'keelson:environment': env, ...SECRETS }));
  });

  const typeOf = (o: { apiVersion: string; kind: string }) => `kubernetes:${o.apiVersion.includes('/') ? o.apiVersion : `core/${o.apiVersion}`}:${o.kind}`;

  test('registers each chart in order: namespaces, Secrets (or ExternalSecrets), upstream releases, configuration, data holders, workloads', () => {
    const releaseNamespaces = new Set<string>();
    const expected = plans.flatMap((p) => [
      ...p.dataNamespaces.map((o) => `kubernetes:core/v1:Namespace ${p.name}-namespace-${o.metadata.name}`),
      ...(p.cluster.length ? [`kubernetes:yaml/v2:ConfigGroup ${p.name}-cluster`] : []),
      ...(fromConfig ? p.secrets : []).map((x) => `kubernetes:core/v1:Secret ${p.name}-secret-${x.name}`),
      ...(p.externalSecrets.length ? [`kubernetes:yaml/v2:ConfigGroup ${p.name}-external-secrets`] : []),
      ...p.releases.flatMap((r) => [
        ...(['strimzi-system', 'openelb-system', 'external-secrets'].includes(r.namespace) &&
        !releaseNamespaces.has(r.namespace) &&
        releaseNamespaces.add(r.namespace)
          ? [`kubernetes:core/v1:Namespace release-namespace-${r.namespace}`]
          : []),
        `kubernetes:helm.sh/v4:Chart ${p.name}-release-${r.name}`,
      ]),
      ...(p.config.length ? [`kubernetes:yaml/v2:ConfigGroup ${p.name}-config`] : []),
      ...p.data.map((o) => `${typeOf(o)} ${p.name}-${o.kind.toLowerCase()}-${o.metadata.name}`),
      ...(p.workloads.length ? [`kubernetes:yaml/v2:ConfigGroup ${p.name}-workloads`] : []),
    ]);
    expect(resources.map((r) => `${r.type} ${r.name}`)).toEqual(expected);
    expect(byName(resources, 'ci-namespace-' + env + '-ci').props.metadata.name).toBe(`${env}-ci`);
    const config = byName(resources, 'ci-config').props.objs;
    expect(config.map((o: any) => o.kind)).toEqual(expect.arrayContaining(['ConfigMap', 'Role', 'RoleBinding', 'ServiceAccount']));
    const workloads = byName(resources, 'ci-workloads').props.objs;
    expect(workloads.map((o: any) => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service']));
    expect([...config, ...workloads].every((o: any) => o.metadata.namespace === `${env}-ci`)).toBe(true);
    expect([...config, ...workloads].filter((o: any) => o.kind === 'StatefulSet' || o.kind === 'Namespace' || o.kind === 'Application')).toEqual([]);
  });

  test('ordering: ServiceAccounts and configuration exist before any workload that uses them', () => {
    // The real run: Pulumi created the Jenkins StatefulSet and the Alloy DaemonSet next to their
    // ServiceAccounts and the API server refused their Pods ("error looking up service account
    // dev-ci/jenkins"; kube-apiserver's ServiceAccount admission plugin, 1.36).
    const ns = `ci-namespace-${env}-ci`;
    if (fromConfig) {
      expect(byName(resources, 'ci-secret-jenkins-admin').dependsOn).toEqual(['network-cluster', ns]);
      const secrets = resources.filter((r) => r.name.startsWith('ci-secret-')).map((r) => r.name);
      expect(byName(resources, 'ci-config').dependsOn).toEqual(['network-cluster', ns, ...secrets]);
      expect(byName(resources, 'ci-statefulset-jenkins').dependsOn).toEqual(['network-cluster', ns, ...secrets, 'ci-config']);
      expect(byName(resources, 'ci-workloads').dependsOn).toEqual(['network-cluster', ns, ...secrets, 'ci-config', 'ci-statefulset-jenkins']);
    } else {
      // The ExternalSecrets wait for the operator's release (its CRDs) and the namespace; the
      // configuration, data holders and workloads wait for the ExternalSecrets.
      const es = byName(resources, 'ci-external-secrets');
      expect(es.dependsOn).toEqual(expect.arrayContaining(['network-cluster', 'operators-release-external-secrets', ns]));
      expect(byName(resources, 'ci-config').dependsOn).toContain('ci-external-secrets');
      expect(byName(resources, 'ci-statefulset-jenkins').dependsOn).toEqual(expect.arrayContaining(['ci-external-secrets', 'ci-config']));
      expect(byName(resources, 'ci-workloads').dependsOn).toEqual(expect.arrayContaining(['ci-external-secrets', 'ci-config', 'ci-statefulset-jenkins']));
      for (const chart of ['registry', 'tracing', 'logging', 'es-sync']) {
        if (!plans.some((p) => p.name === chart && p.externalSecrets.length)) continue;
        const later = resources.filter(
          (r) => r.name.startsWith(`${chart}-`) && !r.name.endsWith('-cluster') && !r.name.includes('-namespace-') && r.name !== `${chart}-external-secrets`,
        );
        expect(later.length).toBeGreaterThan(0);
        for (const r of later) expect(r.dependsOn).toContain(`${chart}-external-secrets`);
      }
    }
    for (const r of resources.filter((x) => x.type === 'kubernetes:yaml/v2:ConfigGroup' && x.name.endsWith('-workloads'))) {
      const chart = r.name.replace(/-workloads$/, '');
      const serviceAccounts = r.props.objs.flatMap((o: any) => [
        o.spec?.template?.spec?.serviceAccountName,
        o.spec?.jobTemplate?.spec?.template?.spec?.serviceAccountName,
      ]);
      for (const sa of serviceAccounts.filter((x: unknown) => typeof x === 'string' && x !== 'default')) {
        const config = byName(resources, `${chart}-config`);
        expect(config.props.objs.filter((o: any) => o.kind === 'ServiceAccount').map((o: any) => o.metadata.name)).toContain(sa);
        expect(r.dependsOn).toContain(`${chart}-config`);
      }
    }
  });

  test('upstream releases get their namespaces, labelled as the Argo CD Applications label them', () => {
    const openelb = byName(resources, 'release-namespace-openelb-system');
    expect(openelb.props.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'privileged', 'app.kubernetes.io/managed-by': 'keelson' });
    expect(byName(resources, 'operators-release-openelb').dependsOn).toContain('release-namespace-openelb-system');
    expect(byName(resources, 'release-namespace-strimzi-system').props.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'keelson',
      'app.kubernetes.io/part-of': 'keelson',
    });
    // kube-system exists on every cluster; the registry's release goes to the chart's namespace.
    expect(resources.filter((r) => r.name === 'release-namespace-kube-system' || r.name === `release-namespace-${env}-registry`)).toEqual([]);
  });

  test('data: exactly the objects that hold data are protected and retained on delete', () => {
    const sts = byName(resources, 'ci-statefulset-jenkins');
    expect([sts.protect, sts.retainOnDelete]).toEqual([true, true]);
    expect(sts.props.spec.volumeClaimTemplates[0].metadata.name).toBe('jenkins-home');
    const protectedNames = resources.filter((r) => r.protect).map((r) => r.name);
    // The namespaces that hold data are protected and retained too: kube-controller-manager's
    // namespace controller deletes every object of a deleted Namespace, retained or not.
    expect(protectedNames).toEqual(
      plans.flatMap((p) => [
        ...p.dataNamespaces.map((o) => `${p.name}-namespace-${o.metadata.name}`),
        ...p.data.map((o) => `${p.name}-${o.kind.toLowerCase()}-${o.metadata.name}`),
      ]),
    );
    const held = new Set(resources.filter((r) => r.protect && holdsData(r.props)).map((r) => r.props.metadata.namespace));
    expect(resources.filter((r) => r.protect).every((r) => holdsData(r.props) || (r.props.kind === 'Namespace' && held.has(r.props.metadata.name)))).toBe(true);
    expect(resources.filter((r) => r.protect).every((r) => r.retainOnDelete)).toBe(true);
  });

  when(fromConfig)('Secrets come from stack config, as secret outputs, in the chart namespace', async () => {
    const s = byName(resources, 'ci-secret-jenkins-admin');
    expect(s.props.metadata).toMatchObject({ name: 'jenkins-admin', namespace: `${env}-ci` });
    expect(s.secretOutputs).toEqual(expect.arrayContaining(['data', 'stringData']));
    const password = s.props.stringData.password as pulumi.Output<string>;
    expect(pulumi.Output.isInstance(password)).toBe(true);
    expect(await (password as any).isSecret).toBe(true);
    const value = await new Promise((resolve) => password.apply(resolve));
    expect(value).toBe(SECRETS['keelson:secret.jenkins-admin.password']);
    expect(outputs.secrets[`${env}-ci`]).toEqual(expect.arrayContaining(['jenkins-admin', 'jenkins-swarm-agent']));
    // The kubelet reads pull credentials only from Secrets of type kubernetes.io/dockerconfigjson
    // (kubernetes pkg/credentialprovider/secrets MakeDockerKeyring); Opaque would be ignored.
    expect(byName(resources, 'ci-secret-harbor-pull').props.type).toBe('kubernetes.io/dockerconfigjson');
    expect(byName(resources, 'registry-secret-harbor-tls').props.type).toBe('kubernetes.io/tls');
    expect(byName(resources, 'ci-secret-jenkins-admin').props.type).toBe('Opaque');
  });

  when(!fromConfig)('no Secret from stack config: the ExternalSecrets are applied, each awaited until Ready', () => {
    expect(resources.filter((r) => r.type === 'kubernetes:core/v1:Secret')).toEqual([]);
    expect(outputs.secrets).toEqual({});
    const objs = byName(resources, 'ci-external-secrets').props.objs;
    expect(objs.map((o: any) => o.metadata.name).sort()).toEqual(plans.find((p) => p.name === 'ci')!.secrets.map((x) => x.name));
    for (const o of objs) {
      expect(o).toMatchObject({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { namespace: `${env}-ci` } });
      // pulumi-kubernetes >= 4.18 (pulumi/pulumi-kubernetes#3134, experimental): the annotation
      // `pulumi.com/waitFor: condition=Ready` makes the provider wait, like `kubectl wait
      // --for=condition=Ready`, for the Ready condition ESO sets True once the Secret is written.
      expect(o.metadata.annotations['pulumi.com/waitFor']).toBe('condition=Ready');
    }
  });

  test('outputs: environment, namespaces, charts and the endpoints of the model', () => {
    expect(outputs).toMatchObject({ environment: env, delivery: 'direct', charts: plans.map((p) => p.name) });
    expect(outputs.namespaces).toEqual([...new Set(plans.map((p) => p.namespace).filter((n): n is string => n !== undefined))].sort());
    expect(outputs.endpoints['ci/jenkins-external']).toEqual(expect.any(String));
  });
});

describe('pulumi up -s pr-42 (preview)', () => {
  let resources: readonly Registered[];
  let outputs: ProgramOutputs;
  beforeAll(async () => {
    ({ resources, outputs } = await run('pr-42', { 'keelson:environment': 'preview', 'keelson:pr': '42', ...SECRETS }));
  });

  test('creates the PR namespace first and puts every object in it', () => {
    const ns = byName(resources, 'preview-namespace');
    expect(ns.props.metadata.name).toBe('keelson-pr-42');
    expect(ns.props.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    // The label the preview ClusterSecretStore admits (README, _Secret backends_).
    expect(ns.props.metadata.labels).toMatchObject(PREVIEW_NAMESPACE_SELECTOR);
    const workloads = byName(resources, 'ci-workloads');
    expect(workloads.dependsOn[0]).toBe('preview-namespace');
    expect([...workloads.props.objs, ...byName(resources, 'ci-config').props.objs].every((o: any) => o.metadata.namespace === 'keelson-pr-42')).toBe(true);
    // Previews take their Secrets from the preview store, as ExternalSecrets in the PR namespace.
    expect(resources.filter((r) => r.type === 'kubernetes:core/v1:Secret')).toEqual([]);
    const es = byName(resources, 'ci-external-secrets');
    expect(es.props.objs.every((o: any) => o.metadata.namespace === 'keelson-pr-42' && o.spec.secretStoreRef.name === 'keelson-previews')).toBe(true);
    expect(workloads.dependsOn).toContain('ci-external-secrets');
    expect(outputs.namespaces).toEqual(['keelson-pr-42']);
  });

  test('no cluster-scoped objects, no protected resources, no autoscaler (ephemeral, scaled down)', () => {
    expect(resources.map((r) => r.name)).not.toContain('ci-cluster');
    expect(resources.filter((r) => r.protect || r.retainOnDelete)).toEqual([]);
    const objs = byName(resources, 'ci-workloads').props.objs;
    expect(objs.filter((o: any) => o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
    expect(objs.find((o: any) => o.kind === 'StatefulSet').spec.volumeClaimTemplates).toBeUndefined();
  });
});

describe.each(['dev', 'prod'])('pulumi up -s %s with delivery argocd', (env) => {
  test('installs only namespaces, Secrets (none with the External Secrets Operator: they are in Git) and the root Application', async () => {
    const { resources, outputs } = await run(env, { 'keelson:environment': env, 'keelson:delivery': 'argocd', ...SECRETS });
    const plans = platformCharts(env).map((c) => planChart(c));
    const fromConfig = getEnvironment(env).secrets.kind === 'pulumiConfig';
    const before = plans.flatMap((p) => [
      ...[...p.dataNamespaces, ...p.cluster.filter((o) => o.kind === 'Namespace')].map(
        (o) => `kubernetes:core/v1:Namespace ${p.name}-namespace-${o.metadata.name}`,
      ),
      ...(fromConfig ? p.secrets : []).map((x) => `kubernetes:core/v1:Secret ${p.name}-secret-${x.name}`),
    ]);
    expect(before.some((r) => r.includes(':Secret '))).toBe(fromConfig);
    expect(resources.map((r) => `${r.type} ${r.name}`)).toEqual([...before, 'kubernetes:argoproj.io/v1alpha1:Application argocd-root-application']);
    expect(byName(resources, `ci-namespace-${env}-ci`).retainOnDelete).toBe(true);
    const root = byName(resources, 'argocd-root-application');
    expect(root.props).toMatchObject({ metadata: { name: `keelson-${env}`, namespace: 'argocd' }, spec: { source: { path: `manifests/${env}/argocd` } } });
    expect(root.dependsOn).toEqual(before.map((r) => r.split(' ')[1]));
    expect(outputs.rootApplication).toBe(`argocd/keelson-${env}`);
  });
});

describe('pulumi up with the outOfBand backend', () => {
  test('creates no Secret and asks for no Secret value: someone else provides them', async () => {
    const outOfBand = (e: EnvironmentConfig) => buildPlatform({ ...e, secrets: { kind: 'outOfBand' } });
    const { resources, outputs } = await run('dev', { 'keelson:environment': 'dev' }, [], outOfBand);
    expect(
      resources.filter((r) => r.type === 'kubernetes:core/v1:Secret' || (/^[a-z-]+-external-secrets$/.test(r.name) && r.type.includes('ConfigGroup'))),
    ).toEqual([]);
    expect(outputs.secrets).toEqual({});
    expect(byName(resources, 'ci-workloads').dependsOn).toEqual(['network-cluster', 'ci-namespace-dev-ci', 'ci-config', 'ci-statefulset-jenkins']);
  });
});

describe('pulumi up with keelson:releases skip (releases installed out of band, or offline)', () => {
  test('leaves out every Helm release, still creates their namespaces, and deploys the rest', async () => {
    const { resources, outputs } = await run('dev', { 'keelson:environment': 'dev', 'keelson:releases': 'skip', ...SECRETS });
    expect(resources.filter((r) => r.type === 'kubernetes:helm.sh/v4:Chart')).toEqual([]);
    expect(outputs.releasesNotApplied).toEqual([
      'strimzi-system/strimzi',
      'openelb-system/openelb',
      'external-secrets/external-secrets',
      'kube-system/metrics-server',
      'dev-registry/harbor',
    ]);
    expect(byName(resources, 'release-namespace-openelb-system').props.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(byName(resources, 'network-cluster').dependsOn).toEqual([
      'release-namespace-strimzi-system',
      'release-namespace-openelb-system',
      'release-namespace-external-secrets',
    ]);
    expect(resources.map((r) => r.name)).toEqual(expect.arrayContaining(['ci-statefulset-jenkins', 'ci-workloads', 'messaging-kafka-kafka']));
  });
});

describe('stack config errors', () => {
  test('reach Pulumi as a RunError, which the SDK prints without a JavaScript stack', async () => {
    // @pulumi/pulumi 3.248 cmd/run/run.ts and automation/server.ts log `err.message` for a
    // RunError and "Unhandled exception: <stack>" for anything else.
    pulumi.runtime.setAllConfig({ 'keelson:environment': 'dev' }, []);
    await pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) }, 'keelson', 'dev', true);
    let thrown: unknown;
    try {
      keelsonStack();
    } catch (e) {
      thrown = e;
    }
    expect(pulumi.RunError.isInstance(thrown as object)).toBe(true);
    expect((thrown as Error).message).toMatch(
      /^keelson: \d+ Secret value\(s\) missing from the stack config; set them \(encrypted\) with:\n {2}pulumi config set --secret keelson:secret\./,
    );
  });

  test('bad keelson:releases and keelson:protectData values are refused', async () => {
    expect(await fails('dev', { 'keelson:environment': 'dev', 'keelson:releases': 'offline', ...SECRETS })).toThrow(
      "keelson: keelson:releases must be 'install' or 'skip'; got \"offline\"",
    );
    expect(await fails('dev', { 'keelson:environment': 'dev', 'keelson:protectData': 'yes', ...SECRETS })).toThrow(
      'keelson: keelson:protectData must be true or false; got "yes"',
    );
  });

  test('missing Secret values are all listed, with the commands that set them', async () => {
    const { 'keelson:secret.jenkins-admin.password': _p, 'keelson:secret.jenkins-swarm-agent.username': _u, ...partial } = SECRETS;
    expect(await fails('dev', { 'keelson:environment': 'dev', ...partial })).toThrow(
      [
        'keelson: 2 Secret value(s) missing from the stack config; set them (encrypted) with:',
        '  pulumi config set --secret keelson:secret.jenkins-admin.password <value>   # Jenkins administrator password; Jenkins administrator user name',
        '  pulumi config set --secret keelson:secret.jenkins-swarm-agent.username <value>   # Jenkins Swarm agent password; Jenkins Swarm agent user name',
      ].join('\n'),
    );
  });

  test('Secret values Harbor would not accept are refused before anything is created, naming lengths, never values', async () => {
    // goharbor/harbor src/server/middleware/csrf/csrf.go: a CSRF_KEY of another length than 32 is
    // replaced by a random key per core pod, so with 2 replicas CSRF tokens fail across pods.
    const csrf = 'keelson:secret.harbor-internal.CSRF_KEY';
    const redis = 'keelson:secret.harbor-redis.REDIS_PASSWORD';
    // prod takes its Secrets from ESO; with Secret values in the stack config (as a team without a
    // secret operator would run it) the values Harbor reads are checked before anything is created.
    await fails('prod', { 'keelson:environment': 'prod', ...SECRETS, [csrf]: 'sixteen-chars-16', [redis]: 'p@ss/word' });
    const error = () => keelsonProgram(undefined, (env) => buildPlatform({ ...env, secrets: { kind: 'pulumiConfig' } }));
    expect(error).toThrow(
      [
        'keelson: 2 Secret value(s) would be refused by the program reading them; set them again with --secret:',
        `  ${csrf}: must be exactly 32 characters; got 16 (Harbor core (middleware/csrf) ignores a key that is not 32 characters and generates one per pod)`,
        `  ${redis}: must match [A-Za-z0-9._~-]+ (it is placed unescaped in Harbor's redis:// URLs (Kubernetes $(VAR) expansion does no URL encoding))`,
      ].join('\n'),
    );
    expect(error).not.toThrow(/sixteen-chars-16|p@ss/);
  });

  test('a pull secret whose .dockerconfigjson is not JSON is refused before anything is created', async () => {
    // kube-apiserver (pkg/apis/core/validation ValidateSecret, 1.36) refuses a
    // kubernetes.io/dockerconfigjson Secret whose .dockerconfigjson does not parse as JSON: the
    // first real pulumi up failed on it half-way through.
    const pull = 'keelson:secret.harbor-pull..dockerconfigjson';
    expect(Object.keys(SECRETS)).toContain(pull);
    const error = await fails('dev', { 'keelson:environment': 'dev', ...SECRETS, [pull]: 'robot:token' });
    expect(error).toThrow(`  ${pull}: must be a JSON document (kube-apiserver validates .dockerconfigjson`);
    expect(error).not.toThrow(/robot:token/);
  });

  test('a Secret value stored in plaintext is refused', async () => {
    const plaintext = 'keelson:secret.jenkins-admin.username';
    expect(
      await fails(
        'dev',
        { 'keelson:environment': 'dev', ...SECRETS },
        Object.keys(SECRETS).filter((k) => k !== plaintext),
      ),
    ).toThrow(
      'keelson: 1 Secret value(s) are not encrypted; set them again with --secret:\n  pulumi config set --secret keelson:secret.jenkins-admin.username <value>   # currently plaintext in Pulumi.<stack>.yaml',
    );
  });

  test('two constructs producing one object are refused as `keelson synth` refuses them, before anything is created', async () => {
    // Without the render core's collision check the program handed both to one ConfigGroup, and
    // Pulumi fails the update half-way with "Duplicate resource URN": yaml/v2 names each child
    // resource after its object's namespace and name (pulumi/pulumi-kubernetes#3490, 4.x).
    await fails('staging', { 'keelson:environment': 'staging', ...SECRETS });
    const colliding = collidingPlatform('second-casc');
    expect(() => keelsonProgram(undefined, colliding)).toThrow(
      'keelson: chart \'ci\' (staging): objects must be unique by kind, namespace and name, but ci/jenkins/Controller/Casc and ci/second-casc both produce it; got "/ConfigMap/staging-ci/jenkins-casc"',
    );
  });

  test('a preview stack needs its PR number; other stacks refuse one', async () => {
    expect(await fails('pr-x', { 'keelson:environment': 'preview', ...SECRETS })).toThrow(
      "keelson: environment 'preview' is namespace-agnostic: set the pull request number, e.g. `pulumi config set keelson:pr 42`; got nothing",
    );
    expect(await fails('dev', { 'keelson:environment': 'dev', 'keelson:pr': '7', ...SECRETS })).toThrow(
      "keelson: keelson:pr is only for preview stacks; environment 'dev' has its own namespaces",
    );
  });

  test('an unknown delivery mode or environment is refused', async () => {
    expect(await fails('dev', { 'keelson:environment': 'dev', 'keelson:delivery': 'flux', ...SECRETS })).toThrow(
      "keelson: keelson:delivery must be 'direct' or 'argocd'; got \"flux\"",
    );
    expect(await fails('preview-argo', { 'keelson:environment': 'preview', 'keelson:pr': '3', 'keelson:delivery': 'argocd', ...SECRETS })).toThrow(
      "keelson: keelson:delivery 'argocd' needs an app-of-apps, which environment 'preview' does not have (delivery.argocd.appOfApps is false)",
    );
    expect(await fails(UNKNOWN_ENVIRONMENT, { 'keelson:environment': UNKNOWN_ENVIRONMENT, ...SECRETS })).toThrow(unknownEnvironmentError());
  });
});

describe('pulumi up over the platform services (operators, registry, messaging)', () => {
  let resources: readonly Registered[];
  beforeAll(async () => {
    ({ resources } = await run('prod', { 'keelson:environment': 'prod', ...SECRETS }));
  });

  test('upstream releases become Helm charts; their Argo CD Applications are not deployed', () => {
    const releases = resources.filter((r) => r.type === 'kubernetes:helm.sh/v4:Chart').map((r) => r.name);
    expect(releases).toEqual([
      'operators-release-strimzi',
      'operators-release-openelb',
      'operators-release-external-secrets',
      'operators-release-metrics-server',
      'registry-release-harbor',
    ]);
    expect(byName(resources, 'registry-release-harbor').props).toMatchObject({
      chart: 'harbor',
      version: HELM_CHARTS.harbor.version,
      namespace: 'prod-registry',
    });
    const everything = resources.flatMap((r) => r.props.objs ?? []);
    expect(everything.filter((o: any) => o.metadata?.labels?.['keelson.io/upstream-release'])).toEqual([]);
  });

  test('the Harbor release gets no secret value: its Redis password reaches the programs by Secret reference, so no ConfigMap can hold it', () => {
    // harbor-helm 1.19 templates/_helpers.tpl (harbor.redis.cred) inlines redis.external.password, or
    // the Secret read by `lookup` for existingSecret, into the core and jobservice ConfigMaps.
    const values = byName(resources, 'registry-release-harbor').props.values;
    expect(values.redis.external).toEqual({ addr: 'harbor-redis.databases.svc:6379' });
    const text = JSON.stringify(values);
    for (const [key, value] of Object.entries(SECRETS)) if (key.startsWith('keelson:secret.harbor')) expect(text).not.toContain(value);
    expect(values.core.extraEnvVars[0]).toEqual({ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'harbor-redis', key: 'REDIS_PASSWORD' } } });
  });

  test('custom resources wait for the operators that serve them', () => {
    for (const name of ['network-cluster', 'messaging-namespace-prod-messaging', 'messaging-config']) {
      expect(byName(resources, name).dependsOn).toEqual(expect.arrayContaining(['operators-release-strimzi', 'operators-release-openelb']));
    }
    expect(byName(resources, 'messaging-kafka-kafka').dependsOn).toEqual(expect.arrayContaining(['messaging-namespace-prod-messaging', 'messaging-config']));
  });

  test('Secrets of a chart (here from ExternalSecrets) exist before the release that reads them', () => {
    expect(byName(resources, 'registry-external-secrets').props.objs.length).toBeGreaterThan(5);
    expect(byName(resources, 'registry-release-harbor').dependsOn).toEqual(expect.arrayContaining(['registry-cluster', 'registry-external-secrets']));
  });

  test('Kafka and its node pools are their own protected, retained resources', () => {
    for (const name of ['messaging-kafka-kafka', 'messaging-kafkanodepool-controller', 'messaging-kafkanodepool-broker']) {
      const r = byName(resources, name);
      expect([r.protect, r.retainOnDelete]).toEqual([true, true]);
      expect(r.props.metadata.namespace).toBe('prod-messaging');
    }
  });
});

describe('pulumi up with keelson:secrets pulumiConfig (a cluster without the secret operator)', () => {
  test('prod takes its Secrets from stack config and renders no ExternalSecret', async () => {
    const { resources, outputs } = await run('prod', { 'keelson:environment': 'prod', 'keelson:secrets': 'pulumiConfig', ...SECRETS });
    expect(resources.filter((r) => r.name.endsWith('-external-secrets') && r.type.includes('ConfigGroup'))).toEqual([]);
    const objs = resources.flatMap((r) => (r.props?.objs ?? []) as { kind: string }[]);
    expect(objs.filter((o) => o.kind === 'ExternalSecret')).toEqual([]);
    expect(byName(resources, 'ci-secret-jenkins-admin').type).toBe('kubernetes:core/v1:Secret');
    expect(outputs.secrets['prod-ci']).toEqual(expect.arrayContaining(['jenkins-admin', 'jenkins-tls']));
  });

  test('any other value is refused', async () => {
    expect(await fails('prod', { 'keelson:environment': 'prod', 'keelson:secrets': 'vault', ...SECRETS })).toThrow(
      `keelson: keelson:secrets can only be 'pulumiConfig' (Secrets from encrypted stack config instead of the environment's backend); got "vault"`,
    );
  });
});
