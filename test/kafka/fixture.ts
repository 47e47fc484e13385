import { KafkaClusterProps } from '../../constructs/kafka/kafka-cluster';
import { NodeGroupSpec } from '../../constructs/kafka/node-pools';

const resources = { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } } as const;

export function group(replicas: number, size: '10Gi' | '100Gi' = '100Gi'): NodeGroupSpec {
  return { replicas, storage: { kind: 'jbod', volumes: [{ size }] }, resources };
}

/** prod's shape: 3 controllers + 3 brokers. */
export const dedicated: KafkaClusterProps = { name: 'kafka', nodes: { kind: 'dedicated', controllers: group(3, '10Gi'), brokers: group(3) } };
/** dev's shape: one dual-role node. */
export const single: KafkaClusterProps = { name: 'kafka', nodes: { kind: 'combined', nodes: group(1, '10Gi') } };
