import * as pulumi from '@pulumi/pulumi';
import { ApiObject } from 'cdk8s';
import { KeelsonChart } from '../../../charts/keelson-chart';
import { DATA_PROTECTION_ANNOTATIONS } from '../../../constructs/common/storage';
import { recordRelease } from '../../../constructs/common/upstream-release';
import { buildPlatform, Platform } from '../../../stacks/platform';
import { keelsonProgram, ProgramOutputs } from '../../../stacks/pulumi/program';
import { EnvironmentConfig } from '../../../stacks/types';

/** One resource as the program registered it: type, name, inputs and the options that matter. */
interface Registered {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, any>;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly dependsOn: string[];
  readonly secretOutputs: string[];
}

const SECRETS = {
  'keelson:secret.jenkins-admin.username': 'admin',
  'keelson:secret.jenkins-admin.password': 'not-a-real-password',
  'keelson:secret.jenkins-swarm-agent.username': 'swarm',
  'keelson:secret.jenkins-swarm-agent.password': 'not-a-real-agent-password',
};

/** Runs the real program under mocks for one stack config; returns what it registered and its outputs. */
async function run(
  stack: string,
  config: Record<string, string>,
  secretKeys = Object.keys(SECRETS),
  build?: (env: EnvironmentConfig) => Platform,
): Promise<{ resources: Registered[]; outputs: ProgramOutputs }> {
  pulumi.runtime.setAllConfig(config, secretKeys);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: () => ({}),
    },
    'keelson',
    stack,
    true,
  );
  const resources: Registered[] = [];
  const names = new Map<pulumi.Resource, string>();
  let outputs: ProgramOutputs | undefined;
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((a) => {
      names.set(a.resource, a.name);
      const deps = (a.opts.dependsOn ?? []) as pulumi.Resource[];
      resources.push({
        type: a.type,
        name: a.name,
        props: a.props,
        protect: a.opts.protect,
        retainOnDelete: a.opts.retainOnDelete,
        dependsOn: deps.map((d) => names.get(d) ?? '?'),
        secretOutputs: (a.opts as pulumi.CustomResourceOptions).additionalSecretOutputs ?? [],
      });
      return undefined;
    });
    outputs = keelsonProgram(undefined, build);
    return {};
  });
  return { resources: resources.filter((r) => r.type !== 'pulumi:pulumi:Stack'), outputs: outputs! };
}

/** Runs the program outside a stack, for config errors (raised before any resource exists). */
async function fails(stack: string, config: Record<string, string>, secretKeys = Object.keys(SECRETS)): Promise<() => ProgramOutputs> {
  pulumi.runtime.setAllConfig(config, secretKeys);
  await pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) }, 'keelson', stack, true);
  return () => keelsonProgram();
}

const byName = (rs: Registered[], name: string): Registered => {
  const r = rs.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}; have ${rs.map((x) => x.name).join(', ')}`);
  return r;
};

describe.each(['dev', 'staging', 'prod'])('pulumi up -s %s (direct)', (env) => {
  let resources: Registered[];
  let outputs: ProgramOutputs;
  beforeAll(async () => {
    ({ resources, outputs } = await run(env, { 'keelson:environment': env, ...SECRETS }));
  });

  test('registers each chart: cluster objects first, then Secrets, data holders and the rest', () => {
    expect(resources.map((r) => `${r.type} ${r.name}`)).toEqual([
      'kubernetes:yaml/v2:ConfigGroup ci-cluster',
      'kubernetes:core/v1:Secret ci-secret-jenkins-admin',
      'kubernetes:core/v1:Secret ci-secret-jenkins-swarm-agent',
      'kubernetes:apps/v1:StatefulSet ci-statefulset-jenkins',
      'kubernetes:yaml/v2:ConfigGroup ci',
    ]);
    expect(byName(resources, 'ci-cluster').props.objs.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual([`Namespace/${env}-ci`]);
    const rest = byName(resources, 'ci').props.objs;
    expect(rest.map((o: any) => o.kind)).toEqual(expect.arrayContaining(['ConfigMap', 'Deployment', 'Service', 'Role', 'RoleBinding', 'ServiceAccount', 'HorizontalPodAutoscaler']));
    expect(rest.every((o: any) => o.metadata.namespace === `${env}-ci`)).toBe(true);
    expect(rest.filter((o: any) => o.kind === 'StatefulSet' || o.kind === 'Namespace' || o.kind === 'Application')).toEqual([]);
  });

  test('ordering: Secrets and workloads wait for the namespace', () => {
    expect(byName(resources, 'ci-secret-jenkins-admin').dependsOn).toEqual(['ci-cluster']);
    expect(byName(resources, 'ci-statefulset-jenkins').dependsOn).toEqual(['ci-cluster', 'ci-secret-jenkins-admin', 'ci-secret-jenkins-swarm-agent']);
    expect(byName(resources, 'ci').dependsOn).toEqual(['ci-cluster', 'ci-secret-jenkins-admin', 'ci-secret-jenkins-swarm-agent']);
  });

  test('data: the Jenkins StatefulSet is protected and retained on delete; nothing else is', () => {
    const sts = byName(resources, 'ci-statefulset-jenkins');
    expect([sts.protect, sts.retainOnDelete]).toEqual([true, true]);
    expect(sts.props.spec.volumeClaimTemplates[0].metadata.name).toBe('jenkins-home');
    expect(resources.filter((r) => r.protect).map((r) => r.name)).toEqual(['ci-statefulset-jenkins']);
  });

  test('Secrets come from stack config, as secret outputs, in the chart namespace', async () => {
    const s = byName(resources, 'ci-secret-jenkins-admin');
    expect(s.props.metadata).toMatchObject({ name: 'jenkins-admin', namespace: `${env}-ci` });
    expect(s.secretOutputs).toEqual(expect.arrayContaining(['data', 'stringData']));
    const password = s.props.stringData.password as pulumi.Output<string>;
    expect(pulumi.Output.isInstance(password)).toBe(true);
    expect(await (password as any).isSecret).toBe(true);
    const value = await new Promise((resolve) => password.apply(resolve));
    expect(value).toBe('not-a-real-password');
    expect(outputs.secrets).toEqual({ [`${env}-ci`]: ['jenkins-admin', 'jenkins-swarm-agent'] });
  });

  test('outputs: environment, namespaces and the endpoints of the model', () => {
    expect(outputs).toMatchObject({ environment: env, delivery: 'direct', namespaces: [`${env}-ci`], charts: ['ci'] });
    const domain = env === 'prod' ? 'platform.example.com' : `${env}.platform.example.com`;
    expect(outputs.endpoints).toEqual({ 'ci/jenkins': `${env === 'dev' ? 'http' : 'https'}://jenkins.${domain}` });
  });
});

describe('pulumi up -s pr-42 (preview)', () => {
  let resources: Registered[];
  let outputs: ProgramOutputs;
  beforeAll(async () => {
    ({ resources, outputs } = await run('pr-42', { 'keelson:environment': 'preview', 'keelson:pr': '42', ...SECRETS }));
  });

  test('creates the PR namespace first and puts every object in it', () => {
    const ns = byName(resources, 'preview-namespace');
    expect(ns.props.metadata.name).toBe('keelson-pr-42');
    expect(ns.props.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const rest = byName(resources, 'ci');
    expect(rest.dependsOn[0]).toBe('preview-namespace');
    expect(rest.props.objs.every((o: any) => o.metadata.namespace === 'keelson-pr-42')).toBe(true);
    expect(byName(resources, 'ci-secret-jenkins-admin').props.metadata.namespace).toBe('keelson-pr-42');
    expect(outputs.namespaces).toEqual(['keelson-pr-42']);
  });

  test('no cluster-scoped objects, no protected resources, no autoscaler (ephemeral, scaled down)', () => {
    expect(resources.map((r) => r.name)).not.toContain('ci-cluster');
    expect(resources.filter((r) => r.protect || r.retainOnDelete)).toEqual([]);
    const objs = byName(resources, 'ci').props.objs;
    expect(objs.filter((o: any) => o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
    expect(objs.find((o: any) => o.kind === 'StatefulSet').spec.volumeClaimTemplates).toBeUndefined();
  });
});

describe('pulumi up with delivery argocd', () => {
  test('installs only namespaces, Secrets and the root Application', async () => {
    const { resources, outputs } = await run('prod', { 'keelson:environment': 'prod', 'keelson:delivery': 'argocd', ...SECRETS });
    expect(resources.map((r) => `${r.type} ${r.name}`)).toEqual([
      'kubernetes:core/v1:Namespace ci-namespace-prod-ci',
      'kubernetes:core/v1:Secret ci-secret-jenkins-admin',
      'kubernetes:core/v1:Secret ci-secret-jenkins-swarm-agent',
      'kubernetes:argoproj.io/v1alpha1:Application argocd-root-application',
    ]);
    expect(byName(resources, 'ci-namespace-prod-ci').retainOnDelete).toBe(true);
    const root = byName(resources, 'argocd-root-application');
    expect(root.props).toMatchObject({ metadata: { name: 'keelson-prod', namespace: 'argocd' }, spec: { source: { path: 'manifests/prod/argocd' } } });
    expect(root.dependsOn).toEqual(['ci-namespace-prod-ci', 'ci-secret-jenkins-admin', 'ci-secret-jenkins-swarm-agent']);
    expect(outputs.rootApplication).toBe('argocd/keelson-prod');
  });
});

describe('stack config errors', () => {
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

  test('a Secret value stored in plaintext is refused', async () => {
    expect(await fails('dev', { 'keelson:environment': 'dev', ...SECRETS }, Object.keys(SECRETS).slice(1))).toThrow(
      'keelson: 1 Secret value(s) are not encrypted; set them again with --secret:\n  pulumi config set --secret keelson:secret.jenkins-admin.username <value>   # currently plaintext in Pulumi.<stack>.yaml',
    );
  });

  test('a preview stack needs its PR number; other stacks refuse one', async () => {
    expect(await fails('pr-x', { 'keelson:environment': 'preview', ...SECRETS })).toThrow(
      "keelson: environment 'preview' is namespace-agnostic: set the pull request number, e.g. `pulumi config set keelson:pr 42`; got nothing",
    );
    expect(await fails('dev', { 'keelson:environment': 'dev', 'keelson:pr': '7', ...SECRETS })).toThrow("keelson: keelson:pr is only for preview stacks; environment 'dev' has its own namespaces");
  });

  test('an unknown delivery mode or environment is refused', async () => {
    expect(await fails('dev', { 'keelson:environment': 'dev', 'keelson:delivery': 'flux', ...SECRETS })).toThrow("keelson: keelson:delivery must be 'direct' or 'argocd'; got \"flux\"");
    expect(await fails('preview-argo', { 'keelson:environment': 'preview', 'keelson:pr': '3', 'keelson:delivery': 'argocd', ...SECRETS })).toThrow(
      "keelson: keelson:delivery 'argocd' needs an app-of-apps, which environment 'preview' does not have (delivery.argocd.appOfApps is false)",
    );
    expect(await fails('qa', { 'keelson:environment': 'qa', ...SECRETS })).toThrow("stacks 'environments': environment must be one of dev, staging, prod, preview; got \"qa\"");
  });
});

/**
 * The platform plus two charts of the shape other components have: an operators chart (a CRD
 * and an upstream Helm release, rendered for Argo CD as a labelled Application) and a
 * messaging chart that depends on it and holds data in a custom resource.
 */
function withOperators(env: EnvironmentConfig): Platform {
  const platform = buildPlatform(env);
  const operators = new KeelsonChart(platform.app, 'operators', { namespace: `${env.name}-operators` });
  new ApiObject(operators, 'crd', { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'kafkas.kafka.strimzi.io' } });
  recordRelease(operators, { name: 'strimzi', namespace: `${env.name}-operators`, chart: { repoURL: 'oci://quay.io/strimzi-helm', chart: 'strimzi-kafka-operator', version: '1.2.0' }, values: { watchAnyNamespace: true } });
  new ApiObject(operators, 'strimzi-app', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'strimzi', namespace: 'argocd', labels: { 'keelson.io/upstream-release': 'strimzi' } } });
  const messaging = new KeelsonChart(platform.app, 'messaging', { namespace: `${env.name}-messaging` });
  new ApiObject(messaging, 'kafka', { apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka', metadata: { name: 'events', annotations: DATA_PROTECTION_ANNOTATIONS }, spec: {} });
  new ApiObject(messaging, 'topic', { apiVersion: 'kafka.strimzi.io/v1', kind: 'KafkaTopic', metadata: { name: 'logs' }, spec: {} });
  messaging.addDependency(operators);
  return { ...platform, charts: [...platform.charts, operators, messaging] };
}

describe('pulumi up with operator and messaging charts (generic over the platform charts)', () => {
  let resources: Registered[];
  beforeAll(async () => {
    ({ resources } = await run('prod', { 'keelson:environment': 'prod', ...SECRETS }, undefined, withOperators));
  });

  test('upstream releases become Helm charts; their Argo CD Applications are not deployed', () => {
    const release = byName(resources, 'operators-release-strimzi');
    expect(release.type).toBe('kubernetes:helm.sh/v4:Chart');
    expect(release.props).toMatchObject({ chart: 'oci://quay.io/strimzi-helm/strimzi-kafka-operator', version: '1.2.0', name: 'strimzi', namespace: 'prod-operators', values: { watchAnyNamespace: true } });
    const everything = resources.flatMap((r) => r.props.objs ?? []);
    expect(everything.filter((o: any) => o.kind === 'Application')).toEqual([]);
  });

  test('CRDs go with the cluster objects, before the release and the rest', () => {
    expect(byName(resources, 'operators-cluster').props.objs.map((o: any) => o.kind)).toEqual(['Namespace', 'CustomResourceDefinition']);
    expect(byName(resources, 'operators-release-strimzi').dependsOn).toEqual(['operators-cluster']);
  });

  test('a chart waits for every resource of the charts it depends on; independent charts do not wait', () => {
    expect(byName(resources, 'messaging-cluster').dependsOn).toEqual(['operators-cluster', 'operators-release-strimzi']);
    expect(byName(resources, 'operators-cluster').dependsOn).toEqual([]);
    expect(byName(resources, 'ci-cluster').dependsOn).toEqual([]);
  });

  test('a custom resource holding data is its own protected, retained resource', () => {
    const kafka = byName(resources, 'messaging-kafka-events');
    expect(kafka.type).toBe('kubernetes:kafka.strimzi.io/v1:Kafka');
    expect([kafka.protect, kafka.retainOnDelete]).toEqual([true, true]);
    expect(kafka.props.metadata.namespace).toBe('prod-messaging');
    expect(byName(resources, 'messaging').props.objs.map((o: any) => o.kind)).toEqual(['KafkaTopic']);
  });
});
