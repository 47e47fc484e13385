import { k8s } from '../k8s';
import { Checks } from './errors';
import { VERSION_LABEL } from './labels';
import { SIZE_RULE, Size, parseSize } from './quantity';

export type AccessMode = 'ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadOnlyMany' | 'ReadWriteMany';
const ACCESS_MODES: readonly AccessMode[] = ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'];

/** A persistent volume request. */
export interface VolumeSpec {
  /** Requested capacity, e.g. `50Gi`. */
  readonly size: Size;
  /** StorageClass name. @default undefined (the cluster's default StorageClass) */
  readonly storageClass?: string;
  /** @default 'ReadWriteOnce' (block storage attaches to one node) */
  readonly accessMode?: AccessMode;
}

/** Annotation that keeps a data volume out of Argo CD's prune and deletion (see ARCHITECTURE §1). */
export const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
export const DATA_PROTECTION_ANNOTATIONS: Record<string, string> = {
  [ARGOCD_SYNC_OPTIONS]: 'Prune=false,Delete=false',
  'keelson.io/holds-data': 'true',
};

/** Validates a VolumeSpec and returns its size in bytes. */
export function checkVolume(checks: Checks, field: string, spec: VolumeSpec | undefined): number {
  checks.that(spec !== undefined && typeof spec === 'object', field, spec, 'must set { size }');
  const v = spec as VolumeSpec;
  const bytes = parseSize(v.size);
  checks.that(bytes !== undefined, `${field}.size`, v.size, SIZE_RULE);
  if (v.storageClass !== undefined) checks.dnsSubdomain(`${field}.storageClass`, v.storageClass);
  if (v.accessMode !== undefined) {
    checks.that(ACCESS_MODES.includes(v.accessMode), `${field}.accessMode`, v.accessMode, `must be one of ${ACCESS_MODES.join(', ')}`);
  }
  return bytes!;
}

/**
 * A StatefulSet volumeClaimTemplate; its claims outlive the StatefulSet (see RETAIN_CLAIMS).
 * volumeClaimTemplates are immutable, so labels that change between releases (the version)
 * are left out: otherwise the next upgrade would be rejected by the API server.
 */
export function volumeClaimTemplate(name: string, spec: VolumeSpec, labels: Record<string, string>): k8s.KubePersistentVolumeClaimProps {
  const stable = Object.fromEntries(Object.entries(labels).filter(([k]) => k !== VERSION_LABEL));
  return {
    metadata: { name, labels: stable, annotations: { ...DATA_PROTECTION_ANNOTATIONS } },
    spec: {
      accessModes: [spec.accessMode ?? 'ReadWriteOnce'],
      storageClassName: spec.storageClass,
      resources: { requests: { storage: k8s.Quantity.fromString(spec.size) } },
    },
  };
}

/** Claims of a StatefulSet are kept when it is deleted or scaled down: data is never lost by a deploy. */
export const RETAIN_CLAIMS: k8s.StatefulSetPersistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Retain' };
