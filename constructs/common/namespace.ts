import { Chart } from 'cdk8s';
import { Construct } from 'constructs';

/** A chart that applies its namespace when it renders instead of through cdk8s' own `namespace`. */
export interface RenderNamespace {
  readonly targetNamespace?: string;
}

/**
 * The namespace the objects of `scope` are rendered into: the chart's cdk8s `namespace`, or the
 * `targetNamespace` of a chart that applies one at render time. Undefined: the deployer chooses.
 */
export function namespaceOf(scope: Construct): string | undefined {
  const chart = Chart.of(scope);
  return chart.namespace ?? (chart as RenderNamespace).targetNamespace;
}
