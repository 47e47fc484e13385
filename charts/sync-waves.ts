import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SYNC_WAVE_ANNOTATION } from '../constructs/argocd/application';
import { ARGOCD_SYNC_OPTIONS } from '../constructs/common/storage';
import { KeelsonChart, NAMESPACE_SYNC_WAVE } from './keelson-chart';

/**
 * Argo CD waves: operators (and their CRDs) first, then the pools, then the custom resources and
 * workloads. Inside a chart its Namespace comes first, then the ExternalSecrets of a chart that
 * gets its Secrets from the External Secrets Operator (Argo CD waits until they report Ready), then the rest.
 */
export const SYNC_WAVES = { operators: -10, addressPools: -5, namespaces: NAMESPACE_SYNC_WAVE, externalSecrets: -1, customResources: 0 } as const;

/**
 * Argo CD sync wave of each chart: 0 for a chart that depends on nothing, otherwise one more
 * than the deepest chart it depends on, so operators and CRDs land before their users.
 */
export function syncWaves(charts: readonly KeelsonChart[]): Map<KeelsonChart, number> {
  const waves = new Map<KeelsonChart, number>();
  const waveOf = (c: KeelsonChart, seen: readonly KeelsonChart[]): number => {
    const known = waves.get(c);
    if (known !== undefined) return known;
    if (seen.includes(c)) throw new Error(`chart dependency cycle: ${[...seen, c].map((x) => x.node.id).join(' -> ')}`);
    const deps = c.node.dependencies.filter((d): d is KeelsonChart => charts.includes(d as KeelsonChart));
    const wave = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((d) => waveOf(d, [...seen, c])));
    waves.set(c, wave);
    return wave;
  };
  charts.forEach((c) => waveOf(c, []));
  return waves;
}

/**
 * Puts every custom resource below `scope` in a sync wave, and lets Argo CD skip the dry run
 * while the operator that brings the CRD is still being installed.
 */
export function markCustomResources(scope: Construct, wave: number): void {
  for (const c of scope.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const o = c as ApiObject;
    if (!o.apiVersion.includes('/') || o.apiVersion.endsWith('.k8s.io/v1') || o.kind === 'Application') continue;
    o.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(wave));
    const options = (o.metadata.toJson().annotations?.[ARGOCD_SYNC_OPTIONS] as string | undefined)?.split(',') ?? [];
    o.metadata.addAnnotation(ARGOCD_SYNC_OPTIONS, ['SkipDryRunOnMissingResource=true', ...options].join(','));
  }
}
