/**
 * The catalogue of bad inputs: every case goes through `synth` into an output folder holding a
 * sentinel, and must fail with its exact message (environment, component, field, value received
 * and what is allowed) while leaving every file untouched. Components append their own section.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KeelsonChart } from '../charts/keelson-chart';
import { applyNetworkIsolation } from '../charts/network-isolation';
import { PlatformBuilder } from '../cli/render';
import { synth } from '../cli/synth';
import { k8s } from '../constructs/k8s';
import { recordFlow } from '../constructs/common/wiring';
import { defineEnvironment, EnvironmentOverrides } from '../stacks/define';
import { getEnvironment } from '../stacks/environments';
import { layer } from '../stacks/merge';
import { buildPlatform } from '../stacks/platform';
import { EnvironmentConfig } from '../stacks/types';
import { variant } from './support/harness';

/** The charts of an environment that own a namespace, as the isolation error lists them. */
const chartsOf = (env: string) =>
  buildPlatform(getEnvironment(env))
    .charts.filter((c) => c.targetNamespace !== undefined && c.workloads === 'keelson')
    .map((c) => c.node.id)
    .join(', ');

interface Case {
  readonly name: string;
  /** Registered environments to synthesize (by name), or configurations built for the case. */
  readonly envs?: readonly string[];
  readonly environments?: readonly EnvironmentConfig[];
  readonly build?: PlatformBuilder;
  readonly message: string;
}

/** A registered environment with overrides layered on top (as an environment file would). */
const override = (env: string, overrides: EnvironmentOverrides): EnvironmentConfig[] => [layer(getEnvironment(env), overrides as never)];
/** A registered environment edited freely (to remove required fields or break types). */
const edit = (env: string, mutate: (d: any) => void): EnvironmentConfig[] => [variant(getEnvironment(env), mutate)];

const DNS_LABEL = (max: number) => `must be a DNS-1123 label (lower-case letters, digits and '-', at most ${max} characters, starting and ending alphanumeric)`;
const SUBDOMAIN = 'must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters)';
const SIZE = 'must be a positive size with a unit, such as 512Mi, 20Gi or 1Ti';
const CPU = 'must be a positive CPU quantity, such as 250m, 0.5 or 2';
const SECRET_REF = 'must reference a Secret key ({ name, key })';
const whole = (min: number, max: number) => `must be a whole number between ${min} and ${max}`;
const probe = (period: number, timeout = 1) => ({
  action: { kind: 'tcp' as const, port: 'http' },
  periodSeconds: period,
  timeoutSeconds: timeout,
  failureThreshold: 3,
});

const STACKS: Case[] = [
  { name: 'an unknown environment', envs: ['dev', 'qa'], message: 'stacks \'environments\': environment must be one of dev, staging, prod, preview; got "qa"' },
  {
    name: 'an environment name that cannot prefix namespaces',
    environments: [defineEnvironment('Prod_EU', {})],
    message: `environment (Prod_EU): name ${DNS_LABEL(20)}; got "Prod_EU"`,
  },
  {
    name: 'a too-long environment name',
    environments: [defineEnvironment('production-europe-west', {})],
    message: `environment (production-europe-west): name ${DNS_LABEL(20)}; got "production-europe-west"`,
  },
  {
    name: 'a too-long namespace prefix',
    environments: override('prod', { namespacePrefix: 'p'.repeat(31) }),
    message: `environment (prod): namespacePrefix ${DNS_LABEL(30)}; got "${'p'.repeat(31)}"`,
  },
  {
    name: 'a malformed domain',
    environments: override('staging', { domain: 'Example..com' }),
    message: `environment (staging): domain ${SUBDOMAIN}; got "Example..com"`,
  },
  {
    name: 'a too-long domain',
    environments: override('staging', { domain: `${'a.'.repeat(127)}com` }),
    message: `environment (staging): domain ${SUBDOMAIN}; got "${'a.'.repeat(127)}com"`,
  },
  {
    name: 'an invalid storage class',
    environments: override('prod', { storageClass: 'Ceph_RBD' }),
    message: `environment (prod): storageClass ${SUBDOMAIN}; got "Ceph_RBD"`,
  },
  {
    name: 'an invalid Ingress controller namespace',
    environments: override('prod', { ingressControllerNamespace: 'Ingress_Nginx' }),
    message: `environment (prod): ingressControllerNamespace ${DNS_LABEL(63)}; got "Ingress_Nginx"`,
  },
  {
    name: "incompatible: generated isolation and Jenkins' own policies",
    environments: override('prod', { ci: { networkPolicy: true } }),
    message:
      'environment (prod): ci.networkPolicy must be false when networkIsolation is on (the generated policies already isolate the namespace; two sets would drift apart); got true',
  },
  {
    name: 'incompatible: network isolation with namespace-agnostic output',
    environments: edit('staging', (d) => {
      delete d.namespacePrefix;
      d.ci.exposure = { kind: 'none' };
      d.registry.enabled = false;
      d.messaging.enabled = false;
    }),
    message:
      'network-isolation (staging): charts must include a chart that owns a namespace: isolation selects peers by namespace (turn networkIsolation off for namespace-agnostic output); got ["ci","es-sync"]',
  },
  {
    name: 'a pool address in a namespace-agnostic environment',
    environments: edit('staging', (d) => delete d.namespacePrefix),
    message: `load-balancer (staging): registry.exposure.kind must not be 'addressPool' in a namespace-agnostic environment (it has no address pool of its own); got "addressPool"`,
  },
  {
    name: 'an unknown exposure kind',
    environments: edit('dev', (d) => (d.ci.exposure = { kind: 'nodePort' })),
    message: "ci 'ci' (dev): exposure.kind must be 'none', 'ingress' or 'loadBalancer'; got \"nodePort\"",
  },
];

const COLLISIONS: Case[] = [
  {
    name: 'two constructs producing the same object',
    envs: ['prod'],
    build: (env) => {
      const p = buildPlatform(env);
      new k8s.KubeConfigMap(
        p.charts.find((c) => c.node.id === 'ci')!,
        'extra-casc',
        { metadata: { name: 'jenkins-casc' } },
      );
      return p;
    },
    message:
      'chart \'ci\' (prod): objects must be unique by kind, namespace and name, but ci/jenkins/Controller/Casc and ci/extra-casc both produce it; got "/ConfigMap/prod-ci/jenkins-casc"',
  },
  {
    name: 'two charts claiming one namespace',
    envs: ['staging'],
    build: (env) => {
      const p = buildPlatform(env);
      return { ...p, charts: [...p.charts, new KeelsonChart(p.app, 'ci-copy', { namespace: 'staging-ci' })] };
    },
    message:
      'chart \'ci-copy\' (staging): objects must be unique by kind, namespace and name, but ci/Namespace and ci-copy/Namespace both produce it; got "/Namespace//staging-ci"',
  },
];

/** A platform whose ci chart records one extra flow before isolation is generated. */
const withFlow =
  (to: { chart?: string; cidr?: string }): PlatformBuilder =>
  (env) => {
    const p = buildPlatform({ ...env, networkIsolation: false });
    const from = { chart: 'ci', selector: { 'app.kubernetes.io/instance': 'jenkins', 'app.kubernetes.io/component': 'controller' } };
    recordFlow(
      p.charts.find((c) => c.node.id === 'ci')!,
      {
        from,
        to: to.chart
          ? { kind: 'pods', chart: to.chart, selector: { 'app.kubernetes.io/name': 'loki' } }
          : { kind: 'external', host: 'es.example.com', cidr: to.cidr },
        ports: [{ port: 9200 }],
        purpose: 'search sync',
      },
    );
    applyNetworkIsolation(p.app, p.charts, { ingressControllerNamespace: 'ingress-nginx' });
    return p;
  };

const WIRING: Case[] = [
  {
    name: 'a malformed CIDR in an external flow',
    envs: ['prod'],
    build: withFlow({ cidr: '10.0.0.0/33' }),
    message: 'network-isolation (prod): flows["search sync"].to.cidr must be an IPv4 or IPv6 CIDR such as 10.20.0.0/16; got "10.0.0.0/33"',
  },
  {
    name: 'an IP address where a CIDR belongs',
    envs: ['prod'],
    build: withFlow({ cidr: '192.0.2.10' }),
    message: 'network-isolation (prod): flows["search sync"].to.cidr must be an IPv4 or IPv6 CIDR such as 10.20.0.0/16; got "192.0.2.10"',
  },
  {
    name: 'a flow to a chart the environment does not have',
    envs: ['staging'],
    build: withFlow({ chart: 'search' }),
    message: `network-isolation (staging): flows must connect charts of this environment (${chartsOf('staging')}); got "search sync (chart search)"`,
  },
];

const J = (env: string) => `jenkins 'ci/jenkins' (${env}): `;
const JENKINS: Case[] = [
  {
    name: 'controller replicas other than 1',
    environments: override('prod', { ci: { controller: { replicas: 3 as 1 } } }),
    message: `${J('prod')}controller.replicas must be 1 (Jenkins has a single writer on JENKINS_HOME; scale builds with agents); got 3`,
  },
  {
    name: 'an autoscaler on the controller',
    environments: edit('prod', (d) => (d.ci.controller.autoscaling = { minReplicas: 1, maxReplicas: 2 })),
    message: `${J('prod')}controller.autoscaling must not be set (an autoscaler would start a second writer on JENKINS_HOME; scale builds with agents); got {"minReplicas":1,"maxReplicas":2}`,
  },
  {
    name: 'a size without a unit',
    environments: override('prod', { ci: { controller: { storage: { size: '200' as '1Gi' } } } }),
    message: `${J('prod')}controller.storage.size ${SIZE}; got "200"`,
  },
  {
    name: 'a size in decimal gigabytes with a B',
    environments: override('prod', { ci: { controller: { storage: { size: '200GB' as '1Gi' } } } }),
    message: `${J('prod')}controller.storage.size ${SIZE}; got "200GB"`,
  },
  {
    name: 'a zero size',
    environments: override('dev', { ci: { controller: { storage: { size: '0Gi' } } } }),
    message: `${J('dev')}controller.storage.size ${SIZE}; got "0Gi"`,
  },
  {
    name: 'a negative size',
    environments: override('dev', { ci: { controller: { storage: { size: '-5Gi' as '1Gi' } } } }),
    message: `${J('dev')}controller.storage.size ${SIZE}; got "-5Gi"`,
  },
  {
    name: 'an unknown access mode',
    environments: override('staging', { ci: { controller: { storage: { accessMode: 'ReadWriteSometimes' as 'ReadWriteOnce' } } } }),
    message: `${J('staging')}controller.storage.accessMode must be one of ReadWriteOnce, ReadWriteOncePod, ReadOnlyMany, ReadWriteMany; got "ReadWriteSometimes"`,
  },
  {
    name: 'a malformed memory limit',
    environments: override('prod', { ci: { controller: { resources: { limits: { memory: '8 gigs' as '1Gi' } } } } }),
    message: `${J('prod')}controller.resources.limits.memory ${SIZE}; got "8 gigs"`,
  },
  {
    name: 'a negative CPU request',
    environments: override('prod', { ci: { controller: { resources: { requests: { cpu: '-2' } } } } }),
    message: `${J('prod')}controller.resources.requests.cpu ${CPU}; got "-2"`,
  },
  {
    name: 'a zero CPU request',
    environments: override('prod', { ci: { controller: { resources: { requests: { cpu: '0m' } } } } }),
    message: `${J('prod')}controller.resources.requests.cpu ${CPU}; got "0m"`,
  },
  {
    name: 'a memory limit below the request',
    environments: override('prod', { ci: { controller: { resources: { requests: { memory: '16Gi' } } } } }),
    message: `${J('prod')}controller.resources.limits.memory must be at least the memory request (16Gi); got "8Gi"`,
  },
  {
    name: 'a CPU limit below the request',
    environments: override('prod', { ci: { controller: { resources: { limits: { cpu: '500m' } } } } }),
    message: `${J('prod')}controller.resources.limits.cpu must be at least the CPU request (2); got "500m"`,
  },
  {
    name: 'a memory limit too small for the JVM heap',
    environments: override('dev', { ci: { controller: { resources: { requests: { memory: '512Mi' }, limits: { memory: '768Mi' } } } } }),
    message: `${J('dev')}controller.resources.limits.memory must leave a heap of at least 512Mi at heapPercent 50 (that limit gives 384Mi); got "768Mi"`,
  },
  {
    name: 'a heap share out of range',
    environments: override('prod', { ci: { controller: { heapPercent: 95 } } }),
    message: `${J('prod')}controller.heapPercent ${whole(25, 80)}; got 95`,
  },
  {
    name: 'an image on "latest"',
    environments: override('prod', { ci: { controller: { image: { repository: 'docker.io/jenkins/jenkins', tag: 'latest' } } } }),
    message: `${J('prod')}controller.image.tag must be pinned to a released version, not "latest"; got "latest"`,
  },
  {
    name: 'an image tag with a space',
    environments: override('prod', { ci: { controller: { image: { repository: 'docker.io/jenkins/jenkins', tag: '2.580 lts' } } } }),
    message: `${J('prod')}controller.image.tag must be an image tag (letters, digits, "_", "." and "-"); got "2.580 lts"`,
  },
  {
    name: 'identical liveness and readiness probes',
    environments: override('prod', { ci: { controller: { probes: { startup: probe(5), liveness: probe(10), readiness: probe(10) } } } }),
    message: `${J('prod')}controller.probes.liveness must differ from the readiness probe (liveness restarts the container, readiness only takes it out of rotation); got {"action":{"kind":"tcp","port":"http"},"periodSeconds":10,"timeoutSeconds":1,"failureThreshold":3}`,
  },
  {
    name: 'a probe timeout longer than its period',
    environments: override('prod', { ci: { controller: { probes: { startup: probe(5, 10), liveness: probe(20), readiness: probe(10) } } } }),
    message: `${J('prod')}controller.probes.startup.timeoutSeconds must not exceed periodSeconds (5); got 10`,
  },
  {
    name: 'HPA min > max',
    environments: override('prod', { ci: { agents: { autoscaling: { minReplicas: 12 } } } }),
    message: `${J('prod')}agents.autoscaling.minReplicas must not exceed maxReplicas (10); got 12`,
  },
  {
    name: 'zero minimum replicas',
    environments: override('staging', { ci: { agents: { autoscaling: { minReplicas: 0 } } } }),
    message: `${J('staging')}agents.autoscaling.minReplicas ${whole(1, 1000)}; got 0`,
  },
  {
    name: 'negative maximum replicas',
    environments: override('staging', { ci: { agents: { autoscaling: { maxReplicas: -3 } } } }),
    message: `${J('staging')}agents.autoscaling.maxReplicas ${whole(1, 1000)}; got -3`,
  },
  {
    name: 'fractional replicas',
    environments: override('staging', { ci: { agents: { autoscaling: { maxReplicas: 2.5 } } } }),
    message: `${J('staging')}agents.autoscaling.maxReplicas ${whole(1, 1000)}; got 2.5`,
  },
  {
    name: 'a CPU target over 100 %',
    environments: override('prod', { ci: { agents: { autoscaling: { cpuUtilization: 150 } } } }),
    message: `${J('prod')}agents.autoscaling.cpuUtilization ${whole(1, 100)}; got 150`,
  },
  {
    name: 'a zero memory target',
    environments: override('prod', { ci: { agents: { autoscaling: { memoryUtilization: 0 } } } }),
    message: `${J('prod')}agents.autoscaling.memoryUtilization ${whole(1, 100)}; got 0`,
  },
  {
    name: 'a scale-down window over an hour',
    environments: override('prod', { ci: { agents: { autoscaling: { scaleDownStabilizationSeconds: 7200 } } } }),
    message: `${J('prod')}agents.autoscaling.scaleDownStabilizationSeconds ${whole(0, 3600)}; got 7200`,
  },
  {
    name: 'agents with too little memory for the Swarm client',
    environments: override('dev', { ci: { agents: { resources: { requests: { memory: '256Mi' }, limits: { memory: '256Mi' } } } } }),
    message: `${J('dev')}agents.resources.limits.memory must be at least 512Mi (the Swarm client JVM and a build share it); got "256Mi"`,
  },
  {
    name: 'zero executors',
    environments: override('prod', { ci: { agents: { executors: 0 } } }),
    message: `${J('prod')}agents.executors ${whole(1, 64)}; got 0`,
  },
  {
    name: 'a Jenkins label with a space',
    environments: override('prod', { ci: { agents: { labels: ['linux amd64'] } } }),
    message: `${J('prod')}agents.labels[0] must be a Jenkins label without spaces or operators; got "linux amd64"`,
  },
  {
    name: 'a grace period over a day',
    environments: override('prod', { ci: { agents: { terminationGracePeriodSeconds: 90000 } } }),
    message: `${J('prod')}agents.terminationGracePeriodSeconds ${whole(0, 86400)}; got 90000`,
  },
  {
    name: 'a missing agent password Secret reference',
    environments: edit('prod', (d) => delete d.ci.agents.password),
    message: `${J('prod')}agents.password ${SECRET_REF}; got nothing`,
  },
  {
    name: 'a missing admin password Secret reference',
    environments: edit('staging', (d) => delete d.ci.admin.password),
    message: `${J('staging')}admin.password ${SECRET_REF}; got nothing`,
  },
  {
    name: 'a Secret name that is not a DNS name',
    environments: override('prod', { ci: { agents: { password: { name: 'Swarm_Secret' } } } }),
    message: `${J('prod')}agents.password.name ${SUBDOMAIN}; got "Swarm_Secret"`,
  },
  {
    name: 'a Secret key with a space',
    environments: override('prod', { ci: { admin: { username: { key: 'user name' } } } }),
    message: `${J('prod')}admin.username.key must be a Secret key (letters, digits, '-', '_' and '.'); got "user name"`,
  },
  {
    name: 'a credential without its Secret reference',
    environments: edit('prod', (d) => (d.ci.credentials = [{ kind: 'usernamePassword', id: 'git', username: 'ci' }])),
    message: `${J('prod')}credentials[0].password ${SECRET_REF}; got nothing`,
  },
  {
    name: 'a credential id used twice',
    environments: edit('prod', (d) => (d.ci.credentials = [0, 1].map(() => ({ kind: 'secretText', id: 'token', secret: { name: 'ci-token', key: 'token' } })))),
    message: `${J('prod')}credentials[1].id must be unique among credentials; got "token"`,
  },
  {
    name: 'a plugin on "latest"',
    environments: edit('prod', (d) => (d.ci.plugins = { kind: 'install', plugins: [{ id: 'configuration-as-code', version: 'latest' }] })),
    message: `${J('prod')}plugins.plugins[0].version must pin a released version (not "latest" or "experimental"); got "latest"`,
  },
  {
    name: 'a plugin listed twice',
    environments: edit(
      'prod',
      (d) =>
        (d.ci.plugins = {
          kind: 'install',
          plugins: [
            { id: 'git', version: '5.7.0' },
            { id: 'git', version: '5.8.0' },
          ],
        }),
    ),
    message: `${J('prod')}plugins.plugins[1].id must not be listed twice; got "git"`,
  },
  {
    name: 'a plugin set missing a plugin the configuration uses',
    environments: edit(
      'prod',
      (d) =>
        (d.ci.plugins = {
          kind: 'install',
          plugins: [
            { id: 'configuration-as-code', version: '1971.vf9280461ea_89' },
            { id: 'kubernetes', version: '4340.v345364d31a_2a_' },
          ],
        }),
    ),
    message: `${J('prod')}plugins.plugins must include the "swarm" plugin, which this configuration uses; got ["configuration-as-code","kubernetes"]`,
  },
  {
    name: 'a baked plugin image on "latest"',
    environments: edit('prod', (d) => (d.ci.plugins = { kind: 'baked', image: { repository: 'registry.example.com/jenkins', tag: 'latest' } })),
    message: `${J('prod')}plugins.image.tag must be pinned to a released version, not "latest"; got "latest"`,
  },
  {
    name: 'two pod templates with one name',
    environments: edit('prod', (d) => d.ci.kubernetesCloud.templates.push({ ...d.ci.kubernetesCloud.templates[0] })),
    message: `${J('prod')}kubernetesCloud.templates[2].name must be unique among pod templates; got "default"`,
  },
  {
    name: 'no pod templates',
    environments: edit('prod', (d) => (d.ci.kubernetesCloud.templates = [])),
    message: `${J('prod')}kubernetesCloud.templates must list at least one entry; got []`,
  },
  {
    name: 'a pod template name over 63 characters',
    environments: edit('prod', (d) => (d.ci.kubernetesCloud.templates[0].name = 't'.repeat(64))),
    message: `${J('prod')}kubernetesCloud.templates[0].name ${DNS_LABEL(63)}; got "${'t'.repeat(64)}"`,
  },
  {
    name: 'a zero instance cap',
    environments: edit('prod', (d) => (d.ci.kubernetesCloud.templates[1].instanceCap = 0)),
    message: `${J('prod')}kubernetesCloud.templates[1].instanceCap ${whole(1, 1000)}; got 0`,
  },
  {
    name: 'negative idle minutes',
    environments: edit('dev', (d) => (d.ci.kubernetesCloud.templates[0].idleMinutes = -1)),
    message: `${J('dev')}kubernetesCloud.templates[0].idleMinutes ${whole(0, 1440)}; got -1`,
  },
  {
    name: 'a zero container cap',
    environments: override('prod', { ci: { kubernetesCloud: { containerCap: 0 } } }),
    message: `${J('prod')}kubernetesCloud.containerCap ${whole(1, 1000)}; got 0`,
  },
];

/** Every bad input, by component. Append a section for each new component. */
const CATALOGUE: readonly Case[] = [...STACKS, ...COLLISIONS, ...WIRING, ...JENKINS];

describe('the catalogue of bad inputs', () => {
  let out: string;
  const sentinel = () => path.join(out, 'prod', 'ci', 'sentinel.yaml');
  const snapshot = () =>
    fs
      .readdirSync(out, { recursive: true })
      .map(String)
      .sort()
      .map((f) => [f, fs.statSync(path.join(out, f)).mtimeMs]);
  beforeEach(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-catalogue-'));
    fs.mkdirSync(path.dirname(sentinel()), { recursive: true });
    fs.writeFileSync(sentinel(), 'untouched\n');
  });
  afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

  test('holds at least 40 cases with distinct names and messages', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CATALOGUE.map((c) => c.name)).size).toBe(CATALOGUE.length);
    expect(new Set(CATALOGUE.map((c) => c.message)).size).toBe(CATALOGUE.length);
  });

  test.each(CATALOGUE.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const before = snapshot();
    const lines: string[] = [];
    const code = synth({ envs: c.envs, environments: c.environments, build: c.build, outDir: out, log: (l) => lines.push(l) });
    expect(lines).toEqual([`error: ${c.message}`, 'nothing was written']);
    expect(code).toBe(1);
    expect(snapshot()).toEqual(before);
    expect(fs.readFileSync(sentinel(), 'utf8')).toBe('untouched\n');
  });
});
