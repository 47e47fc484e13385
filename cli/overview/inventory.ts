import { UpstreamReleaseSpec } from '../../constructs/upstream/upstream-release';
import { managedServices } from './managed';
import { ChartObjects, ComponentKey, componentTitle, Obj, selects, Workload, workloadsOf } from './workloads';

/** What an environment contains beyond its budget: objects, endpoints, images, upstream releases. */

export interface ChartCount {
  readonly chart: string;
  readonly namespace?: string;
  readonly objects: number;
  /** Objects per kind, sorted by kind. */
  readonly kinds: Readonly<Record<string, number>>;
}

export function objectCounts(charts: readonly ChartObjects[]): ChartCount[] {
  return charts.map((c) => {
    const kinds: Record<string, number> = {};
    for (const o of [...c.objects].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
    return { chart: c.name, namespace: c.namespace, objects: c.objects.length, kinds };
  });
}

/** A way into the environment from outside the cluster. */
export type Endpoint =
  | {
      readonly kind: 'LoadBalancer' | 'NodePort';
      readonly chart: string;
      readonly namespace?: string;
      readonly service: string;
      /** `80/TCP`, or `80:30080/TCP` with a fixed node port. */
      readonly ports: readonly string[];
      readonly loadBalancerClass?: string;
      /** Address pool named by a load-balancer annotation (OpenELB Eip, MetalLB address-pool). */
      readonly pool?: string;
      /** Fixed addresses requested through `loadBalancerIP` or an annotation. */
      readonly fixedIps: readonly string[];
      readonly annotations: Readonly<Record<string, string>>;
      /** Components whose pods the Service selects. */
      readonly targets: readonly ComponentKey[];
      /** Services of this name pattern (an operator's one per broker); 1 for a Service in the manifests. */
      readonly count: number;
      /** The operator or upstream chart that creates it; undefined for a Service in the manifests. */
      readonly createdBy?: string;
    }
  | {
      readonly kind: 'Ingress';
      readonly chart: string;
      readonly namespace?: string;
      readonly ingress: string;
      readonly ingressClassName?: string;
      /** `https://host/path` per rule and path. */
      readonly urls: readonly string[];
      readonly annotations: Readonly<Record<string, string>>;
      /** Components behind the backend Services. */
      readonly targets: readonly ComponentKey[];
    };

const POOL_ANNOTATION = /(^eip\.openelb\.kubesphere\.io\/)|(address-pool$)/;
const IPS_ANNOTATION = /loadBalancerIPs$/;

function selectorTargets(workloads: readonly Workload[], chart: string, selector: Record<string, string> | undefined): ComponentKey[] {
  const keys = workloads.filter((w) => w.chart === chart && selects(selector, w.podLabels)).map((w) => w.key);
  return keys.filter((k, i) => keys.findIndex((x) => componentTitle(x) === componentTitle(k)) === i);
}

const serviceTargets = (workloads: readonly Workload[], chart: string, service: Obj | undefined): ComponentKey[] =>
  service ? selectorTargets(workloads, chart, service.spec?.selector) : [];

function poolOf(annotations: Record<string, string>): string | undefined {
  const key = Object.keys(annotations)
    .sort()
    .find((k) => POOL_ANNOTATION.test(k));
  return key && annotations[key];
}

function annotatedIps(annotations: Record<string, string>): string[] {
  return Object.keys(annotations)
    .sort()
    .filter((k) => IPS_ANNOTATION.test(k))
    .flatMap((k) => annotations[k].split(',').map((s) => s.trim()));
}

export function endpointsOf(charts: readonly ChartObjects[]): Endpoint[] {
  const workloads = workloadsOf(charts);
  const out: Endpoint[] = [];
  for (const c of charts) {
    for (const o of c.objects as readonly Obj[]) {
      const namespace = o.metadata.namespace ?? c.namespace;
      const annotations: Record<string, string> = o.metadata.annotations ?? {};
      if (o.kind === 'Service' && (o.spec?.type === 'LoadBalancer' || o.spec?.type === 'NodePort')) {
        const fixedIps = [...(o.spec.loadBalancerIP ? [o.spec.loadBalancerIP as string] : []), ...annotatedIps(annotations)];
        out.push({
          kind: o.spec.type,
          chart: c.name,
          namespace,
          service: o.metadata.name,
          ports: ((o.spec.ports ?? []) as Obj[]).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`),
          loadBalancerClass: o.spec.loadBalancerClass,
          pool: poolOf(annotations),
          fixedIps,
          annotations,
          targets: serviceTargets(workloads, c.name, o),
          count: 1,
        });
      }
      if (o.kind === 'Ingress') {
        const tlsHosts = new Set(((o.spec?.tls ?? []) as Obj[]).flatMap((t) => t.hosts ?? []));
        const urls: string[] = [];
        const backends: string[] = [];
        for (const rule of (o.spec?.rules ?? []) as Obj[]) {
          for (const p of (rule.http?.paths ?? []) as Obj[]) {
            urls.push(`${tlsHosts.has(rule.host) ? 'https' : 'http'}://${rule.host ?? '*'}${p.path ?? '/'}`);
            if (p.backend?.service?.name) backends.push(p.backend.service.name);
          }
        }
        const services = c.objects.filter((s) => s.kind === 'Service' && backends.includes(s.metadata.name));
        const targets = services.flatMap((s) => serviceTargets(workloads, c.name, s));
        out.push({
          kind: 'Ingress',
          chart: c.name,
          namespace,
          ingress: o.metadata.name,
          ingressClassName: o.spec?.ingressClassName,
          urls,
          annotations,
          targets: targets.filter((k, i) => targets.findIndex((x) => componentTitle(x) === componentTitle(k)) === i),
        });
      }
    }
  }
  // Services that operators and upstream charts create from what the manifests ask for.
  for (const m of managedServices(charts)) {
    out.push({
      kind: m.type,
      chart: m.chart,
      namespace: m.namespace,
      service: m.service,
      ports: m.ports,
      pool: poolOf({ ...m.annotations }),
      fixedIps: annotatedIps({ ...m.annotations }),
      annotations: m.annotations,
      targets: selectorTargets(workloads, m.chart, { ...m.selector }),
      count: m.count,
      createdBy: m.createdBy,
    });
  }
  return out;
}

/** One image and who runs it. */
export interface ImageUse {
  readonly image: string;
  readonly repository: string;
  /** Tag, digest, or both (`tag@sha256:…`); `(none)` when the reference pins nothing. */
  readonly version: string;
  /** Components running it, e.g. `ci · jenkins/controller`. */
  readonly usedBy: readonly string[];
}

/** Splits `registry:5000/repo/name:tag@sha256:…` into repository and version. */
export function splitImage(image: string): { repository: string; version: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(':');
  const hasTag = colon > ref.lastIndexOf('/');
  const repository = hasTag ? ref.slice(0, colon) : ref;
  const tag = hasTag ? ref.slice(colon + 1) : undefined;
  const version = [tag, digest].filter(Boolean).join('@') || '(none)';
  return { repository, version };
}

/** Every image of every container (init and sidecar containers included), sorted. */
export function imagesOf(charts: readonly ChartObjects[]): ImageUse[] {
  const uses = new Map<string, Set<string>>();
  for (const w of workloadsOf(charts)) {
    for (const c of [...(w.podSpec.initContainers ?? []), ...(w.podSpec.containers ?? [])] as Obj[]) {
      if (typeof c.image !== 'string') continue;
      const set = uses.get(c.image) ?? new Set<string>();
      set.add(componentTitle(w.key));
      uses.set(c.image, set);
    }
  }
  return [...uses.keys()].sort().map((image) => ({ image, ...splitImage(image), usedBy: [...uses.get(image)!].sort() }));
}

/** Upstream Helm releases, as the report lists them. */
export interface ReleaseUse {
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly version: string;
  readonly repoURL: string;
}

export function releasesOf(releases: readonly UpstreamReleaseSpec[]): ReleaseUse[] {
  return releases.map((r) => ({ name: r.name, namespace: r.namespace, chart: r.chart.chart, version: r.chart.version, repoURL: r.chart.repoURL }));
}
