import { Construct } from 'constructs';
import { k8s } from '../k8s';

/** How many pods of a workload a voluntary disruption (node drain, upgrade) may take at once. */
export type DisruptionBudget = { readonly maxUnavailable: number } | { readonly minAvailable: number };

export interface PodDisruptionBudgetProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly budget: DisruptionBudget;
}

export class PodDisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, props: PodDisruptionBudgetProps) {
    super(scope, id);
    const budget =
      'maxUnavailable' in props.budget
        ? { maxUnavailable: k8s.IntOrString.fromNumber(props.budget.maxUnavailable) }
        : { minAvailable: k8s.IntOrString.fromNumber(props.budget.minAvailable) };
    new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        selector: { matchLabels: props.selector },
        ...budget,
        // Pods that are not yet healthy may always be evicted: a crash-looping pod must not block a drain.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
