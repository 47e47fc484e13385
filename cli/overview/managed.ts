import { ChartObjects, componentOf, Obj, Workload } from './workloads';

/**
 * Pods and Services that an operator creates from the custom resources in the manifests, so the
 * budget, the endpoints and the topology show what will run, not only what keelson writes.
 * The rules are the operators' own, from their sources:
 *
 * - Strimzi 1.x (operator `KafkaPool`, `KafkaCluster`, `ListenersUtils`): each KafkaNodePool runs
 *   `replicas` pods with the pool's `resources`, each claiming every `persistent-claim` volume of
 *   the pool's storage (jbod or single); its pods carry `strimzi.io/cluster`, `strimzi.io/kind:
 *   Kafka`, `strimzi.io/pool-name` and `strimzi.io/broker-role` / `strimzi.io/controller-role`.
 *   The entity operator is one Deployment `<cluster>-entity-operator` whose topic-operator and
 *   user-operator containers take the resources set in `spec.entityOperator`.
 * - A `loadbalancer` (or `nodeport`) listener gets one bootstrap Service
 *   (`<cluster>-kafka-external-bootstrap` for the listener named `external` on 9094, otherwise
 *   `<cluster>-kafka-<listener>-bootstrap`) and one Service per broker (`<cluster>-<pool>-<node id>`
 *   for `external`/9094, otherwise `<cluster>-<pool>-<listener>-<node id>`); node ids are chosen
 *   by the operator at run time.
 * - Harbor's Helm chart 1.19 (`templates/nginx/service.yaml`, `values.yaml`): with
 *   `expose.type: loadBalancer` it creates one LoadBalancer Service named
 *   `expose.loadBalancer.name` (default `harbor`) with the `expose.loadBalancer.annotations`, on
 *   `expose.loadBalancer.ports.httpPort` (default 80) and, when `expose.tls.enabled` (default
 *   true), `httpsPort` (default 443), in front of its nginx pods.
 */

const STRIMZI_GROUP = 'kafka.strimzi.io/';
const isStrimzi = (o: Obj, kind: string) => o.kind === kind && typeof o.apiVersion === 'string' && o.apiVersion.startsWith(STRIMZI_GROUP);

/** The persistent volumes one pod of a Strimzi storage definition claims, as claim templates. */
function strimziClaims(storage: Obj | undefined): Obj[] {
  if (!storage) return [];
  const volumes: Obj[] = storage.type === 'jbod' ? (storage.volumes ?? []) : [storage];
  return volumes
    .filter((v) => v.type === 'persistent-claim' && typeof v.size === 'string')
    .map((v) => ({ metadata: { name: `data-${v.id ?? 0}` }, spec: { resources: { requests: { storage: v.size } }, storageClassName: v.class } }));
}

/** The pods Strimzi runs for the Kafka clusters and node pools of one chart. */
export function strimziWorkloads(chart: ChartObjects): Workload[] {
  const objects = chart.objects as readonly Obj[];
  const out: Workload[] = [];
  for (const kafka of objects.filter((o) => isStrimzi(o, 'Kafka'))) {
    const cluster: string = kafka.metadata.name;
    const namespace = kafka.metadata.namespace ?? chart.namespace;
    for (const pool of objects.filter((o) => isStrimzi(o, 'KafkaNodePool') && o.metadata.labels?.['strimzi.io/cluster'] === cluster)) {
      const roles: string[] = pool.spec?.roles ?? [];
      const podLabels: Record<string, string> = {
        'strimzi.io/cluster': cluster,
        'strimzi.io/kind': 'Kafka',
        'strimzi.io/name': `${cluster}-kafka`,
        'strimzi.io/pool-name': pool.metadata.name,
        ...(roles.includes('broker') ? { 'strimzi.io/broker-role': 'true' } : {}),
        ...(roles.includes('controller') ? { 'strimzi.io/controller-role': 'true' } : {}),
      };
      out.push({
        key: componentOf(chart.name, pool.metadata.name, pool.metadata.labels),
        chart: chart.name,
        namespace,
        kind: 'KafkaNodePool',
        name: pool.metadata.name,
        podLabels,
        podSpec: { containers: [{ name: 'kafka', resources: pool.spec?.resources ?? kafka.spec?.kafka?.resources ?? {} }] },
        scale: { kind: 'fixed', replicas: pool.spec?.replicas ?? 0 },
        claimTemplates: strimziClaims(pool.spec?.storage ?? kafka.spec?.kafka?.storage),
      });
    }
    const eo = kafka.spec?.entityOperator;
    if (eo?.topicOperator || eo?.userOperator) {
      const name = `${cluster}-entity-operator`;
      const containers = [
        ...(eo.topicOperator ? [{ name: 'topic-operator', resources: eo.topicOperator.resources ?? {} }] : []),
        ...(eo.userOperator ? [{ name: 'user-operator', resources: eo.userOperator.resources ?? {} }] : []),
      ];
      out.push({
        key: { chart: chart.name, name: kafka.metadata.labels?.['app.kubernetes.io/name'] ?? cluster, component: 'entity-operator' },
        chart: chart.name,
        namespace,
        kind: 'Deployment (Strimzi)',
        name,
        podLabels: { 'strimzi.io/cluster': cluster, 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': name },
        podSpec: { containers },
        scale: { kind: 'fixed', replicas: 1 },
        claimTemplates: [],
      });
    }
  }
  return out;
}

/** A Service an operator or upstream chart creates, as the endpoint list shows it. */
export interface ManagedService {
  readonly chart: string;
  readonly namespace?: string;
  readonly type: 'LoadBalancer' | 'NodePort';
  /** The Service name, or a pattern with the part chosen at run time in angle brackets. */
  readonly service: string;
  /** How many Services of this name pattern exist. */
  readonly count: number;
  readonly ports: readonly string[];
  readonly annotations: Readonly<Record<string, string>>;
  /** Labels of the pods behind it. */
  readonly selector: Readonly<Record<string, string>>;
  /** What creates it, e.g. `Strimzi, Kafka/kafka listener external`. */
  readonly createdBy: string;
}

const LISTENER_SERVICE_TYPES: Record<string, 'LoadBalancer' | 'NodePort'> = { loadbalancer: 'LoadBalancer', nodeport: 'NodePort' };

/** Bootstrap and per-broker Services of the Kafka listeners that have their own (see the module comment). */
export function strimziServices(chart: ChartObjects): ManagedService[] {
  const objects = chart.objects as readonly Obj[];
  const out: ManagedService[] = [];
  for (const kafka of objects.filter((o) => isStrimzi(o, 'Kafka'))) {
    const cluster: string = kafka.metadata.name;
    const namespace = kafka.metadata.namespace ?? chart.namespace;
    const template = kafka.spec?.kafka?.template ?? {};
    const brokerPools = objects.filter(
      (o) => isStrimzi(o, 'KafkaNodePool') && o.metadata.labels?.['strimzi.io/cluster'] === cluster && (o.spec?.roles ?? []).includes('broker'),
    );
    for (const l of (kafka.spec?.kafka?.listeners ?? []) as Obj[]) {
      const type = LISTENER_SERVICE_TYPES[l.type];
      if (!type) continue;
      const legacy = l.name === 'external' && l.port === 9094;
      const createdBy = `Strimzi, Kafka/${cluster} listener ${l.name}`;
      const ports = [`${l.port}/TCP`];
      out.push({
        chart: chart.name,
        namespace,
        type,
        service: legacy ? `${cluster}-kafka-external-bootstrap` : `${cluster}-kafka-${l.name}-bootstrap`,
        count: 1,
        ports,
        annotations: { ...(template.externalBootstrapService?.metadata?.annotations ?? {}) },
        selector: { 'strimzi.io/cluster': cluster, 'strimzi.io/broker-role': 'true' },
        createdBy,
      });
      for (const pool of brokerPools) {
        const base = `${cluster}-${pool.metadata.name}`;
        out.push({
          chart: chart.name,
          namespace,
          type,
          service: legacy ? `${base}-<node id>` : `${base}-${l.name}-<node id>`,
          count: pool.spec?.replicas ?? 0,
          ports,
          annotations: { ...(template.perPodService?.metadata?.annotations ?? {}) },
          selector: { 'strimzi.io/cluster': cluster, 'strimzi.io/pool-name': pool.metadata.name },
          createdBy: `${createdBy}, one per broker`,
        });
      }
    }
  }
  return out;
}

/** The LoadBalancer Service of each Harbor release exposed with `expose.type: loadBalancer` (Argo CD Applications of the chart). */
export function harborServices(chart: ChartObjects): ManagedService[] {
  const out: ManagedService[] = [];
  for (const app of chart.objects as readonly Obj[]) {
    if (app.kind !== 'Application' || app.spec?.source?.chart !== 'harbor') continue;
    const expose = app.spec.source.helm?.valuesObject?.expose;
    if (expose?.type !== 'loadBalancer') continue;
    const lb = expose.loadBalancer ?? {};
    const tls = expose.tls?.enabled ?? true;
    const release: string = app.spec.source.helm?.releaseName ?? app.metadata.name;
    out.push({
      chart: chart.name,
      namespace: app.spec.destination?.namespace,
      type: 'LoadBalancer',
      service: lb.name ?? 'harbor',
      count: 1,
      ports: [`${lb.ports?.httpPort ?? 80}/TCP`, ...(tls ? [`${lb.ports?.httpsPort ?? 443}/TCP`] : [])],
      annotations: { ...(lb.annotations ?? {}) },
      selector: { release, component: 'nginx' },
      createdBy: `Harbor Helm chart, release ${release}`,
    });
  }
  return out;
}

/** Every Service the operators and upstream charts of these charts create. */
export function managedServices(charts: readonly ChartObjects[]): ManagedService[] {
  return charts.flatMap((c) => [...strimziServices(c), ...harborServices(c)]);
}
