import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { recommendedLabels } from '../common/labels';
import { checkResources, ResourceSpec } from '../common/resources';
import { DATA_PROTECTION_ANNOTATIONS } from '../common/storage';
import { KafkaNodePool } from './kafka-node-pool';
import { brokerCount, checkNodeGroup, KafkaNodeLayout, NodeGroupSpec, renderStorage, renderStrimziResources } from './node-pools';
import { KafkaSpec, StrimziListener } from './types';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

/** Kafka release run by the pinned Strimzi operator (1.2.0 supports the 4.2 and 4.3 lines). */
export const KAFKA_VERSION = '4.3.1';

/** Client authentication on a listener. */
export type ListenerAuthentication = 'none' | 'scram-sha-512' | 'tls';

export interface KafkaListenersSpec {
  /** Plain-text listener on 9092 inside the cluster. @default { authentication: 'scram-sha-512' } */
  readonly plain?: { readonly authentication: Exclude<ListenerAuthentication, 'tls'> } | false;
  /** TLS listener on 9093 inside the cluster. @default { authentication: 'tls' } */
  readonly tls?: { readonly authentication: ListenerAuthentication } | false;
  /**
   * TLS listener on 9094 through LoadBalancer Services (one bootstrap plus one per broker);
   * `annotations` bind them to an address pool.
   * @default undefined (no external access)
   */
  readonly external?: { readonly authentication: Exclude<ListenerAuthentication, 'none'>; readonly annotations: Record<string, string> };
}

export interface KafkaClusterProps {
  /** Cluster name (Strimzi prefixes every object with it). */
  readonly name: string;
  readonly nodes: KafkaNodeLayout;
  /** @default KAFKA_VERSION */
  readonly version?: string;
  /** @default internal plain (SCRAM) and TLS (mTLS) listeners, no external one */
  readonly listeners?: KafkaListenersSpec;
  /**
   * `simple` enables Kafka ACLs (KafkaUser ACLs are then enforced); superUsers bypass them.
   * @default { kind: 'simple', superUsers: [] }
   */
  readonly authorization?: { readonly kind: 'none' } | { readonly kind: 'simple'; readonly superUsers?: readonly string[] };
  /** Replication of new topics and internal topics. @default min(3, brokers) */
  readonly defaultReplicationFactor?: number;
  /** @default defaultReplicationFactor - 1 (1 for a single copy) */
  readonly minInsyncReplicas?: number;
  /** Topic and user operators. @default 100m/256Mi requests, 512Mi limit each */
  readonly entityOperatorResources?: ResourceSpec;
  /** StorageClass for JBOD volumes that do not name one. @default undefined (cluster default) */
  readonly storageClass?: string;
}

const KAFKA_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A Kafka cluster managed by Strimzi 1.x: KRaft only, nodes in KafkaNodePools, topic and user
 * operators enabled so KafkaTopic and KafkaUser resources are reconciled.
 */
export class KafkaCluster extends Construct {
  readonly name: string;
  readonly brokers: number;
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  readonly authorizationEnabled: boolean;
  /** Authentication modes clients can use, across the listeners. */
  readonly authentications: ReadonlySet<Exclude<ListenerAuthentication, 'none'>>;
  /** `host:port` of the plain listener's bootstrap Service, when that listener exists. */
  readonly plainBootstrap?: string;
  /** `host:port` of the TLS listener's bootstrap Service, when that listener exists. */
  readonly tlsBootstrap?: string;
  /** Pods of the brokers (for network flows). */
  readonly brokerSelector: Record<string, string>;
  readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const version = props.version ?? KAFKA_VERSION;
    const listeners = {
      plain: props.listeners?.plain === undefined ? { authentication: 'scram-sha-512' as const } : props.listeners.plain,
      tls: props.listeners?.tls === undefined ? { authentication: 'tls' as const } : props.listeners.tls,
      external: props.listeners?.external,
    };
    const authorization = props.authorization ?? { kind: 'simple' as const, superUsers: [] };
    const entityResources: ResourceSpec = props.entityOperatorResources ?? { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } };

    const checks: Checks = new Checks(this, 'kafka');
    checks.knownFields(props, PROP_SHAPES.KafkaClusterProps);
    checks.that(
      typeof props.name === 'string' && KAFKA_NAME.test(props.name) && props.name.length <= 40,
      'name',
      props.name,
      'must be a DNS-1123 label of at most 40 characters (Strimzi derives longer object names from it)',
    );
    checks.that(/^\d+\.\d+\.\d+$/.test(version), 'version', version, 'must be a Kafka release such as 4.3.1');
    checks.that(['combined', 'dedicated'].includes(props.nodes?.kind), 'nodes.kind', props.nodes?.kind, "must be 'combined' or 'dedicated'");
    if (props.nodes.kind === 'combined') checkNodeGroup(checks, 'nodes.nodes', props.nodes.nodes, 'combined');
    else {
      checkNodeGroup(checks, 'nodes.controllers', props.nodes.controllers, 'controller');
      checkNodeGroup(checks, 'nodes.brokers', props.nodes.brokers, 'broker');
    }
    const brokers = brokerCount(props.nodes);
    const replicationFactor = props.defaultReplicationFactor ?? Math.min(3, brokers);
    checks.integer('defaultReplicationFactor', replicationFactor, 1);
    checks.that(replicationFactor <= brokers, 'defaultReplicationFactor', replicationFactor, `must be at most the number of brokers (${brokers})`);
    const minIsr = props.minInsyncReplicas ?? Math.max(1, replicationFactor - 1);
    checks.integer('minInsyncReplicas', minIsr, 1);
    if (replicationFactor === 1) {
      checks.that(minIsr === 1, 'minInsyncReplicas', minIsr, 'must be 1 when defaultReplicationFactor is 1');
    } else {
      checks.that(
        minIsr < replicationFactor,
        'minInsyncReplicas',
        minIsr,
        `must be less than defaultReplicationFactor (${replicationFactor}), or one broker down stops every producer using acks=all`,
      );
    }
    if (listeners.plain)
      checks.that(
        ['none', 'scram-sha-512'].includes(listeners.plain.authentication),
        'listeners.plain.authentication',
        listeners.plain.authentication,
        "must be 'none' or 'scram-sha-512' (mutual TLS needs a TLS listener)",
      );
    if (listeners.tls)
      checks.that(
        ['none', 'scram-sha-512', 'tls'].includes(listeners.tls.authentication),
        'listeners.tls.authentication',
        listeners.tls.authentication,
        "must be 'none', 'scram-sha-512' or 'tls'",
      );
    if (listeners.external) {
      checks.that(
        ['scram-sha-512', 'tls'].includes(listeners.external.authentication),
        'listeners.external.authentication',
        listeners.external.authentication,
        "must be 'scram-sha-512' or 'tls' (an external listener always authenticates)",
      );
    }
    checks.that(Boolean(listeners.plain || listeners.tls), 'listeners', props.listeners, 'must keep at least one internal listener (plain or tls)');
    if (authorization.kind === 'simple')
      authorization.superUsers?.forEach((u, i) =>
        checks.that(typeof u === 'string' && u.length > 0, `authorization.superUsers[${i}]`, u, 'must be a user name'),
      );
    checkResources(checks, 'entityOperatorResources', entityResources);

    this.name = props.name;
    this.brokers = brokers;
    this.replicationFactor = replicationFactor;
    this.minInsyncReplicas = minIsr;
    this.authorizationEnabled = authorization.kind === 'simple';
    this.labels = recommendedLabels({ name: 'kafka', instance: props.name, component: 'broker', version });
    this.brokerSelector = { 'strimzi.io/cluster': props.name, 'strimzi.io/broker-role': 'true' };

    const rendered: StrimziListener[] = [];
    const auth = (a: ListenerAuthentication) => (a === 'none' ? undefined : { type: a });
    const modes = new Set<Exclude<ListenerAuthentication, 'none'>>();
    const bootstrap = `${props.name}-kafka-bootstrap`;
    if (listeners.plain) {
      rendered.push({ name: 'plain', port: 9092, type: 'internal', tls: false, authentication: auth(listeners.plain.authentication) });
      if (listeners.plain.authentication !== 'none') modes.add(listeners.plain.authentication);
      this.plainBootstrap = `${bootstrap}:9092`;
    }
    if (listeners.tls) {
      rendered.push({ name: 'tls', port: 9093, type: 'internal', tls: true, authentication: auth(listeners.tls.authentication) });
      if (listeners.tls.authentication !== 'none') modes.add(listeners.tls.authentication);
      this.tlsBootstrap = `${bootstrap}:9093`;
    }
    if (listeners.external) {
      rendered.push({ name: 'external', port: 9094, type: 'loadbalancer', tls: true, authentication: auth(listeners.external.authentication) });
      modes.add(listeners.external.authentication);
    }
    this.authentications = modes;

    const annotations = listeners.external?.annotations;
    const spec: KafkaSpec = {
      kafka: {
        version,
        listeners: rendered,
        authorization:
          authorization.kind === 'simple'
            ? { type: 'simple', superUsers: authorization.superUsers?.length ? [...authorization.superUsers] : undefined }
            : undefined,
        config: {
          'default.replication.factor': replicationFactor,
          'min.insync.replicas': minIsr,
          'offsets.topic.replication.factor': replicationFactor,
          'transaction.state.log.replication.factor': replicationFactor,
          'transaction.state.log.min.isr': minIsr,
        },
        template: annotations
          ? { externalBootstrapService: { metadata: { annotations: { ...annotations } } }, perPodService: { metadata: { annotations: { ...annotations } } } }
          : undefined,
      },
      entityOperator: {
        topicOperator: { resources: renderStrimziResources(entityResources) },
        userOperator: { resources: renderStrimziResources(entityResources) },
      },
    };
    // Deleting the Kafka resource deletes the cluster: never by an Argo CD prune.
    new ApiObject(this, 'Resource', {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'Kafka',
      metadata: { name: props.name, labels: this.labels, annotations: { ...DATA_PROTECTION_ANNOTATIONS } },
      spec,
    });

    const pool = (poolId: string, g: NodeGroupSpec, roles: ('controller' | 'broker')[], component: string) =>
      new KafkaNodePool(this, poolId, {
        name: poolId,
        cluster: props.name,
        labels: recommendedLabels({ name: 'kafka', instance: props.name, component, version }),
        spec: {
          replicas: g.replicas,
          roles,
          storage: renderStorage(g.storage, props.storageClass),
          resources: renderStrimziResources(g.resources),
          // One node of a pool per Kubernetes node: losing a node costs one replica, not a quorum.
          template:
            g.replicas > 1
              ? {
                  pod: {
                    topologySpreadConstraints: [
                      {
                        maxSkew: 1,
                        topologyKey: 'kubernetes.io/hostname',
                        whenUnsatisfiable: 'DoNotSchedule',
                        labelSelector: { matchLabels: { 'strimzi.io/cluster': props.name, 'strimzi.io/pool-name': poolId } },
                      },
                    ],
                  },
                }
              : undefined,
        },
      });
    if (props.nodes.kind === 'combined') pool('dual-role', props.nodes.nodes, ['controller', 'broker'], 'dual-role');
    else {
      pool('controller', props.nodes.controllers, ['controller'], 'controller');
      pool('broker', props.nodes.brokers, ['broker'], 'broker');
    }
  }
}
