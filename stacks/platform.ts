import { App } from 'cdk8s';
import { CiChart } from '../charts/ci';
import { EsSyncChart } from '../charts/es-sync';
import { KeelsonChart } from '../charts/keelson-chart';
import { addExternalSecrets, checkSecretBackend } from '../charts/external-secrets';
import { applyNetworkIsolation } from '../charts/network-isolation';
import { MessagingChart } from '../charts/messaging';
import { NetworkChart } from '../charts/network';
import { OperatorsChart } from '../charts/operators';
import { RegistryChart } from '../charts/registry';
import { checkSharedCluster } from './clusters';
import { checkPreviewSecretStore } from './secret-stores';
import { ENVIRONMENTS, UNKNOWN_ENVIRONMENT } from './environments';
import { LoggingChart } from '../charts/logging';
import { TracingChart } from '../charts/tracing';
import { Checks, ConfigError, ENVIRONMENT_CONTEXT, validateTree } from '../constructs/common/errors';
import { isPersistent, VolumeSpec } from '../constructs/common/storage';
import { ENVIRONMENT_SHAPES } from './environment-shape.generated';
import { ENVIRONMENT_TIERS, isNamespaceAgnostic, isProduction } from './facts';
import { EndpointExposure, EnvironmentConfig } from './types';

/** One environment's construct tree: the App and its charts in deployment order. */
export interface Platform {
  readonly env: EnvironmentConfig;
  readonly app: App;
  /** Charts in dependency order (a chart comes after those it depends on). */
  readonly charts: readonly KeelsonChart[];
}

/** Validates what belongs to the environment itself (not to any component). */
function checkEnvironment(app: App, env: EnvironmentConfig): void {
  const checks: Checks = new Checks(app, 'environment');
  // First: a misspelt key would otherwise leave the base default in place, silently.
  checks.knownFields(env, ENVIRONMENT_SHAPES.EnvironmentConfig);
  checks.dnsLabel('name', env.name, 20);
  checks.that(env.name !== UNKNOWN_ENVIRONMENT, 'name', env.name, 'must not be the name reserved for an environment that does not exist');
  checks.that(ENVIRONMENT_TIERS.includes(env.tier), 'tier', env.tier, `must be one of ${ENVIRONMENT_TIERS.map((t) => `'${t}'`).join(', ')}`);
  checks.that(env.scope === 'namespaced' || env.scope === 'namespace-agnostic', 'scope', env.scope, "must be 'namespaced' or 'namespace-agnostic'");
  if (isNamespaceAgnostic(env)) {
    checks.that(
      env.namespacePrefix === undefined,
      'namespacePrefix',
      env.namespacePrefix,
      "must be unset when scope is 'namespace-agnostic' (the deployer picks the namespace)",
    );
  } else {
    checks.dnsLabel('namespacePrefix', env.namespacePrefix as string, 30);
  }
  checks.dnsSubdomain('domain', env.domain);
  if (env.storageClass !== undefined) checks.dnsSubdomain('storageClass', env.storageClass);
  if (env.ingressControllerNamespace !== undefined) checks.dnsLabel('ingressControllerNamespace', env.ingressControllerNamespace);
  checks.that(
    !(env.networkIsolation && env.ci.networkPolicy),
    'ci.networkPolicy',
    env.ci.networkPolicy,
    'must be false when networkIsolation is on (the generated policies already isolate the namespace; two sets would drift apart)',
  );
  checks.integer('overview.nodes', env.overview?.nodes, 1, 10_000);
  checkSecretBackend(new Checks(app, 'external-secrets'), env.secrets);
  if (env.registry.enabled) {
    // Jenkins would log in to Harbor with an empty user name: every push fails.
    const user = env.registry.ciPush?.username;
    checks.that(
      typeof user === 'string' && user.trim() !== '',
      'registry.ciPush.username',
      user,
      'must be a non-empty user name (the Harbor robot account Jenkins pushes with)',
    );
  }
  if (isProduction(env)) checkProductionData(checks, env);
}

/** Production keeps its data: ephemeral storage (Kafka's, or an emptyDir data volume) is lost when a pod restarts. */
function checkProductionData(checks: Checks, env: EnvironmentConfig): void {
  // The data volumes of the StatefulSets keelson renders, and what an emptyDir would lose. A
  // missing section is left to the component (or withRequiredFields) to report.
  const jaeger = env.tracing?.jaeger?.storage;
  const volumes: [string, VolumeSpec | undefined, string][] = [
    ['ci.controller.storage', env.ci?.controller?.storage, 'JENKINS_HOME (jobs, build history, credentials)'],
    ['logging.loki.storage.volume', env.logging?.loki?.storage?.volume, 'the WAL and, with filesystem storage, every chunk and index'],
    ['tracing.jaeger.storage.volume', jaeger?.kind === 'badger' ? jaeger.volume : undefined, 'every span Badger stores'],
    ['esSync.storage', env.esSync?.enabled ? env.esSync.storage : undefined, "the persisted queues and the incremental syncs' last values"],
  ];
  for (const [field, volume, loses] of volumes) {
    if (volume === undefined) continue;
    checks.that(
      isPersistent(volume),
      `${field}.lifetime`,
      volume.lifetime,
      `must be 'persistent' in production (an emptyDir loses ${loses} when the pod restarts)`,
    );
  }
  const nodes = env.messaging.kafka?.nodes;
  if (!env.messaging.enabled || nodes === undefined) return; // a missing layout is the Kafka cluster's to report
  const groups = nodes.kind === 'combined' ? { nodes: nodes.nodes } : { controllers: nodes.controllers, brokers: nodes.brokers };
  for (const [name, group] of Object.entries(groups)) {
    checks.that(
      group?.storage?.kind !== 'ephemeral',
      `messaging.kafka.nodes.${name}.storage.kind`,
      group?.storage?.kind,
      "must be 'jbod' in production (ephemeral storage loses every record and the KRaft metadata when a pod restarts)",
    );
  }
}

/**
 * Builds every chart of one environment. All validation happens here, while constructs are
 * created, so a bad value fails before anything is rendered or written.
 */
export function buildPlatform(env: EnvironmentConfig, outdir = 'cdk8s.out', others: readonly EnvironmentConfig[] = ENVIRONMENTS): Platform {
  return withRequiredFields(env, () => buildCheckedPlatform(env, outdir, others));
}

/**
 * Runs `build`; a crash on a missing section (`undefined.storage`) becomes a ConfigError naming
 * the first required field the environment lacks. The components' own checks run first, with
 * their sharper messages; only what would crash is reported this way.
 */
export function withRequiredFields<T>(env: EnvironmentConfig, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const scope = new App();
    scope.node.setContext(ENVIRONMENT_CONTEXT, env.name);
    new Checks(scope, 'environment').requiredFields(env, ENVIRONMENT_SHAPES.EnvironmentConfig);
    throw e;
  }
}

function buildCheckedPlatform(env: EnvironmentConfig, outdir: string, others: readonly EnvironmentConfig[]): Platform {
  const app = new App({ outdir });
  app.node.setContext(ENVIRONMENT_CONTEXT, env.name);
  checkEnvironment(app, env);
  checkSharedCluster(app, env, others);
  checkPreviewSecretStore(app, env, others);
  const ns = (chart: string) => (isNamespaceAgnostic(env) ? undefined : `${env.namespacePrefix}-${chart}`);

  // Cluster add-ons and address pools are cluster-wide: a namespace-agnostic environment (a PR
  // preview) runs on a host cluster that already has them, so it builds neither chart.
  const clusterLevel = !isNamespaceAgnostic(env);
  const charts: KeelsonChart[] = [];
  let operators: OperatorsChart | undefined;
  let network: NetworkChart | undefined;
  if (clusterLevel) {
    operators = new OperatorsChart(app, 'operators', {
      settings: env.operators,
      loadBalancer: env.loadBalancing.backend,
      announcement: env.loadBalancing.pool.announcement.kind,
    });
    network = new NetworkChart(app, 'network', { environment: env.name, settings: env.loadBalancing, ownsClusterBgp: env.operators.installClusterAddons });
    network.addDependency(operators);
    charts.push(operators, network);
  }
  const endpoints: Checks = new Checks(network ?? app, 'load-balancer');
  const resolve = (e: EndpointExposure, field: string): EndpointExposure => {
    if (network) return network.resolve(e, endpoints, field);
    endpoints.that(
      e.kind !== 'addressPool',
      `${field}.kind`,
      e.kind,
      "must not be 'addressPool' in a namespace-agnostic environment (it has no address pool of its own)",
    );
    return e;
  };
  const after = (chart: KeelsonChart, ...deps: (KeelsonChart | undefined)[]) => {
    const present = deps.filter((d): d is KeelsonChart => d !== undefined);
    if (present.length) chart.addDependency(...present);
    charts.push(chart);
    return chart;
  };

  let registry: RegistryChart | undefined;
  if (env.registry.enabled) {
    registry = new RegistryChart(app, 'registry', {
      namespace: ns('registry'),
      settings: env.registry,
      exposure: resolve(env.registry.exposure, 'registry.exposure'),
      domain: env.domain,
      storageClass: env.storageClass,
    });
    after(registry, network);
  }

  const ci = new CiChart(app, 'ci', {
    namespace: ns('ci'),
    settings: { ...env.ci, exposure: resolve(env.ci.exposure, 'ci.exposure') },
    domain: env.domain,
    storageClass: env.storageClass,
    registry: registry && {
      host: registry.harbor.registryHost,
      port: registry.harbor.externalUrl.startsWith('https:') ? 443 : 80,
      pullSecret: env.registry.ciPullSecret,
      push: {
        kind: 'usernamePassword',
        id: env.registry.ciPush.credentialId,
        description: `Push images to ${registry.harbor.registryHost}`,
        username: env.registry.ciPush.username,
        password: env.registry.ciPush.password,
      },
    },
  });
  after(ci, network);

  if (env.messaging.enabled) {
    endpoints.that(
      network !== undefined,
      'messaging.enabled',
      env.messaging.enabled,
      'must be false in a namespace-agnostic environment (Kafka needs the Strimzi operator of a cluster-level environment)',
    );
    after(
      new MessagingChart(app, 'messaging', { namespace: ns('messaging'), settings: env.messaging, pool: network!.pool, storageClass: env.storageClass }),
      operators,
      network,
    );
  }
  // Logging and tracing bind ClusterRoles to their service accounts by namespace: they run in
  // the cluster-level environments (a preview's pods are logged by its host environment's stack).
  if (clusterLevel) {
    // Tracing first: Grafana (logging) links to Jaeger; the collector's logs reach Loki once it exists.
    const tracing = after(
      new TracingChart(app, 'tracing', { namespace: ns('tracing'), settings: env.tracing, storageClass: env.storageClass }),
    ) as TracingChart;
    const logging = new LoggingChart(app, 'logging', {
      namespace: ns('logging'),
      settings: { ...env.logging, grafana: { ...env.logging.grafana, exposure: resolve(env.logging.grafana.exposure, 'logging.grafana.exposure') } },
      domain: env.domain,
      storageClass: env.storageClass,
      traces: tracing.queryEndpointFor(),
      externalLabels: { cluster: env.name },
    });
    after(logging, tracing, network);
    if (env.tracing.logsToLoki) {
      tracing.collector.exportLogsTo({
        otlpUrl: logging.loki.otlpUrlFrom(logging.targetNamespace),
        target: { kind: 'pods', chart: logging.node.id, selector: logging.loki.selector },
        port: logging.loki.httpPort,
      });
    }
  }
  if (env.esSync.enabled) {
    after(new EsSyncChart(app, 'es-sync', { namespace: ns('es-sync'), settings: env.esSync, storageClass: env.storageClass }));
  }
  network?.pool.checkCapacity();
  if (env.secrets.kind === 'externalSecrets') {
    addExternalSecrets(app, charts, env.secrets);
    // The ExternalSecret CRD comes with the operator (installed by the operators chart).
    if (operators?.releases.length) for (const c of charts) if (c !== operators && c.node.tryFindChild('external-secrets')) c.addDependency(operators);
  }
  // Checks registered with node.addValidation (cross-construct rules) run on the finished tree.
  validateTree(app);
  // After every chart: flows between charts are only all known once every chart is built.
  if (env.networkIsolation) applyNetworkIsolation(app, charts, { ingressControllerNamespace: env.ingressControllerNamespace ?? 'ingress-nginx' });
  return { env, app, charts };
}
