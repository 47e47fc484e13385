import { HelmChartRef } from './upstream-release';

/**
 * Every upstream Helm chart keelson installs, pinned in one place (next to images.ts). Bump a
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
  /** metrics-server 0.9 (chart 3.14): resource metrics for every HorizontalPodAutoscaler. */
  metricsServer: { repoURL: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.14.0' },
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
