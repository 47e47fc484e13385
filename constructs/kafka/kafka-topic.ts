import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { recommendedLabels } from '../common/labels';
import { KafkaCluster } from './kafka-cluster';
import { KafkaTopicSpec } from './types';
import { checkUniqueMember, checkWatchedNamespace } from './membership';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

/** Kafka's cleanup.policy values (TopicConfig CLEANUP_POLICY_CONFIG: a list of 'delete' and 'compact'). */
const CLEANUP_POLICIES = ['delete', 'compact', 'compact,delete', 'delete,compact'];

/** Kafka's own rule for topic names. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface KafkaTopicProps {
  readonly cluster: KafkaCluster;
  /** Kafka topic name; the resource is named after it when it is a valid Kubernetes name. */
  readonly topicName: string;
  /** @default 3 */
  readonly partitions?: number;
  /** @default the cluster's default replication factor */
  readonly replicas?: number;
  /** How long records are kept, in hours; -1 keeps them forever. @default undefined (broker default, 168) */
  readonly retentionHours?: number;
  /** @default undefined (broker default, 'delete') */
  readonly cleanupPolicy?: 'delete' | 'compact' | 'compact,delete';
  /** @default the cluster's min.insync.replicas */
  readonly minInsyncReplicas?: number;
}

/** A topic reconciled by the Strimzi topic operator. */
export class KafkaTopic extends Construct {
  static isKafkaTopic(c: unknown): c is KafkaTopic {
    return c instanceof KafkaTopic;
  }

  readonly topicName: string;
  readonly cluster: KafkaCluster;

  constructor(scope: Construct, id: string, props: KafkaTopicProps) {
    super(scope, id);
    const c = props.cluster;
    const partitions = props.partitions ?? 3;
    const replicas = props.replicas ?? c.replicationFactor;
    const minIsr = props.minInsyncReplicas;

    const checks: Checks = new Checks(this, 'kafka-topic');
    checks.knownFields(props, PROP_SHAPES.KafkaTopicProps);
    checks.that(
      typeof props.topicName === 'string' && TOPIC_NAME.test(props.topicName) && props.topicName !== '.' && props.topicName !== '..',
      'topicName',
      props.topicName,
      "must be 1-249 characters of letters, digits, '.', '_' and '-'",
    );
    // Kafka's internal topics (org.apache.kafka.common.internals.Topic: __consumer_offsets,
    // __transaction_state; KRaft's __cluster_metadata) are created and configured by the brokers;
    // Strimzi's own topics share the prefix. A KafkaTopic would fight over their configuration.
    checks.that(
      !props.topicName.startsWith('__'),
      'topicName',
      props.topicName,
      "must not start with '__' (the prefix of internal topics such as Kafka's __consumer_offsets, which brokers and operators manage)",
    );
    if (props.cleanupPolicy !== undefined)
      checks.that(
        CLEANUP_POLICIES.includes(props.cleanupPolicy),
        'cleanupPolicy',
        props.cleanupPolicy,
        "must be 'delete', 'compact' or 'compact,delete' (Kafka's cleanup.policy)",
      );
    checks.integer('partitions', partitions, 1, 10000);
    checks.integer('replicas', replicas, 1);
    checks.that(replicas <= c.brokers, 'replicas', replicas, `must be at most the number of brokers of Kafka cluster '${c.name}' (${c.brokers})`);
    if (minIsr !== undefined) {
      checks.integer('minInsyncReplicas', minIsr, 1);
      checks.that(
        replicas === 1 ? minIsr === 1 : minIsr < replicas,
        'minInsyncReplicas',
        minIsr,
        replicas === 1 ? 'must be 1 when replicas is 1' : `must be less than replicas (${replicas})`,
      );
    } else if (replicas > 1) {
      checks.that(
        c.minInsyncReplicas < replicas,
        'replicas',
        replicas,
        `must exceed the cluster's min.insync.replicas (${c.minInsyncReplicas}), or set minInsyncReplicas`,
      );
    }
    if (props.retentionHours !== undefined)
      checks.that(
        Number.isInteger(props.retentionHours) && (props.retentionHours === -1 || props.retentionHours > 0),
        'retentionHours',
        props.retentionHours,
        'must be a positive whole number of hours, or -1 (keep forever)',
      );

    this.topicName = props.topicName;
    this.cluster = c;
    checkWatchedNamespace(checks, this, 'KafkaTopic');
    // Kafka refuses a topic whose name equals another's once '.' and '_' are treated alike (Topic.hasCollision).
    checkUniqueMember(
      checks,
      this,
      KafkaTopic.isKafkaTopic,
      (t) => t.topicName.replace(/\./g, '_'),
      'topicName',
      props.topicName,
      'topics',
      "Kafka treats '.' and '_' in topic names alike",
    );
    const resourceName = DNS_SUBDOMAIN.test(props.topicName)
      ? props.topicName
      : props.topicName
          .toLowerCase()
          .replace(/[^a-z0-9.-]/g, '-')
          .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
    checks.that(
      DNS_SUBDOMAIN.test(resourceName) && resourceName.length <= 253,
      'topicName',
      props.topicName,
      "must lower-case into a Kubernetes name (other characters become '-'), which names the resource",
    );
    const config: Record<string, string | number> = {};
    if (props.retentionHours !== undefined) config['retention.ms'] = props.retentionHours === -1 ? -1 : props.retentionHours * 3_600_000;
    if (props.cleanupPolicy !== undefined) config['cleanup.policy'] = props.cleanupPolicy;
    if (minIsr !== undefined) config['min.insync.replicas'] = minIsr;
    const spec: KafkaTopicSpec = { topicName: resourceName === props.topicName ? undefined : props.topicName, partitions, replicas, config };
    new ApiObject(this, 'Resource', {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaTopic',
      metadata: {
        name: resourceName,
        labels: {
          ...recommendedLabels({ name: 'kafka', instance: c.name, component: 'topic', version: c.labels['app.kubernetes.io/version'] }),
          'strimzi.io/cluster': c.name,
        },
      },
      spec,
    });
  }
}
