import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DATA_PROTECTION_ANNOTATIONS } from '../common/storage';
import { KafkaNodePoolSpec } from './types';

export interface KafkaNodePoolProps {
  /** Pool name; pods are named `<cluster>-<pool>-<id>`. */
  readonly name: string;
  readonly cluster: string;
  readonly labels: Record<string, string>;
  readonly spec: KafkaNodePoolSpec;
}

/**
 * A Strimzi KafkaNodePool bound to its cluster by the `strimzi.io/cluster` label (validated by
 * KafkaCluster). Removing a pool removes its brokers' data: protected from Argo CD prune.
 */
export class KafkaNodePool extends Construct {
  constructor(scope: Construct, id: string, props: KafkaNodePoolProps) {
    super(scope, id);
    new ApiObject(this, 'Resource', {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaNodePool',
      metadata: { name: props.name, labels: { ...props.labels, 'strimzi.io/cluster': props.cluster }, annotations: { ...DATA_PROTECTION_ANNOTATIONS } },
      spec: props.spec,
    });
  }
}
