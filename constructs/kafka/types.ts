/**
 * Hand-written models of the Strimzi 1.x custom resources (kafka.strimzi.io/v1), limited to
 * the fields keelson sets. Checked against the upstream CRDs by the schema test.
 */

export type StrimziAuthentication = { readonly type: 'tls' } | { readonly type: 'scram-sha-512' };

export interface StrimziListener {
  readonly name: string;
  readonly port: number;
  readonly type: 'internal' | 'loadbalancer';
  readonly tls: boolean;
  readonly authentication?: StrimziAuthentication;
}

export interface StrimziVolume {
  readonly id: number;
  readonly type: 'persistent-claim';
  readonly size: string;
  readonly class?: string;
  readonly deleteClaim: boolean;
  readonly kraftMetadata?: 'shared';
}

export type StrimziStorage =
  { readonly type: 'ephemeral'; readonly sizeLimit?: string } | { readonly type: 'jbod'; readonly volumes: readonly StrimziVolume[] };

export interface StrimziResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu?: string; readonly memory: string };
}

export interface KafkaSpec {
  readonly kafka: {
    readonly version: string;
    readonly listeners: readonly StrimziListener[];
    readonly authorization?: { readonly type: 'simple'; readonly superUsers?: readonly string[] };
    readonly config: Record<string, string | number | boolean>;
    readonly template?: {
      readonly externalBootstrapService?: { readonly metadata: { readonly annotations: Record<string, string> } };
      readonly perPodService?: { readonly metadata: { readonly annotations: Record<string, string> } };
    };
  };
  readonly entityOperator: {
    readonly topicOperator: { readonly resources: StrimziResources };
    readonly userOperator: { readonly resources: StrimziResources };
  };
}

export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  readonly labelSelector: { readonly matchLabels: Record<string, string> };
}

export interface KafkaNodePoolSpec {
  readonly replicas: number;
  readonly roles: readonly ('controller' | 'broker')[];
  readonly storage: StrimziStorage;
  readonly resources: StrimziResources;
  readonly template?: { readonly pod: { readonly topologySpreadConstraints: readonly TopologySpreadConstraint[] } };
}

export interface KafkaTopicSpec {
  readonly topicName?: string;
  readonly partitions: number;
  readonly replicas: number;
  readonly config: Record<string, string | number>;
}

export type AclOperation =
  'Read' | 'Write' | 'Create' | 'Delete' | 'Alter' | 'Describe' | 'ClusterAction' | 'AlterConfigs' | 'DescribeConfigs' | 'IdempotentWrite' | 'All';

export interface StrimziAcl {
  readonly resource: { readonly type: 'topic' | 'group' | 'cluster' | 'transactionalId'; readonly name?: string; readonly patternType?: 'literal' | 'prefix' };
  readonly operations: readonly AclOperation[];
  readonly host?: string;
  readonly type?: 'allow' | 'deny';
}

export interface KafkaUserSpec {
  readonly authentication: { readonly type: 'tls' | 'scram-sha-512' };
  readonly authorization?: { readonly type: 'simple'; readonly acls: readonly StrimziAcl[] };
}
