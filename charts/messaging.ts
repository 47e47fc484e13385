import { Construct } from 'constructs';
import { KafkaCluster, KafkaClusterProps } from '../constructs/kafka/kafka-cluster';
import { brokerCount } from '../constructs/kafka/node-pools';
import { KafkaTopic, KafkaTopicProps } from '../constructs/kafka/kafka-topic';
import { KafkaUser, KafkaUserProps } from '../constructs/kafka/kafka-user';
import { LoadBalancerPool } from '../constructs/loadbalancer/load-balancer-pool';
import { Checks } from '../constructs/common/errors';
import { KeelsonChart, KeelsonChartProps } from './keelson-chart';
import { markCustomResources, SYNC_WAVES } from './sync-waves';
import { Named, namedEntries } from '../constructs/common/named';

/**
 * A topic of the environment's Kafka cluster; its name is its key in `MessagingSettings.topics`.
 * The fields are KafkaTopic's props (documented there); every environment states the partitions.
 */
export type KafkaTopicSettings = Required<Pick<KafkaTopicProps, 'partitions'>> &
  Pick<KafkaTopicProps, 'replicas'> &
  Pick<KafkaTopicProps, 'retentionHours'> &
  Pick<KafkaTopicProps, 'cleanupPolicy'>;

/**
 * A user of the environment's Kafka cluster; its name is its key in `MessagingSettings.users`.
 * The fields are KafkaUser's props (documented there); every environment states the ACLs.
 */
export type KafkaUserSettings = Pick<KafkaUserProps, 'authentication'> & Required<Pick<KafkaUserProps, 'acls'>>;

/** The `messaging` chart: one Kafka cluster with its topics and users. */
export interface MessagingSettings {
  readonly enabled: boolean;
  /** The cluster's own fields are KafkaCluster's props (documented there). */
  readonly kafka: Pick<KafkaClusterProps, 'nodes'> & {
    /** KafkaCluster's `defaultReplicationFactor`. @default min(3, brokers) */
    readonly replicationFactor?: KafkaClusterProps['defaultReplicationFactor'];
  } & Pick<KafkaClusterProps, 'minInsyncReplicas'> & {
      /** Expose a TLS listener through the environment's address pool. */
      readonly externalListener: boolean;
    };
  /** Topics keyed by Kafka topic name, in insertion order. */
  readonly topics: Named<KafkaTopicSettings>;
  /** Users keyed by user name (the KafkaUser's name), in insertion order. */
  readonly users: Named<KafkaUserSettings>;
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
    namedEntries(s.topics).forEach(([name, t]) => new KafkaTopic(this, `topic-${name}`, { ...t, cluster: this.kafka, topicName: name }));
    namedEntries(s.users).forEach(([name, u]) => new KafkaUser(this, `user-${name}`, { ...u, cluster: this.kafka, name }));
    markCustomResources(this, SYNC_WAVES.customResources);
  }
}
