import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ARGOCD_SYNC_OPTIONS } from '../constructs/common/storage';

/**
 * Argo CD waves: operators (and their CRDs) first, then the pools, then the custom resources and
 * workloads. Inside a chart that gets its Secrets from the External Secrets Operator, its
 * Namespace comes first, then the ExternalSecrets (Argo CD waits until they report Ready), then the rest.
 */
export const SYNC_WAVES = { operators: -10, addressPools: -5, namespaces: -2, externalSecrets: -1, customResources: 0 } as const;

/**
 * Puts every custom resource below `scope` in a sync wave, and lets Argo CD skip the dry run
 * while the operator that brings the CRD is still being installed.
 */
export function markCustomResources(scope: Construct, wave: number): void {
  for (const c of scope.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const o = c as ApiObject;
    if (!o.apiVersion.includes('/') || o.apiVersion.endsWith('.k8s.io/v1') || o.kind === 'Application') continue;
    o.metadata.addAnnotation('argocd.argoproj.io/sync-wave', String(wave));
    const options = (o.metadata.toJson().annotations?.[ARGOCD_SYNC_OPTIONS] as string | undefined)?.split(',') ?? [];
    o.metadata.addAnnotation(ARGOCD_SYNC_OPTIONS, ['SkipDryRunOnMissingResource=true', ...options].join(','));
  }
}
