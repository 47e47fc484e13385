import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { record, recordsIn } from './tree-metadata';

/**
 * Who talks to whom. Constructs and charts record every connection they wire (Alloy → Loki,
 * agents → controller, ES-sync → its clusters …) so that network policies, diagrams and
 * reports are generated from the wiring instead of being listed by hand.
 */
export type FlowTarget =
  /** Pods of this platform, selected by labels, in the chart (namespace) that owns them. */
  | { readonly kind: 'pods'; readonly chart: string; readonly selector: Record<string, string> }
  /** Something outside the platform, such as an external Elasticsearch cluster. */
  | { readonly kind: 'external'; readonly host: string; /** CIDR when known. */ readonly cidr?: string };

export interface Flow {
  /** Sending pods. */
  readonly from: { readonly chart: string; readonly selector: Record<string, string> };
  readonly to: FlowTarget;
  readonly ports: readonly { readonly port: number; readonly protocol?: 'TCP' | 'UDP' }[];
  /** What the connection is for, e.g. `log push` (shown in diagrams and policy names). */
  readonly purpose: string;
}

const FLOW_METADATA = 'keelson:flow';

/** The id of the chart a construct belongs to (charts map one-to-one to namespaces). */
export function chartIdOf(scope: Construct): string {
  return Chart.of(scope).node.id;
}

/** Records a connection on the construct tree. */
export function recordFlow(scope: Construct, flow: Flow): void {
  record(scope, FLOW_METADATA, flow);
}

/** Every flow recorded below `root`, in construction order. */
export function flowsIn(root: Construct): Flow[] {
  return recordsIn<Flow>(root, FLOW_METADATA);
}

/** The Kubernetes API server as pods reach it: the `kubernetes` Service (443) and most control planes behind it (6443). */
export const KUBERNETES_API: { readonly to: FlowTarget; readonly ports: Flow['ports'] } = {
  to: { kind: 'external', host: 'kubernetes.default.svc' },
  ports: [{ port: 443 }, { port: 6443 }],
};

/** Records that `from` pods call the Kubernetes API server (discovery, metadata, pod management). */
export function recordApiServerFlow(scope: Construct, from: Flow['from'], purpose: string): void {
  recordFlow(scope, { from, to: KUBERNETES_API.to, ports: KUBERNETES_API.ports, purpose });
}

/** An endpoint outside the platform given as `scheme://host[:port]` or `host[:port]`: its host and port. */
export function externalEndpoint(address: string, defaultPort: number): { readonly to: FlowTarget; readonly port: number } {
  const m = /^(?:(https?):\/\/)?([^/:\s]+)(?::(\d+))?/.exec(address);
  const port = m?.[3] ? Number(m[3]) : m?.[1] === 'http' ? 80 : m?.[1] === 'https' ? 443 : defaultPort;
  return { to: { kind: 'external', host: m?.[2] ?? address }, port };
}
