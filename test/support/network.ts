import { Obj } from './harness';

/** A pod as the NetworkPolicy evaluator sees it. */
export interface PodEnd {
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Named container ports, for policies that name ports. */
  readonly ports?: Record<string, number>;
}
/** An address outside the cluster. */
export interface ExternalEnd {
  readonly ip: string;
}
export type End = PodEnd | ExternalEnd;

const isPod = (e: End): e is PodEnd => 'namespace' in e;
const matches = (selector: Obj | undefined, labels: Record<string, string>) => Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

function ipInCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const toNumber = (s: string) => s.split('.').reduce((a, x) => a * 256 + Number(x), 0);
  const block = 2 ** (32 - Number(bits));
  return Math.floor(toNumber(ip) / block) === Math.floor(toNumber(base) / block);
}

function peerMatches(peer: Obj, policyNamespace: string, other: End): boolean {
  if (peer.ipBlock) return !isPod(other) && ipInCidr(other.ip, peer.ipBlock.cidr);
  if (!isPod(other)) return false;
  const nsOk = peer.namespaceSelector
    ? matches(peer.namespaceSelector, { 'kubernetes.io/metadata.name': other.namespace })
    : other.namespace === policyNamespace;
  const podOk = peer.podSelector ? matches(peer.podSelector, other.labels) : true;
  return nsOk && podOk;
}

function portMatches(rulePorts: Obj[] | undefined, port: number, protocol: string, target: End): boolean {
  if (!rulePorts || rulePorts.length === 0) return true;
  return rulePorts.some(
    (p) => (p.protocol ?? 'TCP') === protocol && (p.port === port || (typeof p.port === 'string' && isPod(target) && target.ports?.[p.port] === port)),
  );
}

/** Whether one side's policies let the connection through (no policy selecting the pod = allowed). */
function sideAllows(policies: Obj[], pod: PodEnd, direction: 'Ingress' | 'Egress', peer: End, port: number, protocol: string, target: End): boolean {
  const selecting = policies.filter(
    (p) => p.metadata.namespace === pod.namespace && (p.spec.policyTypes ?? []).includes(direction) && matches(p.spec.podSelector, pod.labels),
  );
  if (selecting.length === 0) return true;
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const peersKey = direction === 'Ingress' ? 'from' : 'to';
  return selecting.some((p) =>
    ((p.spec[key] ?? []) as Obj[]).some(
      (rule) =>
        (rule[peersKey] === undefined || rule[peersKey].some((x: Obj) => peerMatches(x, pod.namespace, peer))) &&
        portMatches(rule.ports, port, protocol, target),
    ),
  );
}

/** Evaluates Kubernetes NetworkPolicy semantics for one connection: both the sender's egress and the receiver's ingress must allow it. */
export function allows(policies: Obj[], from: End, to: End, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): boolean {
  const egress = isPod(from) ? sideAllows(policies, from, 'Egress', to, port, protocol, to) : true;
  const ingress = isPod(to) ? sideAllows(policies, to, 'Ingress', from, port, protocol, to) : true;
  return egress && ingress;
}
