import { isIP } from 'node:net';
import { Construct } from 'constructs';
import { k8s } from '../k8s';

/** Who may talk to (or be talked to by) the selected pods. */
export type Peer =
  | { readonly kind: 'pods'; readonly labels: Record<string, string> }
  | { readonly kind: 'namespace'; readonly labels: Record<string, string> }
  | { readonly kind: 'cidr'; readonly cidr: string; readonly except?: readonly string[] }
  | { readonly kind: 'anywhere' }
  /** Pods selected by labels inside namespaces selected by labels (both must match). */
  | { readonly kind: 'namespacedPods'; readonly namespace: Record<string, string>; readonly labels: Record<string, string> };

export const peers = {
  pods: (labels: Record<string, string>): Peer => ({ kind: 'pods', labels }),
  namespace: (labels: Record<string, string>): Peer => ({ kind: 'namespace', labels }),
  namespaceNamed: (name: string): Peer => ({ kind: 'namespace', labels: { 'kubernetes.io/metadata.name': name } }),
  cidr: (cidr: string, except?: readonly string[]): Peer => ({ kind: 'cidr', cidr, except }),
  anywhere: (): Peer => ({ kind: 'anywhere' }),
  podsInNamespace: (namespace: string, labels: Record<string, string>): Peer => ({
    kind: 'namespacedPods',
    namespace: { 'kubernetes.io/metadata.name': namespace },
    labels,
  }),
};

export interface PortRule {
  readonly port: number | string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export interface TrafficRule {
  readonly peers: readonly Peer[];
  readonly ports: readonly PortRule[];
}

export interface NetworkPolicyProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  /** Pods the policy applies to. */
  readonly podSelector: Record<string, string>;
  /** Allowed inbound traffic; an empty list denies all inbound traffic. @default undefined (ingress not restricted) */
  readonly ingress?: readonly TrafficRule[];
  /** Allowed outbound traffic; an empty list denies all outbound traffic. @default undefined (egress not restricted) */
  readonly egress?: readonly TrafficRule[];
}

/**
 * A label selector; no labels renders `{}` (select all). The API server drops an empty
 * `matchLabels` map on storage, so emitting one would make every re-apply a change.
 */
export function labelSelector(labels: Record<string, string>): k8s.LabelSelector {
  return Object.keys(labels).length === 0 ? {} : { matchLabels: labels };
}

function renderPeer(p: Peer): k8s.NetworkPolicyPeer | undefined {
  switch (p.kind) {
    case 'pods':
      return { podSelector: labelSelector(p.labels) };
    case 'namespace':
      return { namespaceSelector: labelSelector(p.labels) };
    case 'cidr':
      return { ipBlock: { cidr: p.cidr, except: p.except ? [...p.except] : undefined } };
    case 'anywhere':
      return undefined;
    case 'namespacedPods':
      return { namespaceSelector: labelSelector(p.namespace), podSelector: labelSelector(p.labels) };
  }
}

function renderRule(r: TrafficRule): { peers?: k8s.NetworkPolicyPeer[]; ports: k8s.NetworkPolicyPort[] } {
  const anywhere = r.peers.some((p) => p.kind === 'anywhere');
  const ports = r.ports.map((p) => ({
    port: typeof p.port === 'number' ? k8s.IntOrString.fromNumber(p.port) : k8s.IntOrString.fromString(p.port),
    protocol: p.protocol ?? 'TCP',
  }));
  return { peers: anywhere ? undefined : r.peers.flatMap((p) => renderPeer(p) ?? []), ports };
}

/** A NetworkPolicy built from typed peers and ports. */
export class NetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: NetworkPolicyProps) {
    super(scope, id);
    const policyTypes: string[] = [];
    if (props.ingress !== undefined) policyTypes.push('Ingress');
    if (props.egress !== undefined) policyTypes.push('Egress');
    // An empty rule list is left out: `policyTypes` alone denies that direction, and the API
    // server drops empty lists on storage (an emitted `[]` would never match the live object).
    const nonEmpty = <T>(rules: T[] | undefined): T[] | undefined => (rules && rules.length > 0 ? rules : undefined);
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        podSelector: labelSelector(props.podSelector),
        policyTypes,
        ingress: nonEmpty(
          props.ingress?.map((r) => {
            const x = renderRule(r);
            return { from: x.peers, ports: x.ports };
          }),
        ),
        egress: nonEmpty(
          props.egress?.map((r) => {
            const x = renderRule(r);
            return { to: x.peers, ports: x.ports };
          }),
        ),
      },
    });
  }
}

/** Egress to the cluster DNS service, which every pod that resolves names needs. */
export const DNS_EGRESS: TrafficRule = {
  peers: [{ kind: 'namespace', labels: { 'kubernetes.io/metadata.name': 'kube-system' } }],
  ports: [
    { port: 53, protocol: 'UDP' },
    { port: 53, protocol: 'TCP' },
  ],
};

/** True for an IPv4 (`a.b.c.d/n`, n ≤ 32) or IPv6 (`…/n`, n ≤ 128) CIDR, as NetworkPolicy ipBlocks need. */
export function isCidr(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) return false;
  const version = isIP(m[1]);
  return version !== 0 && Number(m[2]) <= (version === 4 ? 32 : 128);
}
