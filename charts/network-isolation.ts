import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Checks } from '../constructs/common/errors';
import { recommendedLabels } from '../constructs/common/labels';
import { KEELSON_VERSION } from './version';
import { DNS_EGRESS, isCidr, NetworkPolicy, Peer, peers, PortRule, TrafficRule } from '../constructs/common/network-policy';
import { Flow, flowsIn } from '../constructs/common/wiring';
import { KeelsonChart } from './keelson-chart';

export interface NetworkIsolationOptions {
  /** Namespace of the Ingress controller, whose pods forward outside traffic to Ingress backends. */
  readonly ingressControllerNamespace: string;
}

/** Construct id of the policies added to each chart. */
export const NETWORK_ISOLATION_ID = 'NetworkIsolation';

/** Pod labels a NetworkPolicy selects on. */
export type Selector = Record<string, string>;
interface Group {
  readonly selector: Selector;
  readonly rules: TrafficRule[];
}

/** A readable, stable policy name for the pods a selector picks: `<instance>-<component>` when the recommended labels are there. */
export function selectorSlug(selector: Selector): string {
  const instance = selector['app.kubernetes.io/instance'];
  const component = selector['app.kubernetes.io/component'];
  const parts =
    instance !== undefined && component !== undefined
      ? [instance, component]
      : Object.keys(selector)
          .sort()
          .map((k) => selector[k]);
  return parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
}

function add(groups: Map<string, Group>, selector: Selector, rule: TrafficRule): void {
  const key = JSON.stringify(Object.entries(selector).sort());
  const g = groups.get(key) ?? { selector, rules: [] };
  g.rules.push(rule);
  groups.set(key, g);
}

const ports = (f: Flow): PortRule[] => f.ports.map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' }));

/** The parts of rendered Services and Ingresses that say what is exposed. */
interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}
interface RenderedService {
  readonly kind: 'Service';
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly type?: string; readonly selector?: Selector; readonly ports?: readonly ServicePort[] };
}
interface IngressBackend {
  readonly service?: { readonly name: string; readonly port?: { readonly number?: number; readonly name?: string } };
}
interface RenderedIngress {
  readonly kind: 'Ingress';
  readonly spec?: { readonly rules?: readonly { readonly http?: { readonly paths?: readonly { readonly backend?: IngressBackend }[] } }[] };
}

/** Rendered Services and Ingresses of a chart, to find what is exposed outside the cluster. */
function exposed(chart: KeelsonChart): { services: RenderedService[]; ingresses: RenderedIngress[] } {
  const objects = chart.node
    .findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && (c.kind === 'Service' || c.kind === 'Ingress'))
    .map((o) => o.toJson() as RenderedService | RenderedIngress);
  return {
    services: objects.filter((o): o is RenderedService => o.kind === 'Service'),
    ingresses: objects.filter((o): o is RenderedIngress => o.kind === 'Ingress'),
  };
}

/**
 * Isolates every chart's namespace, generated from what the charts already know:
 * - a default-deny policy for all pods, ingress and egress, and DNS egress for all pods;
 * - for each recorded flow (`recordFlow`), egress from the sending pods and ingress to the
 *   receiving pods, across namespaces when the charts differ; 'external' flows allow egress to
 *   their CIDR (or to any address on their ports when no CIDR is known);
 * - ingress from outside the cluster to what is exposed: Ingress backends from the Ingress
 *   controller's namespace, LoadBalancer Services from anywhere (client or node addresses).
 * Applied once, after every chart is built, so flows between charts are all known.
 */
export function applyNetworkIsolation(root: Construct, charts: readonly KeelsonChart[], options: NetworkIsolationOptions): void {
  const checks: Checks = new Checks(root, 'network-isolation');
  // Charts that own no namespace (Argo CD Applications for cluster add-ons, cluster-scoped
  // address pools) run no pods of their own: there is nothing to isolate in them. Namespaces
  // whose pods an operator or an upstream chart creates are left to that software: their
  // traffic is not in the recorded wiring, and a default deny would cut it.
  const isolated = charts.filter((c) => c.targetNamespace !== undefined && c.workloads === 'keelson');
  checks.that(
    isolated.length > 0,
    'charts',
    charts.map((c) => c.node.id),
    'must include a chart that owns a namespace: isolation selects peers by namespace (turn networkIsolation off for namespace-agnostic output)',
  );
  const namespaces = new Map(isolated.map((c) => [c.node.id, c.targetNamespace]));
  const flows = flowsIn(root);
  flows.forEach((f) => {
    for (const chart of [f.from.chart, ...(f.to.kind === 'pods' ? [f.to.chart] : [])]) {
      checks.that(
        namespaces.has(chart),
        'flows',
        `${f.purpose} (chart ${chart})`,
        `must connect charts of this environment (${[...namespaces.keys()].join(', ')})`,
      );
    }
    if (f.to.kind === 'external' && f.to.cidr !== undefined) {
      checks.that(isCidr(f.to.cidr), `flows[${JSON.stringify(f.purpose)}].to.cidr`, f.to.cidr, 'must be an IPv4 or IPv6 CIDR such as 10.20.0.0/16');
    }
  });
  const peerIn = (from: string, chart: string, selector: Selector): Peer =>
    from === chart ? peers.pods(selector) : peers.podsInNamespace(namespaces.get(chart)!, selector);

  for (const chart of isolated) {
    const id = chart.node.id;
    const ingress = new Map<string, Group>();
    const egress = new Map<string, Group>();
    for (const f of flows) {
      if (f.from.chart === id) {
        const to: Peer = f.to.kind === 'pods' ? peerIn(id, f.to.chart, f.to.selector) : peers.cidr(f.to.cidr ?? '0.0.0.0/0');
        add(egress, f.from.selector, { peers: [to], ports: ports(f) });
      }
      if (f.to.kind === 'pods' && f.to.chart === id) add(ingress, f.to.selector, { peers: [peerIn(id, f.from.chart, f.from.selector)], ports: ports(f) });
    }

    const { services, ingresses } = exposed(chart);
    for (const svc of services) {
      if (svc.spec?.type !== 'LoadBalancer' || !svc.spec.selector) continue;
      add(ingress, svc.spec.selector, {
        peers: [peers.anywhere()],
        ports: (svc.spec.ports ?? []).map((p) => ({ port: p.targetPort ?? p.port, protocol: p.protocol ?? 'TCP' })),
      });
    }
    for (const ing of ingresses) {
      for (const rule of ing.spec?.rules ?? []) {
        for (const path of rule.http?.paths ?? []) {
          const backend = path.backend?.service;
          const svc = services.find((s) => s.metadata.name === backend?.name);
          const port = svc?.spec?.ports?.find((p) => p.port === backend?.port?.number || (p.name !== undefined && p.name === backend?.port?.name));
          if (!svc?.spec?.selector || !port) continue;
          add(ingress, svc.spec.selector, {
            peers: [peers.namespaceNamed(options.ingressControllerNamespace)],
            ports: [{ port: port.targetPort ?? port.port, protocol: port.protocol ?? 'TCP' }],
          });
        }
      }
    }

    const scope = new Construct(chart, NETWORK_ISOLATION_ID);
    // These objects belong to keelson itself, so they carry keelson's version.
    const labels = recommendedLabels({ name: 'keelson', instance: id, component: 'network-isolation', version: KEELSON_VERSION });
    new NetworkPolicy(scope, 'DefaultDeny', { name: 'default-deny', labels, podSelector: {}, ingress: [], egress: [] });
    new NetworkPolicy(scope, 'Dns', { name: 'allow-dns', labels, podSelector: {}, egress: [DNS_EGRESS] });
    for (const g of ingress.values())
      new NetworkPolicy(scope, `${selectorSlug(g.selector)}-ingress`, {
        name: `${selectorSlug(g.selector)}-ingress`,
        labels,
        podSelector: g.selector,
        ingress: g.rules,
      });
    for (const g of egress.values())
      new NetworkPolicy(scope, `${selectorSlug(g.selector)}-egress`, {
        name: `${selectorSlug(g.selector)}-egress`,
        labels,
        podSelector: g.selector,
        egress: g.rules,
      });
  }
}
