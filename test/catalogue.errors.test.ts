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
import { PlatformBuilder } from '../render';
import { synth } from '../cli/synth';
import { k8s } from '../constructs/k8s';
import { recordFlow } from '../constructs/common/wiring';
import { defineEnvironment, EnvironmentOverrides } from '../stacks/define';
import { getEnvironment, UNKNOWN_ENVIRONMENT } from '../stacks/environments';
import { unknownEnvironmentError } from './support/environments';
import { layer } from '../stacks/merge';
import { buildPlatform } from '../stacks/platform';
import { EnvironmentConfig } from '../stacks/types';
import { App, Chart } from 'cdk8s';
import * as pulumi from '@pulumi/pulumi';
import { Construct } from 'constructs';
import { main } from '../cli/keelson';
import { Checks, ConfigError } from '../constructs/common/errors';
import { JenkinsCluster } from '../constructs/jenkins/jenkins-cluster';
import { KafkaCluster } from '../constructs/kafka/kafka-cluster';
import { KafkaTopic } from '../constructs/kafka/kafka-topic';
import { KafkaUser } from '../constructs/kafka/kafka-user';
import { LoadBalancerPool } from '../constructs/loadbalancer/load-balancer-pool';
import { EsSync } from '../constructs/logstash/es-sync';
import { BgpPeer } from '../constructs/openelb/bgp-peer';
import { keelsonProgram } from '../stacks/pulumi/program';
import { dedicated } from './kafka/fixture';
import { ES_SYNC } from './support/es-sync-fixture';
import { variant } from './support/harness';
import { JENKINS as JENKINS_PROPS } from './support/jenkins-fixture';
import { collidingPlatform } from './support/colliding';

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
const override = (env: string, overrides: EnvironmentOverrides | Record<string, unknown>): EnvironmentConfig[] => [
  layer(getEnvironment(env), overrides as never),
];
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
  { name: 'an unknown environment', envs: ['dev', UNKNOWN_ENVIRONMENT], message: unknownEnvironmentError() },
  {
    name: 'an environment name that cannot prefix namespaces',
    environments: [defineEnvironment('Prod_EU', { tier: 'production' })],
    message: `environment (Prod_EU): name ${DNS_LABEL(20)}; got "Prod_EU"`,
  },
  {
    name: 'a too-long environment name',
    environments: [defineEnvironment('production-europe-west', { tier: 'production' })],
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
      d.scope = 'namespace-agnostic';
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
    environments: edit('staging', (d) => {
      d.scope = 'namespace-agnostic';
      delete d.namespacePrefix;
    }),
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
    build: collidingPlatform('extra-casc'),
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
    // Keyed by name, two templates cannot share one: removing the base's entry removes it whole.
    name: 'no pod templates',
    environments: override('prod', { ci: { kubernetesCloud: { templates: { default: null, large: null } } } }),
    message: `${J('prod')}kubernetesCloud.templates must hold at least one pod template; got {}`,
  },
  {
    name: 'a pod template name over 63 characters',
    environments: edit('prod', (d) => (d.ci.kubernetesCloud.templates['t'.repeat(64)] = d.ci.kubernetesCloud.templates.large)),
    message: `${J('prod')}kubernetesCloud.templates.${'t'.repeat(64)} ${DNS_LABEL(63)}; got "${'t'.repeat(64)}"`,
  },
  {
    // The Kubernetes plugin runs a build on a template whose labels match its `agent { label }`.
    name: 'a pod template without labels',
    environments: override('prod', { ci: { kubernetesCloud: { templates: { large: { labels: [] } } } } }),
    message: `${J('prod')}kubernetesCloud.templates.large.labels must list at least one entry; got []`,
  },
  {
    name: 'a zero instance cap',
    environments: override('prod', { ci: { kubernetesCloud: { templates: { large: { instanceCap: 0 } } } } }),
    message: `${J('prod')}kubernetesCloud.templates.large.instanceCap ${whole(1, 1000)}; got 0`,
  },
  {
    name: 'negative idle minutes',
    environments: override('dev', { ci: { kubernetesCloud: { templates: { default: { idleMinutes: -1 } } } } }),
    message: `${J('dev')}kubernetesCloud.templates.default.idleMinutes ${whole(0, 1440)}; got -1`,
  },
  {
    name: 'a zero container cap',
    environments: override('prod', { ci: { kubernetesCloud: { containerCap: 0 } } }),
    message: `${J('prod')}kubernetesCloud.containerCap ${whole(1, 1000)}; got 0`,
  },
];

// Typos: esbuild bundles without type checking, so only the runtime shapes catch them.
const E = (env: string) => `environment (${env}): `;
const TYPOS: Case[] = [
  {
    name: 'a misspelt autoscaling field',
    environments: override('dev', { ci: { agents: { autoscaling: { maxReplcias: 5 } } } }),
    message: `${E('dev')}ci.agents.autoscaling.maxReplcias is not a known field (did you mean "maxReplicas"?); got 5`,
  },
  {
    name: 'a misspelt component of ci',
    environments: override('prod', { ci: { controler: { replicas: 1 } } }),
    message: `${E('prod')}ci.controler is not a known field (did you mean "controller"?); got {"replicas":1}`,
  },
  {
    name: 'a misspelt chart section',
    environments: override('staging', { loging: { loki: { retentionDays: 3 } } }),
    message: `${E('staging')}loging is not a known field (did you mean "logging"?); got {"loki":{"retentionDays":3}}`,
  },
  {
    name: 'a field of the ingress variant in the wrong case',
    environments: override('dev', { ci: { exposure: { kind: 'ingress', tls: true, classname: 'nginx' } } }),
    message: `${E('dev')}ci.exposure.classname is not a known field (did you mean "className"?); got "nginx"`,
  },
  {
    name: 'a misspelt field inside a keyed entry',
    environments: override('prod', { messaging: { topics: { 'build-events': { retentionHour: 24 } } } }),
    message: `${E('prod')}messaging.topics.build-events.retentionHour is not a known field (did you mean "retentionHours"?); got 24`,
  },
  {
    name: 'a misspelt tracking start',
    environments: edit('dev', (d) => (d.esSync.syncs.orders.mode.tracking.sinse = '2026-01-01T00:00:00Z')),
    message: `${E('dev')}esSync.syncs.orders.mode.tracking.sinse is not a known field (did you mean "since"?); got "2026-01-01T00:00:00Z"`,
  },
  {
    name: 'a singular where the plural is the field',
    environments: override('staging', { operators: { metricsServer: { replica: 3 } } }),
    message: `${E('staging')}operators.metricsServer.replica is not a known field (did you mean "replicas"?); got 3`,
  },
  {
    name: 'a British spelling of persistence',
    environments: override('prod', { logging: { grafana: { persistance: { size: '10Gi' } } } }),
    message: `${E('prod')}logging.grafana.persistance is not a known field (did you mean "persistence"?); got {"size":"10Gi"}`,
  },
  {
    name: 'a Loki limit in the wrong case',
    environments: override('prod', { logging: { loki: { limits: { ingestionRateMB: 16 } } } }),
    message: `${E('prod')}logging.loki.limits.ingestionRateMB is not a known field (did you mean "ingestionRateMb"?); got 16`,
  },
];

// A section removed by mistake: without a check the build would crash on `undefined` (exit 70).
const MISSING: Case[] = [
  {
    name: 'no Jenkins controller section',
    environments: edit('prod', (d) => delete d.ci.controller),
    message: `${E('prod')}ci.controller must be set (it has no default: { replicas, autoscaling, storage, resources, heapPercent, image, probes }); got nothing`,
  },
  {
    name: 'no address pool',
    environments: edit('staging', (d) => delete d.loadBalancing.pool),
    message: `${E('staging')}loadBalancing.pool must be set (it has no default: { addresses, announcement }); got nothing`,
  },
  {
    name: 'no Loki section',
    environments: edit('dev', (d) => delete d.logging.loki),
    message: `${E('dev')}logging.loki must be set (it has no default: { storage, retentionDays, resources, limits }); got nothing`,
  },
  {
    name: 'no Harbor database',
    environments: edit('prod', (d) => delete d.registry.database),
    message: `${E('prod')}registry.database must be set (it has no default: { kind: internal | external }); got nothing`,
  },
  {
    name: 'no Argo CD settings in the delivery section',
    environments: edit('staging', (d) => delete d.delivery.argocd),
    message: `${E('staging')}delivery.argocd must be set (it has no default: { appOfApps, namespace, project, server }); got nothing`,
  },
];

const DUPLICATES: Case[] = [
  // Topics and users are keyed by name, so two entries cannot share one; two keys Kafka treats as one still collide.
  {
    // Kafka's Topic.hasCollision: '.' and '_' collide in metric names.
    name: "two topic keys that differ only by '.' and '_'",
    environments: override('prod', { messaging: { topics: { 'build.events': { partitions: 3 }, build_events: { partitions: 3 } } } }),
    message: `kafka-topic 'messaging/topic-build_events' (prod): topicName must be unique among the topics of Kafka cluster 'kafka' ('messaging/topic-build.events' already declares it; Kafka treats '.' and '_' in topic names alike); got "build_events"`,
  },
  {
    name: 'two BGP peers with one name',
    environments: edit('prod', (d) => (d.loadBalancing.bgp.peers[1].name = 'tor-a')),
    message: `load-balancer 'network' (prod): loadBalancing.bgp.peers[1].name must be unique among BGP peers; got "tor-a"`,
  },
  {
    name: 'one environment name twice',
    environments: [getEnvironment('dev'), getEnvironment('staging'), getEnvironment('dev')],
    message:
      'stacks \'environments\': environments[2].name must be unique among the environments rendered together (environments[0] has it; each owns the folder of its name); got "dev"',
  },
  {
    name: 'one environment selected twice',
    envs: ['staging', 'staging'],
    message:
      'stacks \'environments\': environments[1].name must be unique among the environments rendered together (environments[0] has it; each owns the folder of its name); got "staging"',
  },
];

const ES = (env: string) => `es-sync 'es-sync/es-sync' (${env}): `;
const KT = (env: string, topic: string) => `kafka-topic 'messaging/topic-${topic}' (${env}): `;
const POOL_RESERVED = (cidr: string, purpose: string) =>
  `must not include special-purpose addresses (${cidr}, ${purpose}; RFC 6890): the load balancer would hand them to Services`;
const PROD_DATA = "must be 'jbod' in production (ephemeral storage loses every record and the KRaft metadata when a pod restarts)";
const INTERNAL_TOPIC = "must not start with '__' (the prefix of internal topics such as Kafka's __consumer_offsets, which brokers and operators manage)";
const IMPOSSIBLE: Case[] = [
  {
    // rufus-scheduler would accept it and never run: February has no 30th.
    name: 'a schedule on 30 February',
    environments: override('dev', { esSync: { syncs: { orders: { mode: { kind: 'incremental', schedule: '0 3 30 2 *' } } } } }),
    message: `${ES('dev')}syncs.orders.mode.schedule must fire at least once (no selected month has day 30, so the sync would never run); got "0 3 30 2 *"`,
  },
  {
    name: 'a schedule on the 31st of the short months',
    environments: edit('staging', (d) => (d.esSync.syncs.commerce.mode.schedule = '0 0 31 4,6,9,11 *')),
    message: `${ES('staging')}syncs.commerce.mode.schedule must fire at least once (no selected month has day 31, so the sync would never run); got "0 0 31 4,6,9,11 *"`,
  },
  {
    // Date.parse rolls it over to 2 March; Elasticsearch's strict date parser refuses it.
    name: 'a tracking start on a day that does not exist',
    environments: edit('dev', (d) => (d.esSync.syncs.orders.mode.tracking.since = '2026-02-30T00:00:00Z')),
    message: `${ES('dev')}syncs.orders.mode.tracking.since must be a date that exists in the calendar (Elasticsearch parses dates strictly); got "2026-02-30T00:00:00Z"`,
  },
  {
    name: 'a tracking start decades ahead',
    environments: edit('dev', (d) => (d.esSync.syncs.orders.mode.tracking.since = '2062-01-01T00:00:00Z')),
    message: `${ES('dev')}syncs.orders.mode.tracking.since must not lie more than 366 days in the future (nothing would be copied until then); got "2062-01-01T00:00:00Z"`,
  },
  {
    // Host names are case-insensitive (RFC 3986 3.2.2): this copies every index onto itself.
    name: 'a destination that is the source in other letter case',
    environments: edit('staging', (d) => {
      d.esSync.destination.hosts = d.esSync.source.hosts.map((h: string) => h.replace('es-source', 'ES-Source'));
      Object.values(d.esSync.syncs).forEach((s: any) => delete s.rename);
    }),
    message: `${ES('staging')}syncs.commerce.rename must rename indices when source and destination are the same cluster (a copy onto itself); got {"kind":"keep"}`,
  },
  {
    // Elasticsearch MetadataCreateIndexService.MAX_INDEX_NAME_BYTES = 255.
    name: 'a rename prefix that makes index names over 255 bytes',
    environments: edit('dev', (d) => (d.esSync.syncs.orders.rename = { kind: 'prefix', prefix: 'a'.repeat(250) })),
    message: `${ES('dev')}syncs.orders.rename must give destination index names of at most 255 bytes (Elasticsearch's limit; this one has 257); got "${'a'.repeat(250)}orders-*"`,
  },
  {
    name: "Kafka's offsets topic as a managed topic",
    environments: override('prod', { messaging: { topics: { __consumer_offsets: { partitions: 50 } } } }),
    message: `${KT('prod', '__consumer_offsets')}topicName ${INTERNAL_TOPIC}; got "__consumer_offsets"`,
  },
  {
    name: 'a topic name in the internal namespace',
    environments: override('dev', { messaging: { topics: { __audit: { partitions: 1 } } } }),
    message: `${KT('dev', '__audit')}topicName ${INTERNAL_TOPIC}; got "__audit"`,
  },
  {
    name: 'a cleanup policy Kafka does not have',
    environments: edit('prod', (d) => (d.messaging.topics['build-events'].cleanupPolicy = 'compacted')),
    message: `${KT('prod', 'build-events')}cleanupPolicy must be 'delete', 'compact' or 'compact,delete' (Kafka's cleanup.policy); got "compacted"`,
  },
  {
    name: 'fractional topic replicas',
    environments: override('prod', { messaging: { topics: { 'build-events': { replicas: 2.5 } } } }),
    message: `${KT('prod', 'build-events')}replicas must be a whole number >= 1; got 2.5`,
  },
  {
    name: 'fractional Strimzi operator replicas (Helm would pass them through)',
    environments: override('prod', { operators: { strimziReplicas: 1.5 } }),
    message: "operators 'operators' (prod): operators.strimziReplicas must be a whole number between 1 and 5; got 1.5",
  },
  {
    name: 'no metrics-server replicas',
    environments: override('staging', { operators: { metricsServer: { replicas: 0 } } }),
    message:
      "operators 'operators' (staging): operators.metricsServer.replicas must be a whole number between 1 and 5 (with none the metrics API goes unserved and every HorizontalPodAutoscaler stops scaling); got 0",
  },
  {
    name: 'fractional Harbor replicas',
    environments: override('prod', { registry: { replicas: 1.5 } }),
    message: "harbor 'registry/harbor' (prod): replicas must be a whole number between 1 and 10; got 1.5",
  },
  {
    name: 'fractional Jaeger replicas',
    environments: override('prod', { tracing: { jaeger: { replicas: 2.5 } } }),
    message: "jaeger 'tracing/jaeger' (prod): replicas must be a whole number between 1 and 20; got 2.5",
  },
  {
    name: 'a Jenkins credential with an empty user name',
    environments: edit('prod', (d) => (d.ci.credentials = [{ kind: 'usernamePassword', id: 'git', username: '', password: { name: 'git', key: 'password' } }])),
    message: `${J('prod')}credentials[0].username must be a non-empty user name; got ""`,
  },
  {
    name: 'a blank Harbor robot user name',
    environments: override('staging', { registry: { ciPush: { username: ' ' } } }),
    message: `${E('staging')}registry.ciPush.username must be a non-empty user name (the Harbor robot account Jenkins pushes with); got " "`,
  },
  {
    name: 'an address pool covering every address',
    environments: override('dev', { loadBalancing: { pool: { addresses: '0.0.0.0/0' } } }),
    message: `load-balancer 'network/pool' (dev): pool.addresses ${POOL_RESERVED('0.0.0.0/8', '"this network"')}; got "0.0.0.0/0"`,
  },
  {
    name: 'an address pool of loopback addresses',
    environments: override('staging', { loadBalancing: { pool: { addresses: '127.0.0.0/29' } } }),
    message: `load-balancer 'network/pool' (staging): pool.addresses ${POOL_RESERVED('127.0.0.0/8', 'loopback')}; got "127.0.0.0/29"`,
  },
  {
    name: 'an address pool of multicast addresses',
    environments: override('staging', { loadBalancing: { pool: { addresses: '224.0.0.10-224.0.0.20' } } }),
    message: `load-balancer 'network/pool' (staging): pool.addresses ${POOL_RESERVED('224.0.0.0/4', 'multicast')}; got "224.0.0.10-224.0.0.20"`,
  },
  {
    // Production is the environment named 'prod' until environments carry a tier.
    name: 'ephemeral Kafka brokers in production',
    environments: edit('prod', (d) => (d.messaging.kafka.nodes.brokers.storage = { kind: 'ephemeral' })),
    message: `${E('prod')}messaging.kafka.nodes.brokers.storage.kind ${PROD_DATA}; got "ephemeral"`,
  },
  {
    name: 'ephemeral combined Kafka nodes in production',
    environments: edit(
      'prod',
      (d) =>
        (d.messaging.kafka.nodes = {
          kind: 'combined',
          nodes: { ...d.messaging.kafka.nodes.brokers, replicas: 3, storage: { kind: 'ephemeral', sizeLimit: '10Gi' } },
        }),
    ),
    message: `${E('prod')}messaging.kafka.nodes.nodes.storage.kind ${PROD_DATA}; got "ephemeral"`,
  },
];

// What the API server refuses is refused before writing (apimachinery's IsDNS1123Subdomain for
// spec.ingressClassName; ValidateAnnotations: IsQualifiedName of the lower-cased key).
const ANNOTATION_KEY = 'must be an annotation key (an optional DNS subdomain prefix and "/", then a name of at most 63 alphanumerics, "-", "_" or ".")';
const API_SERVER: Case[] = [
  {
    name: 'an IngressClass name with upper case and "_"',
    environments: override('dev', { ci: { exposure: { kind: 'ingress', tls: true, className: 'Nginx_Internal' } } }),
    message: `${J('dev')}exposure.ingressClassName ${SUBDOMAIN}; got "Nginx_Internal"`,
  },
  {
    name: 'an annotation key with a space and "!"',
    environments: override('staging', { ci: { exposure: { kind: 'loadBalancer', annotations: { 'bad key!': 'x' } } } }),
    message: `${J('staging')}exposure.annotations["bad key!"] ${ANNOTATION_KEY}; got "bad key!"`,
  },
  {
    name: 'an annotation key with a prefix and no name',
    environments: override('staging', {
      logging: { grafana: { exposure: { kind: 'ingress', tls: true, annotations: { 'nginx.ingress.kubernetes.io/': 'x' } } } },
    }),
    message: `grafana 'logging/grafana' (staging): exposure.annotations["nginx.ingress.kubernetes.io/"] ${ANNOTATION_KEY}; got "nginx.ingress.kubernetes.io/"`,
  },
  {
    name: "Harbor's IngressClass with a space",
    environments: override('staging', { registry: { exposure: { kind: 'ingress', tls: true, className: 'nginx internal' } } }),
    message: `harbor 'registry/harbor' (staging): exposure.className ${SUBDOMAIN}; got "nginx internal"`,
  },
  {
    name: 'an annotation name over 63 characters',
    environments: override('staging', { registry: { exposure: { kind: 'ingress', tls: true, annotations: { ['a'.repeat(64)]: 'x' } } } }),
    message: `harbor 'registry/harbor' (staging): exposure.annotations["${'a'.repeat(64)}"] ${ANNOTATION_KEY}; got "${'a'.repeat(64)}"`,
  },
];

/** A platform with one more raw object in a chart: what a chart author's L1 object would put in the output. */
const withObject =
  (chart: string, build: (scope: Construct) => void): PlatformBuilder =>
  (env) => {
    const p = buildPlatform(env);
    build(p.charts.find((c) => c.node.id === chart)!);
    return p;
  };

// Raw objects skip the constructs' checks: synth still runs the API-server rules of `keelson
// validate` on every object before it writes (label keys: IsQualifiedName; container names:
// IsDNS1123Label; port names: IsValidPortName, at most 15 characters).
API_SERVER.push(
  {
    name: 'a raw object with a label key the API server refuses',
    envs: ['dev'],
    build: withObject('ci', (s) => new k8s.KubeConfigMap(s, 'extra', { metadata: { name: 'extra', labels: { 'team name': 'ci' } } })),
    message:
      'chart \'ci\' (dev): ConfigMap/extra metadata.labels["team name"]: label key "team name" must be an optional DNS subdomain prefix and "/" followed by a name of at most 63 alphanumerics, "-", "_" or "." (the API server would refuse it)',
  },
  {
    name: 'a raw Service with a port name over 15 characters',
    envs: ['staging'],
    build: withObject(
      'ci',
      (s) =>
        new k8s.KubeService(s, 'extra', {
          metadata: { name: 'extra' },
          spec: {
            selector: { app: 'x' },
            ports: [
              { name: 'metrics-prometheus', port: 9090 },
              { name: 'http', port: 80 },
            ],
          },
        }),
    ),
    message:
      'chart \'ci\' (staging): Service/extra spec.ports[0].name: "metrics-prometheus" must be an IANA service name (at most 15 lower-case alphanumerics or "-", with a letter, no "--") (the API server would refuse it)',
  },
);

const CLUSTERS: Case[] = [
  {
    name: 'two environments installing the add-ons of one cluster',
    environments: override('staging', { loadBalancing: { cluster: 'prod', pool: { addresses: '10.30.1.0/28' } } }),
    message:
      "environment (staging): operators.installClusterAddons must be true in exactly one environment of cluster 'prod' (cluster add-ons are cluster-wide), but 'staging' and 'prod' both install them; got true",
  },
  {
    name: 'a cluster whose add-ons nobody installs',
    environments: override('dev', { operators: { installClusterAddons: false } }),
    message:
      "environment (dev): operators.installClusterAddons must be true in exactly one environment of cluster 'dev', but none of 'dev' installs them (nothing would reconcile their Kafka clusters and address pools); got false",
  },
];

/** Every bad input of an environment file, by component. Append a section for each new component. */
// One storage path: an ephemeral data volume is an emptyDir (core/v1 EmptyDirVolumeSource has
// only medium and sizeLimit, no StorageClass), which production refuses for data. Harbor's chart
// (goharbor/harbor-helm 1.19, templates/*/*-pvc.yaml) renders every claim under the one switch
// persistence.enabled, so a single Harbor volume cannot be an emptyDir.
const EPHEMERAL = (loses: string) => `must be 'persistent' in production (an emptyDir loses ${loses} when the pod restarts)`;
const STORAGE: Case[] = [
  {
    name: 'a StorageClass on an ephemeral volume (the one the user set, not the environment default)',
    environments: override('preview', { storageClass: 'standard', ci: { controller: { storage: { storageClass: 'fast' } } } }),
    message: `${J('preview')}controller.storage.storageClass must be unset for an ephemeral volume (an emptyDir has no StorageClass); got "fast"`,
  },
  {
    name: 'an access mode on an ephemeral volume',
    environments: override('preview', { ci: { controller: { storage: { accessMode: 'ReadWriteOnce' } } } }),
    message: `${J('preview')}controller.storage.accessMode must be unset for an ephemeral volume (an emptyDir has no access mode); got "ReadWriteOnce"`,
  },
  {
    name: 'an ephemeral JENKINS_HOME in production',
    environments: override('prod', { ci: { controller: { storage: { lifetime: 'ephemeral' } } } }),
    message: `${E('prod')}ci.controller.storage.lifetime ${EPHEMERAL('JENKINS_HOME (jobs, build history, credentials)')}; got "ephemeral"`,
  },
  {
    name: 'an ephemeral Loki volume in production',
    environments: override('prod', { logging: { loki: { storage: { volume: { lifetime: 'ephemeral' } } } } }),
    message: `${E('prod')}logging.loki.storage.volume.lifetime ${EPHEMERAL('the WAL and, with filesystem storage, every chunk and index')}; got "ephemeral"`,
  },
  {
    name: 'an ephemeral Badger volume in production',
    environments: edit(
      'prod',
      (d) => (d.tracing.jaeger = { ...d.tracing.jaeger, replicas: 1, storage: { kind: 'badger', volume: { size: '20Gi', lifetime: 'ephemeral' } } }),
    ),
    message: `${E('prod')}tracing.jaeger.storage.volume.lifetime ${EPHEMERAL('every span Badger stores')}; got "ephemeral"`,
  },
  {
    name: 'an ephemeral es-sync volume in production',
    environments: override('prod', { esSync: { storage: { lifetime: 'ephemeral' } } }),
    message: `${E('prod')}esSync.storage.lifetime ${EPHEMERAL("the persisted queues and the incremental syncs' last values")}; got "ephemeral"`,
  },
  {
    name: 'an ephemeral Harbor database volume (the chart claims every volume or none)',
    environments: override('staging', { registry: { database: { volume: { lifetime: 'ephemeral' } } } }),
    message: `harbor 'registry/harbor' (staging): database.volume.lifetime must be 'persistent' (Harbor's chart turns persistence on or off for all its volumes at once); got "ephemeral"`,
  },
  {
    name: 'an unknown volume lifetime on Loki',
    environments: override('dev', { logging: { loki: { storage: { volume: { lifetime: 'temporary' as 'ephemeral' } } } } }),
    message: `loki 'logging/loki' (dev): storage.volume.lifetime must be 'persistent' or 'ephemeral'; got "temporary"`,
  },
];

const CATALOGUE: readonly Case[] = [
  ...STACKS,
  ...STORAGE,
  ...COLLISIONS,
  ...WIRING,
  ...JENKINS,
  ...TYPOS,
  ...MISSING,
  ...DUPLICATES,
  ...IMPOSSIBLE,
  ...API_SERVER,
  ...CLUSTERS,
];

/** A library user's bad construct props: built in their own App, rejected before `app.synth()` writes a file. */
interface LibraryCase {
  readonly name: string;
  readonly build: (chart: Chart, app: App) => void;
  readonly message: string;
}

const kafka = (c: Construct) => new KafkaCluster(c, 'kafka', { ...dedicated, authorization: { kind: 'simple' } });
/** cdk8s reports node.addValidation failures (cross-construct rules) with the construct path. */
const validation = (path: string, message: string) => `Validation failed with the following errors:\n  [${path}] ${message}`;
const UNIQUE_TOPIC =
  "must be unique among the topics of Kafka cluster 'kafka' ('platform/a' already declares it; Kafka treats '.' and '_' in topic names alike)";
const WATCHED = (kind: string) =>
  `namespace must be the namespace of Kafka cluster 'kafka' ("platform"): Strimzi's entity operator watches only that namespace and would never reconcile this ${kind}; got "apps"`;
const LIBRARY: LibraryCase[] = [
  {
    name: 'an unknown KafkaTopic prop',
    build: (c) => new KafkaTopic(c, 't', { cluster: kafka(c), topicName: 'events', retentionHour: 24 } as never),
    message: `kafka-topic 'platform/t': retentionHour is not a known field (did you mean "retentionHours"?); got 24`,
  },
  {
    name: 'two KafkaTopics with one name in a chart',
    build: (c) => {
      const k = kafka(c);
      new KafkaTopic(c, 'a', { cluster: k, topicName: 'events' });
      new KafkaTopic(c, 'b', { cluster: k, topicName: 'events' });
    },
    message: validation('platform/b', `kafka-topic 'platform/b': topicName ${UNIQUE_TOPIC}; got "events"`),
  },
  {
    // Kafka's Topic.hasCollision: '.' and '_' collide in metric names.
    name: "two KafkaTopics that differ only by '.' and '_'",
    build: (c) => {
      const k = kafka(c);
      new KafkaTopic(c, 'a', { cluster: k, topicName: 'build.events' });
      new KafkaTopic(c, 'b', { cluster: k, topicName: 'build_events' });
    },
    message: validation('platform/b', `kafka-topic 'platform/b': topicName ${UNIQUE_TOPIC}; got "build_events"`),
  },
  {
    name: 'a KafkaTopic in another namespace than its cluster',
    build: (c, app) => new KafkaTopic(new Chart(app, 'apps', { namespace: 'apps' }), 'orders', { cluster: kafka(c), topicName: 'orders' }),
    message: validation('apps/orders', `kafka-topic 'apps/orders': ${WATCHED('KafkaTopic')}`),
  },
  {
    name: 'a KafkaUser in another namespace than its cluster',
    build: (c, app) => new KafkaUser(new Chart(app, 'apps', { namespace: 'apps' }), 'svc', { cluster: kafka(c), name: 'svc', authentication: 'tls' }),
    message: validation('apps/svc', `kafka-user 'apps/svc': ${WATCHED('KafkaUser')}`),
  },
  {
    name: 'two KafkaUsers with one name',
    build: (c) => {
      const k = kafka(c);
      new KafkaUser(c, 'a', { cluster: k, name: 'svc', authentication: 'tls' });
      new KafkaUser(c, 'b', { cluster: k, name: 'svc', authentication: 'scram-sha-512' });
    },
    message: validation(
      'platform/b',
      `kafka-user 'platform/b': name must be unique among the users of Kafka cluster 'kafka' ('platform/a' already declares it); got "svc"`,
    ),
  },
  {
    name: "Kafka's transaction log as a KafkaTopic",
    build: (c) => new KafkaTopic(c, 't', { cluster: kafka(c), topicName: '__transaction_state' }),
    message: `kafka-topic 'platform/t': topicName ${INTERNAL_TOPIC}; got "__transaction_state"`,
  },
  {
    name: 'a cleanup policy with a space for a comma',
    build: (c) => new KafkaTopic(c, 't', { cluster: kafka(c), topicName: 'events', cleanupPolicy: 'compact delete' as never }),
    message: `kafka-topic 'platform/t': cleanupPolicy must be 'delete', 'compact' or 'compact,delete' (Kafka's cleanup.policy); got "compact delete"`,
  },
  {
    name: 'an unknown KafkaCluster prop',
    build: (c) => new KafkaCluster(c, 'kafka', { ...dedicated, minInSyncReplicas: 2 } as never),
    message: `kafka 'platform/kafka': minInSyncReplicas is not a known field (did you mean "minInsyncReplicas"?); got 2`,
  },
  {
    // The WHATWG URL parser (and so Jenkins' agents and browsers) refuses ports above 65535.
    name: 'a Jenkins URL with port 99999',
    build: (c) => new JenkinsCluster(c, 'ci', { ...JENKINS_PROPS, url: 'https://jenkins.example.com:99999' }),
    message: `jenkins 'platform/ci': url must be an absolute http(s) URL with a port between 1 and 65535; got "https://jenkins.example.com:99999"`,
  },
  {
    // matrix-auth grants only what is listed: a typo of Overall/Administer locks everyone out.
    // JenkinsCluster adds the administrator's row itself, so a typo cannot lock Jenkins; it would
    // grant less than meant, and matrix-auth refuses an unknown id when JCasC loads.
    name: 'a matrix permission typo',
    build: (c) =>
      new JenkinsCluster(c, 'ci', {
        ...JENKINS_PROPS,
        authorization: {
          kind: 'globalMatrix',
          entries: [
            { type: 'user', name: 'admin', permissions: ['Overall/Adminster'] },
            { type: 'group', name: 'authenticated', permissions: ['Overall/Read'] },
          ],
        },
      }),
    message: `jenkins 'platform/ci': authorization.entries[0].permissions[0] must be a matrix-auth permission id such as Overall/Read or Job/Build; got "Overall/Adminster"`,
  },
  {
    name: 'a matrix permission in the wrong case',
    build: (c) =>
      new JenkinsCluster(c, 'ci', {
        ...JENKINS_PROPS,
        authorization: { kind: 'globalMatrix', entries: [{ type: 'user', name: 'admin', permissions: ['overall/administer'] }] },
      }),
    message: `jenkins 'platform/ci': authorization.entries[0].permissions[0] must be a matrix-auth permission id such as Overall/Read or Job/Build (did you mean "Overall/Administer"?); got "overall/administer"`,
  },
  {
    // Untyped props (JavaScript, a cast, a parsed config file) lacking the required section.
    name: 'a JenkinsCluster without its controller',
    build: (c) => {
      const { controller: _controller, ...rest } = JENKINS_PROPS;
      new JenkinsCluster(c, 'ci', rest as never);
    },
    message: `jenkins 'platform/ci': controller must be set, with at least { storage, resources } (the controller has no default); got nothing`,
  },
  {
    name: 'an unknown JenkinsCluster prop',
    build: (c) => new JenkinsCluster(c, 'ci', { ...JENKINS_PROPS, agentsPort: 50001 } as never),
    message: `jenkins 'platform/ci': agentsPort is not a known field (did you mean "agentPort"?); got 50001`,
  },
  {
    name: 'an unknown prop deep in the Jenkins controller',
    build: (c) =>
      new JenkinsCluster(
        c,
        'ci',
        variant(JENKINS_PROPS, (d) => (d.controller.storage.storageclass = 'fast')),
      ),
    message: `jenkins 'platform/ci': controller.storage.storageclass is not a known field (did you mean "storageClass"?); got "fast"`,
  },
  {
    name: 'an annotation key with a space, from a library user',
    build: (c) => new JenkinsCluster(c, 'ci', { ...JENKINS_PROPS, exposure: { kind: 'loadBalancer', annotations: { 'Example.com/pool name': 'x' } } }),
    message: `jenkins 'platform/ci': exposure.annotations["Example.com/pool name"] ${ANNOTATION_KEY}; got "Example.com/pool name"`,
  },
  {
    name: 'an IngressClass name with a slash',
    build: (c) =>
      new JenkinsCluster(c, 'ci', { ...JENKINS_PROPS, exposure: { kind: 'ingress', host: 'jenkins.example.com', ingressClassName: 'nginx/internal' } }),
    message: `jenkins 'platform/ci': exposure.ingressClassName ${SUBDOMAIN}; got "nginx/internal"`,
  },
  {
    name: 'a blank credential user name in props',
    build: (c) =>
      new JenkinsCluster(c, 'ci', {
        ...JENKINS_PROPS,
        credentials: [{ kind: 'usernamePassword', id: 'git', username: '  ', password: { name: 'git', key: 'password' } }],
      }),
    message: `jenkins 'platform/ci': credentials[0].username must be a non-empty user name; got "  "`,
  },
  {
    name: 'an unknown BgpPeer prop',
    build: (c) => new BgpPeer(c, 'peer', { name: 'tor-a', peerAs: 64500, neighborAddress: '10.0.0.1', peerASN: 1 } as never),
    message: `openelb 'platform/peer': peerASN is not a known field (did you mean "peerAs"?); got 1`,
  },
  {
    name: 'a LoadBalancerPool of 0.0.0.0/0',
    build: (c) =>
      new LoadBalancerPool(c, 'pool', { backend: { kind: 'metallb' }, pool: { name: 'all', addresses: '0.0.0.0/0', announcement: { kind: 'layer2' } } }),
    message: `load-balancer 'platform/pool': pool.addresses ${POOL_RESERVED('0.0.0.0/8', '"this network"')}; got "0.0.0.0/0"`,
  },
  {
    name: 'an unknown EsSync queue field',
    build: (c) => new EsSync(c, 'copy', { ...ES_SYNC, queue: { maxByte: '1Gi' } } as never),
    message: `es-sync 'platform/copy': queue.maxByte is not a known field (did you mean "maxBytes"?); got "1Gi"`,
  },
  {
    name: 'an EsSync schedule on 30 February',
    build: (c) =>
      new EsSync(
        c,
        'copy',
        variant(ES_SYNC, (d) => (d.syncs.orders.mode.schedule = '0 0 30 2 *')),
      ),
    message: `es-sync 'platform/copy': syncs.orders.mode.schedule must fire at least once (no selected month has day 30, so the sync would never run); got "0 0 30 2 *"`,
  },
  {
    name: 'an EsSync destination naming the source hosts in capitals',
    build: (c) =>
      new EsSync(
        c,
        'copy',
        variant(ES_SYNC, (d) => {
          d.destination.hosts = ['https://SOURCE-A.example.com:9200', 'https://Source-B.Example.com:443/'];
          Object.values(d.syncs).forEach((s: any) => delete s.rename);
        }),
      ),
    message: `es-sync 'platform/copy': syncs.archive.rename must rename indices when source and destination are the same cluster (a copy onto itself); got {"kind":"keep"}`,
  },
  {
    name: 'an EsSync map target over 255 bytes',
    build: (c) =>
      new EsSync(
        c,
        'copy',
        variant(ES_SYNC, (d) => (d.syncs.catalog.rename.map.products = 'p'.repeat(256))),
      ),
    message: `es-sync 'platform/copy': syncs.catalog.rename must give destination index names of at most 255 bytes (Elasticsearch's limit; this one has 256); got "${'p'.repeat(256)}"`,
  },
];

/** Bad command-line flags: the exit code, the lines printed and, again, nothing written. */
interface CliCase {
  readonly name: string;
  readonly argv: readonly string[];
  readonly lines: readonly string[];
}

const CLI: CliCase[] = [
  {
    name: 'synth --env twice with one name',
    argv: ['synth', '--env', 'dev', '--env', 'dev'],
    lines: [
      'error: stacks \'environments\': environments[1].name must be unique among the environments rendered together (environments[0] has it; each owns the folder of its name); got "dev"',
      'nothing was written',
    ],
  },
  {
    name: 'synth --env with an unknown environment',
    argv: ['synth', '--env', UNKNOWN_ENVIRONMENT],
    lines: [`error: ${unknownEnvironmentError()}`, 'nothing was written'],
  },
  {
    name: 'validate --env with an unknown environment',
    argv: ['validate', '--env', 'Prod'],
    lines: [`error: ${unknownEnvironmentError('Prod')}`],
  },
  {
    name: 'report --env twice with one name',
    argv: ['report', '--env', 'prod', '--env', 'prod'],
    lines: [
      'error: stacks \'environments\': environments[1].name must be unique among the environments rendered together (environments[0] has it; each owns the folder of its name); got "prod"',
    ],
  },
  {
    name: 'graph --env with an unknown environment',
    argv: ['graph', '--env', 'production'],
    lines: [`error: ${unknownEnvironmentError('production')}`, 'nothing was written'],
  },
];

/** Bad stack config of `pulumi up`: a RunError (Pulumi prints its message, no stack trace) before any resource. */
interface StackConfigCase {
  readonly name: string;
  readonly stack: string;
  readonly config: Record<string, string>;
  /** The environment the stack deploys, when the case edits it (as an environment file would). */
  readonly environment?: EnvironmentConfig;
  readonly message: string;
}

const STACK_CONFIG: StackConfigCase[] = [
  {
    name: 'a stack selecting an unknown environment',
    stack: UNKNOWN_ENVIRONMENT,
    config: { 'keelson:environment': UNKNOWN_ENVIRONMENT },
    message: `keelson: ${unknownEnvironmentError()}`,
  },
  {
    name: 'a pull request number on a stack with its own namespaces',
    stack: 'dev',
    config: { 'keelson:environment': 'dev', 'keelson:pr': '7' },
    message: "keelson: keelson:pr is only for preview stacks; environment 'dev' has its own namespaces",
  },
  {
    name: 'a preview stack without its pull request number',
    stack: 'pr-x',
    config: { 'keelson:environment': 'preview' },
    message: "keelson: environment 'preview' is namespace-agnostic: set the pull request number, e.g. `pulumi config set keelson:pr 42`; got nothing",
  },
  {
    name: 'an unknown delivery mode',
    stack: 'staging',
    config: { 'keelson:environment': 'staging', 'keelson:delivery': 'flux' },
    message: "keelson: keelson:delivery must be 'direct' or 'argocd'; got \"flux\"",
  },
  {
    name: 'a stack whose environment has a plain-http repository',
    stack: 'staging',
    config: { 'keelson:environment': 'staging' },
    environment: override('staging', { delivery: { repoURL: 'http://git.example.com/keelson.git' } })[0],
    message: 'keelson: delivery (staging): delivery.repoURL must be an https://, ssh:// or git@ repository URL; got "http://git.example.com/keelson.git"',
  },
  {
    name: 'a stack whose environment file has a typo',
    stack: 'prod',
    config: { 'keelson:environment': 'prod' },
    environment: override('prod', { ci: { agents: { autoscalling: { maxReplicas: 12 } } } })[0],
    message: `keelson: ${E('prod')}ci.agents.autoscalling is not a known field (did you mean "autoscaling"?); got {"maxReplicas":12}`,
  },
];

// Which Checks rule rejected each case: the outermost Checks method on the stack when a
// ConfigError passes through it (`later` counts for the deferred checks it runs).
const RULES = Object.getOwnPropertyNames(Checks.prototype).filter((n) => n !== 'constructor');
const rejectedBy = new Set<string>();
const active: string[] = [];
const originals = new Map<string, (...args: unknown[]) => unknown>();
function tracked<T>(rule: string, run: () => T): T {
  active.push(rule);
  try {
    return run();
  } catch (e) {
    if (e instanceof ConfigError && active.length === 1) rejectedBy.add(rule);
    throw e;
  } finally {
    active.pop();
  }
}
const proto = Checks.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const rule of RULES) {
  const original = proto[rule];
  originals.set(rule, original);
  proto[rule] =
    rule === 'later'
      ? function (this: Checks, check: unknown) {
          // The deferred check runs later, from validation: track it then.
          return original.call(this, () => tracked(rule, check as () => void));
        }
      : function (this: Checks, ...args: unknown[]) {
          return tracked(rule, () => original.apply(this, args));
        };
}
afterAll(() => originals.forEach((fn, rule) => (proto[rule] = fn)));

const ALL_CASES = [...CATALOGUE, ...LIBRARY, ...CLI, ...STACK_CONFIG];

describe('the catalogue of bad inputs', () => {
  let out: string;
  const sentinel = () => path.join(out, 'prod', 'ci', 'sentinel.yaml');
  const snapshot = () =>
    fs
      .readdirSync(out, { recursive: true })
      .map(String)
      .sort()
      .map((f) => [f, fs.statSync(path.join(out, f)).mtimeMs]);
  // One output folder for every case: each compares the folder before and after itself, so a
  // case that wrote anything fails on its own (a folder per case cost more than the cases).
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-catalogue-'));
    fs.mkdirSync(path.dirname(sentinel()), { recursive: true });
    fs.writeFileSync(sentinel(), 'untouched\n');
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('holds at least 120 cases with distinct names, through every entry point', () => {
    expect(ALL_CASES.length).toBeGreaterThanOrEqual(120);
    expect(new Set(ALL_CASES.map((c) => c.name)).size).toBe(ALL_CASES.length);
    expect(new Set(CATALOGUE.map((c) => c.message)).size).toBe(CATALOGUE.length);
    expect(new Set(LIBRARY.map((c) => c.message)).size).toBe(LIBRARY.length);
  });

  describe('environment files (synth)', () => {
    test.each(CATALOGUE.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const before = snapshot();
      const lines: string[] = [];
      const docsDir = path.join(out, 'docs');
      const code = synth({ envs: c.envs, environments: c.environments, build: c.build, outDir: out, docsDir, log: (l) => lines.push(l) });
      expect(lines).toEqual([`error: ${c.message}`, 'nothing was written']);
      expect(code).toBe(1);
      expect(snapshot()).toEqual(before);
      expect(fs.readFileSync(sentinel(), 'utf8')).toBe('untouched\n');
    });
  });

  describe('construct props (a library user’s own App)', () => {
    test.each(LIBRARY.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const outdir = path.join(out, 'library');
      const app = new App({ outdir });
      const chart = new Chart(app, 'platform', { namespace: 'platform' });
      expect(() => {
        c.build(chart, app);
        app.synth();
      }).toThrow(c.message);
      // cdk8s creates the output folder before it validates: nothing may be in it.
      expect(fs.existsSync(outdir) ? fs.readdirSync(outdir) : []).toEqual([]);
    });
  });

  describe('command-line flags', () => {
    const printed: string[] = [];
    beforeEach(() => {
      printed.length = 0;
      jest.spyOn(console, 'log').mockImplementation((l) => void printed.push(String(l)));
      jest.spyOn(console, 'error').mockImplementation((l) => void printed.push(String(l)));
    });
    afterEach(() => jest.restoreAllMocks());

    test.each(CLI.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const before = snapshot();
      const code = await main([
        ...c.argv,
        ...(c.argv[0] === 'synth' ? ['--out', out, '--docs', path.join(out, 'docs')] : []),
        ...(c.argv[0] === 'graph' ? ['--docs', path.join(out, 'docs')] : []),
      ]);
      // A configuration error: exit 1, its message, no stack trace (exit 70 is left to bugs).
      expect(code).toBe(1);
      expect(printed).toEqual(c.lines);
      expect(printed.join('\n')).not.toMatch(/^\s+at /m);
      expect(snapshot()).toEqual(before);
    });
  });

  describe('stack config (pulumi up)', () => {
    test.each(STACK_CONFIG.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const registered: string[] = [];
      pulumi.runtime.setAllConfig(c.config, []);
      await pulumi.runtime.setMocks(
        { newResource: (args) => (registered.push(args.name), { id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
        'keelson',
        c.stack,
        true,
      );
      const run = () => keelsonProgram(undefined, c.environment ? (env) => buildPlatform({ ...c.environment!, name: env.name }) : undefined);
      expect(run).toThrow(pulumi.RunError);
      expect(run).toThrow(c.message);
      expect(registered).toEqual([]);
    });
  });

  test('every Checks rule rejects at least one catalogue case', () => {
    expect(RULES.filter((r) => !rejectedBy.has(r))).toEqual([]);
    expect(RULES.length).toBeGreaterThanOrEqual(10);
  });
});
