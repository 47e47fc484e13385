import { KafkaCluster, KafkaClusterProps } from '../../constructs/kafka/kafka-cluster';
import { scope, variant } from '../support/harness';
import { dedicated, group, single } from './fixture';

const build = (props: KafkaClusterProps) => () => new KafkaCluster(scope('prod'), 'kafka', props);

describe('KafkaCluster errors', () => {
  test('replication factor above the broker count', () => {
    expect(build({ ...dedicated, defaultReplicationFactor: 4 })).toThrow(
      "kafka 'test/kafka' (prod): defaultReplicationFactor must be at most the number of brokers (3); got 4",
    );
  });

  test('min.insync.replicas not below the replication factor', () => {
    expect(build({ ...dedicated, minInsyncReplicas: 3 })).toThrow(
      "kafka 'test/kafka' (prod): minInsyncReplicas must be less than defaultReplicationFactor (3), or one broker down stops every producer using acks=all; got 3",
    );
    expect(build({ ...single, minInsyncReplicas: 2 })).toThrow(
      "kafka 'test/kafka' (prod): minInsyncReplicas must be 1 when defaultReplicationFactor is 1; got 2",
    );
  });

  test('an even controller quorum', () => {
    expect(build({ ...dedicated, nodes: { kind: 'dedicated', controllers: group(2), brokers: group(3) } })).toThrow(
      "kafka 'test/kafka' (prod): nodes.controllers.replicas must be odd (a KRaft controller quorum of 2n voters tolerates no more failures than 2n-1); got 2",
    );
  });

  test('no brokers', () => {
    expect(build({ ...dedicated, nodes: { kind: 'dedicated', controllers: group(3), brokers: group(0) } })).toThrow(
      "kafka 'test/kafka' (prod): nodes.brokers.replicas must be a whole number between 1 and 64; got 0",
    );
  });

  test('an invalid cluster name', () => {
    expect(build({ ...dedicated, name: 'Kafka_Main' })).toThrow(
      'kafka \'test/kafka\' (prod): name must be a DNS-1123 label of at most 40 characters (Strimzi derives longer object names from it); got "Kafka_Main"',
    );
  });

  test('JBOD without volumes, and a bad volume size', () => {
    const noVolumes = variant(dedicated, (d) => (d.nodes.brokers.storage.volumes = []));
    expect(build(noVolumes)).toThrow("kafka 'test/kafka' (prod): nodes.brokers.storage.volumes must list at least one entry; got []");
    const badSize = variant(dedicated, (d) => (d.nodes.brokers.storage.volumes = [{ size: '100GB' }]));
    expect(build(badSize)).toThrow(
      'kafka \'test/kafka\' (prod): nodes.brokers.storage.volumes[0].size must be a positive size with a unit, such as 512Mi, 20Gi or 1Ti; got "100GB"',
    );
  });

  test('mutual TLS on the plain listener, and an unauthenticated external listener', () => {
    expect(build({ ...dedicated, listeners: { plain: { authentication: 'tls' as never } } })).toThrow(
      "kafka 'test/kafka' (prod): listeners.plain.authentication must be 'none' or 'scram-sha-512' (mutual TLS needs a TLS listener); got \"tls\"",
    );
    expect(build({ ...dedicated, listeners: { external: { authentication: 'none' as never, annotations: {} } } })).toThrow(
      "kafka 'test/kafka' (prod): listeners.external.authentication must be 'scram-sha-512' or 'tls' (an external listener always authenticates); got \"none\"",
    );
    expect(build({ ...dedicated, listeners: { plain: false, tls: false } })).toThrow(
      'kafka \'test/kafka\' (prod): listeners must keep at least one internal listener (plain or tls); got {"plain":false,"tls":false}',
    );
  });
});
