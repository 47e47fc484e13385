import { Construct } from 'constructs';
import { KafkaCluster } from '../constructs/kafka/kafka-cluster';
import { brokerCount } from '../constructs/kafka/node-pools';
import { KafkaTopic } from '../constructs/kafka/kafka-topic';
import { KafkaUser } from '../constructs/kafka/kafka-user';
import { LoadBalancerPool } from '../constructs/loadbalancer/load-balancer-pool';
import { Checks } from '../constructs/common/errors';
import { KeelsonChart, KeelsonChartProps } from './keelson-chart';
import { markCustomResources, SYNC_WAVES } from './sync-waves';
import { KafkaAcl } from '../constructs/kafka/kafka-user';
import { KafkaNodeLayout } from '../constructs/kafka/node-pools';
import { Named, namedEntries } from '../constructs/common/named';

/** A topic of the environment's Kafka cluster; its name is its key in `MessagingSettings.topics`. */
export interface KafkaTopicSettings {
  readonly partitions: number;
  /** @default the cluster's replication factor */
  readonly replicas?: number;
  /** @default the broker default (168) */
  readonly retentionHours?: number;
  /** @default 'delete' */
  readonly cleanupPolicy?: 'delete' | 'compact' | 'compact,delete';
}

/** The `messaging` chart: one Kafka cluster with its topics and users. */
export interface MessagingSettings {
  readonly enabled: boolean;
  readonly kafka: {
    readonly nodes: KafkaNodeLayout;
    /** @default min(3, brokers) */
    readonly replicationFactor?: number;
    /** @default replicationFactor - 1 */
    readonly minInsyncReplicas?: number;
    /** Expose a TLS listener through the environment's address pool. */
    readonly externalListener: boolean;
  };
  /** Topics keyed by Kafka topic name, in insertion order. */
  readonly topics: Named<KafkaTopicSettings>;
  /** Users keyed by user name (the KafkaUser's name), in insertion order. */
  readonly users: Named<KafkaUserSettings>;
}

/** A user of the environment's Kafka cluster; its name is its key in `MessagingSettings.users`. */
export interface KafkaUserSettings {
  readonly authentication: 'tls' | 'scram-sha-512';
  readonly acls: readonly KafkaAcl[];
}

export interface MessagingChartProps extends KeelsonChartProps {
  readonly settings: MessagingSettings;
  /** The environment's address pool, for the external listener. */
  readonly pool: LoadBalancerPool;
  readonly storageClass?: string;
}

/** Kafka on Strimzi: the cluster, its node pools, topics and users. */
export class MessagingChart extends KeelsonChart {
  readonly kafka: KafkaCluster;

  constructor(scope: Construct, id: string, props: MessagingChartProps) {
    // Strimzi (messaging) or Harbor's Helm chart (registry) creates the pods.
    super(scope, id, { ...props, workloads: 'upstream' });
    const s = props.settings;
    const checks: Checks = new Checks(this, 'messaging');
    this.kafka = new KafkaCluster(this, 'kafka', {
      name: 'kafka',
      nodes: s.kafka.nodes,
      defaultReplicationFactor: s.kafka.replicationFactor,
      minInsyncReplicas: s.kafka.minInsyncReplicas,
      storageClass: props.storageClass,
      listeners: s.kafka.externalListener
        ? {
            // Strimzi creates a bootstrap Service plus one per broker, each taking an address.
            external: {
              authentication: 'scram-sha-512',
              annotations: props.pool.annotations(checks, 'messaging.kafka.externalListener', undefined, brokerCount(s.kafka.nodes) + 1),
            },
          }
        : undefined,
    });
    // Keyed by name, so no two entries share one; names Kafka or Kubernetes still treat as one
    // (build.events and build_events) are reported by KafkaTopic.
    namedEntries(s.topics).forEach(
      ([name, t]) =>
        new KafkaTopic(this, `topic-${name}`, {
          cluster: this.kafka,
          topicName: name,
          partitions: t.partitions,
          replicas: t.replicas,
          retentionHours: t.retentionHours,
          cleanupPolicy: t.cleanupPolicy,
        }),
    );
    namedEntries(s.users).forEach(
      ([name, u]) => new KafkaUser(this, `user-${name}`, { cluster: this.kafka, name, authentication: u.authentication, acls: u.acls }),
    );
    markCustomResources(this, SYNC_WAVES.customResources);
  }
}
