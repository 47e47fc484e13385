import { KafkaCluster } from '../../constructs/kafka/kafka-cluster';
import { KafkaTopic, KafkaTopicProps } from '../../constructs/kafka/kafka-topic';
import { scope } from '../support/harness';
import { dedicated, single } from './fixture';

function build(props: Omit<KafkaTopicProps, 'cluster'>, shape = dedicated) {
  return () => {
    const s = scope('prod');
    new KafkaTopic(s, 'topic', { cluster: new KafkaCluster(s, 'kafka', shape), ...props });
  };
}

describe('KafkaTopic errors', () => {
  test('more replicas than brokers', () => {
    expect(build({ topicName: 'events', replicas: 4 })).toThrow(
      "kafka-topic 'test/topic' (prod): replicas must be at most the number of brokers of Kafka cluster 'kafka' (3); got 4",
    );
    expect(build({ topicName: 'events', replicas: 3 }, single)).toThrow(
      "kafka-topic 'test/topic' (prod): replicas must be at most the number of brokers of Kafka cluster 'kafka' (1); got 3",
    );
  });

  test('min.insync.replicas not below replicas', () => {
    expect(build({ topicName: 'events', replicas: 3, minInsyncReplicas: 3 })).toThrow(
      "kafka-topic 'test/topic' (prod): minInsyncReplicas must be less than replicas (3); got 3",
    );
    expect(build({ topicName: 'events', replicas: 2 })).toThrow(
      "kafka-topic 'test/topic' (prod): replicas must exceed the cluster's min.insync.replicas (2), or set minInsyncReplicas; got 2",
    );
  });

  test('invalid topic names and partition counts', () => {
    expect(build({ topicName: 'build events' })).toThrow(
      "kafka-topic 'test/topic' (prod): topicName must be 1-249 characters of letters, digits, '.', '_' and '-'; got \"build events\"",
    );
    expect(build({ topicName: '-_-' })).toThrow(
      "kafka-topic 'test/topic' (prod): topicName must lower-case into a Kubernetes name (other characters become '-'), which names the resource; got \"-_-\"",
    );
    expect(build({ topicName: 'events', partitions: 0 })).toThrow(
      "kafka-topic 'test/topic' (prod): partitions must be a whole number between 1 and 10000; got 0",
    );
    expect(build({ topicName: 'events', retentionHours: 0 })).toThrow(
      "kafka-topic 'test/topic' (prod): retentionHours must be a positive whole number of hours, or -1 (keep forever); got 0",
    );
  });
});
