import { computeBudget } from '../../../cli/overview/budget';
import { endpointsOf } from '../../../cli/overview/inventory';
import { harborServices, strimziServices, strimziWorkloads } from '../../../cli/overview/managed';
import { topologyMermaid } from '../../../cli/overview/topology';
import { componentTitle, Obj } from '../../../cli/overview/workloads';
import { parseSize } from '../../../constructs/common/quantity';
import { renderedEnvironments } from '../../support/environments';

const Gi = 1024 ** 3;
const prod = () => renderedEnvironments().find((r) => r.env === 'prod')!;
const chart = (objects: Obj[]) => ({ name: 'm', namespace: 'ns', objects: objects as never[] });
const kafka = (listeners: Obj[], extra: Obj = {}): Obj => ({
  apiVersion: 'kafka.strimzi.io/v1',
  kind: 'Kafka',
  metadata: { name: 'events' },
  spec: { kafka: { listeners, ...extra }, entityOperator: { topicOperator: { resources: { requests: { cpu: '100m', memory: '256Mi' } } } } },
});
const pool = (name: string, roles: string[], replicas: number, storage: Obj): Obj => ({
  apiVersion: 'kafka.strimzi.io/v1',
  kind: 'KafkaNodePool',
  metadata: { name, labels: { 'strimzi.io/cluster': 'events', 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/component': name } },
  spec: { replicas, roles, storage, resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } } },
});

describe('what Strimzi runs for the Kafka custom resources', () => {
  test('prod: every broker claims both jbod volumes, every controller its metadata volume (about 3 TB in all)', () => {
    const budget = computeBudget(prod().charts, { nodes: prod().config.overview.nodes });
    const row = (title: string) => budget.rows.find((r) => componentTitle(r.key) === title)!;
    const pools = prod()
      .charts.flatMap((c) => [...c.objects] as Obj[])
      .filter((o) => o.kind === 'KafkaNodePool');
    const claimed = pools.reduce((sum, p) => sum + p.spec.replicas * p.spec.storage.volumes.reduce((s: number, v: Obj) => s + parseSize(v.size)!, 0), 0);
    expect(claimed).toBe(3 * (500 + 500) * Gi + 3 * 20 * Gi);
    expect(row('messaging · kafka/broker')).toMatchObject({ objects: ['KafkaNodePool/broker'], pods: 3 });
    expect(row('messaging · kafka/broker').normal.storage).toBe(3000 * Gi);
    expect(row('messaging · kafka/controller').normal.storage).toBe(60 * Gi);
    expect(row('messaging · kafka/entity-operator').pods).toBe(1);
    // The stated total now holds Kafka: more than the 460Gi of everything else.
    expect(budget.total.normal.storage).toBeGreaterThan(claimed);
  });

  test('a single persistent-claim storage counts once per pod; ephemeral storage claims nothing', () => {
    const [claimed, ephemeral] = strimziWorkloads(
      chart([kafka([]), pool('a', ['broker'], 2, { type: 'persistent-claim', size: '100Gi' }), pool('b', ['controller'], 3, { type: 'ephemeral' })]),
    );
    expect(claimed.claimTemplates.map((t) => t.spec.resources.requests.storage)).toEqual(['100Gi']);
    expect(claimed.scale).toEqual({ kind: 'fixed', replicas: 2 });
    expect(claimed.podLabels).toMatchObject({ 'strimzi.io/cluster': 'events', 'strimzi.io/pool-name': 'a', 'strimzi.io/broker-role': 'true' });
    expect(ephemeral.claimTemplates).toEqual([]);
    expect(ephemeral.podLabels['strimzi.io/controller-role']).toBe('true');
  });
});

describe('Services that operators and upstream charts create', () => {
  // Names as Strimzi's ListenersUtils builds them: the listener named `external` on 9094 keeps the
  // short legacy per-broker name `<cluster>-<pool>-<node id>`; any other listener has its name inside.
  test('Strimzi: one bootstrap and one per broker for each loadbalancer or nodeport listener, none for internal ones', () => {
    const services = strimziServices(
      chart([
        kafka([
          { name: 'plain', port: 9092, type: 'internal', tls: false },
          { name: 'external', port: 9094, type: 'loadbalancer', tls: true },
          { name: 'np', port: 9095, type: 'nodeport', tls: true },
        ]),
        pool('brokers', ['broker'], 3, { type: 'ephemeral' }),
        pool('controllers', ['controller'], 3, { type: 'ephemeral' }),
      ]),
    );
    expect(services.map((s) => [s.type, s.service, s.count])).toEqual([
      ['LoadBalancer', 'events-kafka-external-bootstrap', 1],
      ['LoadBalancer', 'events-brokers-<node id>', 3],
      ['NodePort', 'events-kafka-np-bootstrap', 1],
      ['NodePort', 'events-brokers-np-<node id>', 3],
    ]);
  });

  test('Harbor: the loadBalancer exposure is one Service on 80 and, with TLS (the default), 443', () => {
    const app = (expose: Obj): Obj => ({
      kind: 'Application',
      metadata: { name: 'x' },
      spec: { destination: { namespace: 'reg' }, source: { chart: 'harbor', helm: { releaseName: 'harbor', valuesObject: { expose } } } },
    });
    expect(harborServices(chart([app({ type: 'loadBalancer', loadBalancer: { name: 'registry' } })]))[0]).toMatchObject({
      service: 'registry',
      ports: ['80/TCP', '443/TCP'],
      namespace: 'reg',
    });
    expect(harborServices(chart([app({ type: 'loadBalancer', tls: { enabled: false } })]))[0]).toMatchObject({ service: 'harbor', ports: ['80/TCP'] });
    expect(harborServices(chart([app({ type: 'ingress' })]))).toEqual([]);
  });

  test('prod: all seven load-balancer Services are listed (Jenkins, Grafana, Harbor, Kafka bootstrap and three brokers)', () => {
    const lbs = endpointsOf(prod().charts).filter((e) => e.kind === 'LoadBalancer');
    expect(lbs.reduce((n, e) => n + (e.kind === 'LoadBalancer' ? e.count : 0), 0)).toBe(7);
    expect(lbs.map((e) => (e.kind === 'LoadBalancer' ? e.service : ''))).toEqual([
      'jenkins-external',
      'grafana-external',
      'harbor',
      'kafka-kafka-external-bootstrap',
      'kafka-broker-<node id>',
    ]);
    const bootstrap = lbs.find((e) => e.kind === 'LoadBalancer' && e.service === 'kafka-kafka-external-bootstrap');
    expect(bootstrap).toMatchObject({ pool: 'prod-pool', ports: ['9094/TCP'] });
    expect(bootstrap!.targets.map(componentTitle)).toEqual(['messaging · kafka/broker']);
  });

  test('prod topology: Kafka is a node of the messaging chart, reached from outside through its listener', () => {
    const mermaid = topologyMermaid(prod());
    expect(mermaid).toContain('subgraph g_chart_messaging["messaging · namespace prod-messaging"]');
    expect(mermaid).toMatch(/c_messaging_kafka_broker\["kafka broker<br\/>KafkaNodePool ×3"\]/);
    expect(mermaid).toMatch(/clients -->\|"LoadBalancer kafka-kafka-external-bootstrap[^"]*"\| c_messaging_kafka_broker/);
  });
});
