/**
 * What the Pulumi program deploys, decided without Pulumi: which objects of a rendered chart go
 * first (cluster-scoped: namespaces, CRDs), which hold data (protected), and the environment's
 * endpoints. Pure functions over the render core's result (render/): objects, Secrets and
 * releases come from there, never from the construct tree again.
 */
import { ManifestObject } from '../../charts/keelson-chart';
import { apiGroupOf, isClusterScoped } from '../../constructs/common/kinds';
import { SecretRequirement } from '../../constructs/common/secrets';
import { holdsData } from '../../constructs/common/storage';
import { EXTERNAL_SECRETS_API } from '../../constructs/external-secrets/external-secret';
import { UpstreamReleaseSpec } from '../../constructs/upstream/upstream-release';
import { RenderedChart } from '../../render';

export interface ChartPlan {
  readonly name: string;
  /** Namespace of the chart's namespaced objects (and of its Secrets). */
  readonly namespace?: string;
  /** Cluster-scoped objects (Namespaces, CRDs, cluster roles) other than `dataNamespaces`: applied first. */
  readonly cluster: ManifestObject[];
  /**
   * Namespaces holding data objects: deleting a Namespace deletes everything in it, so they are
   * protected and retained on delete like the data itself.
   */
  readonly dataNamespaces: ManifestObject[];
  /** Identities, configuration and policies (ServiceAccounts, RBAC, ConfigMaps …): before any Pod. */
  readonly config: ManifestObject[];
  /** Objects holding data: each deployed on its own, protected and retained on delete. */
  readonly data: ManifestObject[];
  /**
   * ExternalSecrets (secret backend `externalSecrets`): applied after the namespace and before
   * everything else, each waiting until the operator reports it Ready (its Secret exists).
   */
  readonly externalSecrets: ManifestObject[];
  /** Workloads and what fronts or scales them (Services, autoscalers, disruption budgets): last. */
  readonly workloads: ManifestObject[];
  readonly secrets: SecretRequirement[];
  readonly releases: UpstreamReleaseSpec[];
}

/**
 * Kinds that start Pods or wait for them. Pulumi's await logic holds a Service until it has
 * endpoints (pulumi-kubernetes provider/pkg/await, 4.25), so Services go with the workloads
 * they front; everything else a Pod reads at admission or start (its ServiceAccount, the
 * ConfigMaps it mounts) must exist before it: the ServiceAccount admission plugin rejects a Pod
 * whose ServiceAccount is missing.
 */
const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'apps/Deployment',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'apps/ReplicaSet',
  'batch/Job',
  'batch/CronJob',
  '/Pod',
  '/Service',
  'networking.k8s.io/Ingress',
  'autoscaling/HorizontalPodAutoscaler',
  'policy/PodDisruptionBudget',
]);

export function isWorkload(o: ManifestObject): boolean {
  return WORKLOAD_KINDS.has(`${apiGroupOf(o.apiVersion)}/${o.kind}`);
}

/**
 * Splits a rendered chart's objects. `namespace` overrides the chart's (PR previews: the
 * manifests name no namespace, the stack picks one); the Argo CD Applications rendering upstream
 * releases are left out (the program installs those releases with Helm).
 */
export function planChart(chart: RenderedChart, namespace: string | undefined = chart.namespace): ChartPlan {
  const byArgoCd = new Set(chart.releaseApplications);
  const objects = chart.objects
    .filter((_, i) => !byArgoCd.has(chart.keys[i]))
    .map((o) =>
      isClusterScoped(o.apiVersion, o.kind) || o.metadata.namespace !== undefined || namespace === undefined
        ? o
        : { ...o, metadata: { ...o.metadata, namespace } },
    );
  const clusterScoped = objects.filter((o) => isClusterScoped(o.apiVersion, o.kind));
  const data = objects.filter((o) => !isClusterScoped(o.apiVersion, o.kind) && holdsData(o));
  const holding = new Set(data.map((o) => o.metadata.namespace));
  const dataNamespaces = clusterScoped.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1' && holding.has(o.metadata.name));
  const cluster = clusterScoped.filter((o) => !dataNamespaces.includes(o));
  const isExternalSecret = (o: ManifestObject) => o.apiVersion === EXTERNAL_SECRETS_API && o.kind === 'ExternalSecret';
  // pulumi-kubernetes >= 4.18 awaits `pulumi.com/waitFor` on any resource (here ESO's Ready condition).
  const externalSecrets = objects
    .filter(isExternalSecret)
    .map((o) => ({ ...o, metadata: { ...o.metadata, annotations: { ...(o.metadata.annotations as object), [PULUMI_WAIT_FOR]: 'condition=Ready' } } }));
  const rest = objects.filter((o) => !clusterScoped.includes(o) && !data.includes(o) && !isExternalSecret(o));
  const config = rest.filter((o) => !isWorkload(o));
  const workloads = rest.filter(isWorkload);
  const releases = chart.releases.map((r) => (namespace !== chart.namespace && r.namespace === chart.namespace ? { ...r, namespace: namespace! } : r));
  return { name: chart.name, namespace, cluster, dataNamespaces, config, data, externalSecrets, workloads, secrets: [...chart.secrets], releases };
}

/** The annotation pulumi-kubernetes awaits a condition by (provider/pkg/await, 4.18 and later). */
export const PULUMI_WAIT_FOR = 'pulumi.com/waitFor';

/** The stack config key holding one Secret key's value: `keelson:secret.<secret>.<key>`. */
export function secretConfigKey(secret: string, key: string): string {
  return `secret.${secret}.${key}`;
}

/** The full Helm chart reference for `helm.v4.Chart` (OCI registries take the chart in the URL). */
export function helmChartArgs(r: UpstreamReleaseSpec): { chart: string; version: string; repositoryOpts?: { repo: string } } {
  return r.chart.repoURL.startsWith('oci://')
    ? { chart: `${r.chart.repoURL.replace(/\/$/, '')}/${r.chart.chart}`, version: r.chart.version }
    : { chart: r.chart.chart, version: r.chart.version, repositoryOpts: { repo: r.chart.repoURL } };
}

/** The fields of Ingresses and Services that name endpoints. */
interface ExposureSpec {
  readonly type?: string;
  readonly loadBalancerIP?: string;
  readonly tls?: readonly { readonly hosts?: string[] }[];
  readonly rules?: readonly { readonly host?: string }[];
}

/**
 * User-facing endpoints known from the model: Ingress hosts (https when TLS covers them) and
 * load-balancer addresses requested in the Service. Keyed `<chart>/<object>`.
 */
export function endpointsOf(plans: readonly ChartPlan[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of plans) {
    for (const o of p.workloads) {
      const spec = (o as { spec?: ExposureSpec }).spec ?? {};
      if (o.kind === 'Ingress') {
        const tlsHosts = new Set<string>((spec.tls ?? []).flatMap((t: { hosts?: string[] }) => t.hosts ?? []));
        for (const rule of spec.rules ?? []) {
          if (rule.host) out[`${p.name}/${o.metadata.name}`] = `${tlsHosts.has(rule.host) ? 'https' : 'http'}://${rule.host}`;
        }
      } else if (o.kind === 'Service' && spec.type === 'LoadBalancer') {
        const annotations = ((o.metadata as { annotations?: Record<string, string> }).annotations ?? {}) as Record<string, string>;
        const requested = spec.loadBalancerIP ?? Object.entries(annotations).find(([k]) => k.endsWith('/loadBalancerIPs'))?.[1];
        out[`${p.name}/${o.metadata.name}`] = requested ?? 'assigned by the load balancer (see the Service status)';
      }
    }
  }
  return out;
}
