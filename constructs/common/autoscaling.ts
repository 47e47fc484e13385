import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { Checks } from './errors';
import { PROP_SHAPES } from './prop-shapes.generated';

/** Replica bounds and utilization targets of a HorizontalPodAutoscaler. */
export interface AutoscalingSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU utilization (% of requests) to aim for. @default 70 */
  readonly cpuUtilization?: number;
  /** Average memory utilization (% of requests) to aim for. @default undefined (CPU only) */
  readonly memoryUtilization?: number;
  /**
   * How long the HPA waits, after load drops, before removing pods. @default 300
   * A long window avoids flapping when load is bursty (CI builds, batch jobs).
   */
  readonly scaleDownStabilizationSeconds?: number;
}

export interface HorizontalAutoscalerProps {
  readonly spec: AutoscalingSpec;
  readonly target: { readonly apiVersion: string; readonly kind: string; readonly name: string };
  readonly name: string;
  readonly labels: Record<string, string>;
  /** Name of the owning component, for error messages. */
  readonly component: string;
  /** Field path of `spec` in the owner's props, for error messages. */
  readonly field: string;
}

/** Validates autoscaling bounds and targets. */
export function checkAutoscaling(checks: Checks, field: string, spec: AutoscalingSpec): void {
  checks.integer(`${field}.minReplicas`, spec.minReplicas, 1, 1000);
  checks.integer(`${field}.maxReplicas`, spec.maxReplicas, 1, 1000);
  checks.that(spec.minReplicas <= spec.maxReplicas, `${field}.minReplicas`, spec.minReplicas, `must not exceed maxReplicas (${spec.maxReplicas})`);
  if (spec.cpuUtilization !== undefined) checks.integer(`${field}.cpuUtilization`, spec.cpuUtilization, 1, 100);
  if (spec.memoryUtilization !== undefined) checks.integer(`${field}.memoryUtilization`, spec.memoryUtilization, 1, 100);
  if (spec.scaleDownStabilizationSeconds !== undefined) {
    checks.integer(`${field}.scaleDownStabilizationSeconds`, spec.scaleDownStabilizationSeconds, 0, 3600);
  }
}

/** An autoscaling/v2 HorizontalPodAutoscaler on CPU and (optionally) memory utilization. */
export class HorizontalAutoscaler extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: HorizontalAutoscalerProps) {
    super(scope, id);
    const checks: Checks = new Checks(this, props.component);
    checks.knownFields(props, PROP_SHAPES.HorizontalAutoscalerProps);
    checkAutoscaling(checks, props.field, props.spec);
    const spec = { cpuUtilization: 70, scaleDownStabilizationSeconds: 300, ...props.spec };
    this.name = props.name;

    const metrics: k8s.MetricSpecV2[] = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.cpuUtilization } } },
    ];
    if (spec.memoryUtilization !== undefined) {
      metrics.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: spec.memoryUtilization } } });
    }
    new k8s.KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        scaleTargetRef: { ...props.target },
        minReplicas: spec.minReplicas,
        maxReplicas: spec.maxReplicas,
        metrics,
        behavior: {
          scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }] },
          // Remove one pod at a time: a removed pod may have been doing work.
          scaleDown: {
            stabilizationWindowSeconds: spec.scaleDownStabilizationSeconds,
            selectPolicy: 'Min',
            policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }],
          },
        },
      },
    });
  }
}
