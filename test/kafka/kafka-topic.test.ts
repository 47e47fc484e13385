import { validateObject } from '../../cli/validation/schemas';
import { KafkaCluster } from '../../constructs/kafka/kafka-cluster';
import { KafkaTopic } from '../../constructs/kafka/kafka-topic';
import { find, synthesize } from '../support/harness';
import { dedicated } from './fixture';

describe('KafkaTopic', () => {
  const objects = synthesize((c) => {
    const cluster = new KafkaCluster(c, 'kafka', dedicated);
    new KafkaTopic(c, 'events', { cluster, topicName: 'build-events', partitions: 6, retentionHours: 168 });
    new KafkaTopic(c, 'state', { cluster, topicName: 'Build_State', partitions: 1, replicas: 3, cleanupPolicy: 'compact', minInsyncReplicas: 2 });
  });

  test('defaults replicas to the cluster replication factor and converts retention to milliseconds', () => {
    const t = find(objects, 'KafkaTopic', 'build-events');
    expect(t.metadata.labels['strimzi.io/cluster']).toBe('kafka');
    expect(t.spec).toEqual({ partitions: 6, replicas: 3, config: { 'retention.ms': 604800000 } });
  });

  test('a Kafka name that is not a Kubernetes name keeps it in spec.topicName', () => {
    const t = find(objects, 'KafkaTopic', 'build-state');
    expect(t.spec).toEqual({ topicName: 'Build_State', partitions: 1, replicas: 3, config: { 'cleanup.policy': 'compact', 'min.insync.replicas': 2 } });
  });

  test('valid against the Strimzi KafkaTopic CRD', () => {
    for (const o of objects.filter((x) => x.kind === 'KafkaTopic')) expect(validateObject(o as never)).toEqual([]);
  });
});
