import { HelmChartRef } from '../upstream/upstream-release';

/**
 * Every upstream Helm chart keelson installs, pinned in one place (next to images.ts). Each pin
 * must be a published version recorded in helm-chart-versions.json (refresh it with
 * scripts/refresh-chart-versions.mjs where the chart repositories are reachable). Bump a
 * version here and regenerate the manifests to upgrade it in every environment.
 */
export const HELM_CHARTS = {
  // platform services: operators, registry, load balancing, resource metrics
  /** Strimzi 1.x: KRaft only, serves kafka.strimzi.io/v1 exclusively. */
  strimziKafkaOperator: { repoURL: 'https://strimzi.io/charts/', chart: 'strimzi-kafka-operator', version: '1.2.0' },
  /** OpenELB 0.6 (Eip network.kubesphere.io/v1alpha2). */
  openelb: { repoURL: 'https://openelb.github.io/openelb', chart: 'openelb', version: '0.6.0' },
  /** Harbor 2.15 (chart 1.19). */
  harbor: { repoURL: 'https://helm.goharbor.io', chart: 'harbor', version: '1.19.2' },
  /** metrics-server 0.8 (chart 3.13): resource metrics for every HorizontalPodAutoscaler. */
  metricsServer: { repoURL: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.1' },
  /** MetalLB 0.16: the alternative load-balancer backend. */
  metallb: { repoURL: 'https://metallb.github.io/metallb', chart: 'metallb', version: '0.16.1' },
  /** External Secrets Operator 2.9 (chart and app 2.9.0; serves external-secrets.io/v1). */
  externalSecrets: { repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0' },
} as const satisfies Record<string, HelmChartRef>;

/** True when `ref` is exactly one of the pinned charts (same repository, chart and version). */
export function isPinnedChart(ref: HelmChartRef): boolean {
  return Object.values(HELM_CHARTS).some((c: HelmChartRef) => c.repoURL === ref.repoURL && c.chart === ref.chart && c.version === ref.version);
}

/** The versions pinned for a chart name (normally one). */
export function pinnedVersionsOf(chart: string): string[] {
  return Object.values(HELM_CHARTS)
    .filter((c: HelmChartRef) => c.chart === chart)
    .map((c: HelmChartRef) => c.version);
}

const CRD = { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' } as const;
const CLUSTER_ROLE = { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' } as const;
const CLUSTER_ROLE_BINDING = { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' } as const;
const VALIDATING_WEBHOOK = { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' } as const;
const MUTATING_WEBHOOK = { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' } as const;

/**
 * The cluster-scoped kinds each pinned chart creates, read from its templates at the pinned
 * version: an environment's Argo CD AppProject allows exactly these for the chart's Application.
 */
export const CHART_CLUSTER_KINDS: Readonly<Record<string, readonly { readonly group: string; readonly kind: string }[]>> = {
  // crds/ and templates/02x-03x ClusterRole(Binding)s of the operator and its delegations.
  'strimzi-kafka-operator': [CRD, CLUSTER_ROLE, CLUSTER_ROLE_BINDING],
  // CRDs (Eip, BgpConf, BgpPeer), manager RBAC and its admission webhooks.
  openelb: [CRD, CLUSTER_ROLE, CLUSTER_ROLE_BINDING, MUTATING_WEBHOOK, VALIDATING_WEBHOOK],
  // Every Harbor object is namespaced.
  harbor: [],
  // templates/clusterrole*.yaml, clusterrolebinding*.yaml, apiservice.yaml (v1beta1.metrics.k8s.io).
  'metrics-server': [CLUSTER_ROLE, CLUSTER_ROLE_BINDING, { group: 'apiregistration.k8s.io', kind: 'APIService' }],
  // CRDs, controller/speaker RBAC and the webhook configuration.
  metallb: [CRD, CLUSTER_ROLE, CLUSTER_ROLE_BINDING, VALIDATING_WEBHOOK],
  // CRDs, controller/cert-controller RBAC (with the view/edit aggregation roles) and the
  // secretstore-validate and externalsecret-validate webhook configurations.
  'external-secrets': [CRD, CLUSTER_ROLE, CLUSTER_ROLE_BINDING, VALIDATING_WEBHOOK],
};
