import { validateObject } from '../../cli/validation/schemas';
import { KafkaCluster } from '../../constructs/kafka/kafka-cluster';
import { find, kinds, synthesize } from '../support/harness';
import { dedicated, single } from './fixture';

describe('KafkaCluster', () => {
  let cluster!: KafkaCluster;
  const objects = synthesize((c) => {
    cluster = new KafkaCluster(c, 'kafka', {
      ...dedicated,
      storageClass: 'ceph-rbd',
      listeners: { external: { authentication: 'scram-sha-512', annotations: { 'metallb.io/address-pool': 'prod-pool' } } },
    });
  });
  const kafka = find(objects, 'Kafka', 'kafka');

  test('a Strimzi 1.x KRaft cluster with a controller pool and a broker pool', () => {
    expect(kinds(objects)).toEqual(['Kafka/kafka', 'KafkaNodePool/broker', 'KafkaNodePool/controller']);
    expect(kafka.apiVersion).toBe('kafka.strimzi.io/v1');
    expect(kafka.spec.kafka.version).toBe('4.3.1');
    expect(kafka.spec).not.toHaveProperty('zookeeper');
    const controller = find(objects, 'KafkaNodePool', 'controller');
    expect(controller.metadata.labels['strimzi.io/cluster']).toBe('kafka');
    expect(controller.spec.roles).toEqual(['controller']);
    expect(find(objects, 'KafkaNodePool', 'broker').spec.roles).toEqual(['broker']);
  });

  test('brokers keep their data: persistent JBOD, claims never deleted, metadata on the first volume', () => {
    expect(find(objects, 'KafkaNodePool', 'broker').spec.storage).toEqual({
      type: 'jbod',
      volumes: [{ id: 0, type: 'persistent-claim', size: '100Gi', class: 'ceph-rbd', deleteClaim: false, kraftMetadata: 'shared' }],
    });
    for (const o of objects) expect(o.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
  });

  test('the nodes of a pool spread over Kubernetes nodes', () => {
    expect(find(objects, 'KafkaNodePool', 'broker').spec.template.pod.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { 'strimzi.io/cluster': 'kafka', 'strimzi.io/pool-name': 'broker' } },
      },
    ]);
  });

  test('production defaults: replication factor 3, min.insync.replicas 2, for internal topics too', () => {
    expect(kafka.spec.kafka.config).toEqual({
      'default.replication.factor': 3,
      'min.insync.replicas': 2,
      'offsets.topic.replication.factor': 3,
      'transaction.state.log.replication.factor': 3,
      'transaction.state.log.min.isr': 2,
    });
    expect(cluster.replicationFactor).toBe(3);
    expect(cluster.minInsyncReplicas).toBe(2);
  });

  test('internal plain (SCRAM) and TLS (mTLS) listeners, plus an external TLS listener bound to a pool', () => {
    expect(
      kafka.spec.kafka.listeners.map((l: { name: string; type: string; port: number; tls: boolean; authentication?: { type: string } }) => [
        l.name,
        l.type,
        l.port,
        l.tls,
        l.authentication?.type,
      ]),
    ).toEqual([
      ['plain', 'internal', 9092, false, 'scram-sha-512'],
      ['tls', 'internal', 9093, true, 'tls'],
      ['external', 'loadbalancer', 9094, true, 'scram-sha-512'],
    ]);
    expect(kafka.spec.kafka.template.externalBootstrapService.metadata.annotations).toEqual({ 'metallb.io/address-pool': 'prod-pool' });
    expect(kafka.spec.kafka.template.perPodService.metadata.annotations).toEqual({ 'metallb.io/address-pool': 'prod-pool' });
    expect(cluster.plainBootstrap).toBe('kafka-kafka-bootstrap:9092');
    expect(cluster.tlsBootstrap).toBe('kafka-kafka-bootstrap:9093');
  });

  test('ACL authorization and both entity operators are on', () => {
    expect(kafka.spec.kafka.authorization).toEqual({ type: 'simple' });
    expect(Object.keys(kafka.spec.entityOperator).sort()).toEqual(['topicOperator', 'userOperator']);
    expect(kafka.spec.entityOperator.topicOperator.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } });
  });

  test('a single dual-role node gets replication factor 1 and no external listener', () => {
    const dev = synthesize((c) => new KafkaCluster(c, 'kafka', single));
    expect(kinds(dev)).toEqual(['Kafka/kafka', 'KafkaNodePool/dual-role']);
    expect(find(dev, 'KafkaNodePool', 'dual-role').spec.roles).toEqual(['controller', 'broker']);
    const k = find(dev, 'Kafka', 'kafka');
    expect(k.spec.kafka.config['default.replication.factor']).toBe(1);
    expect(k.spec.kafka.config['min.insync.replicas']).toBe(1);
    expect(k.spec.kafka.template).toBeUndefined();
  });

  test('all objects are valid against the Strimzi CRDs', () => {
    for (const o of objects) expect(validateObject(o as never)).toEqual([]);
  });
});
