import { k8s } from '../k8s';
import { Checks } from './errors';
import { VERSION_LABEL } from './labels';
import { SIZE_RULE, Size, parseSize } from './quantity';

export type AccessMode = 'ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadOnlyMany' | 'ReadWriteMany';
const ACCESS_MODES: readonly AccessMode[] = ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'];

/** A data volume request: a claim, or an emptyDir bounded by `size` when ephemeral. */
export interface VolumeSpec {
  /** Requested capacity, e.g. `50Gi`. */
  readonly size: Size;
  /** StorageClass name. @default undefined (the cluster's default StorageClass) */
  readonly storageClass?: string;
  /** @default 'ReadWriteOnce' (block storage attaches to one node) */
  readonly accessMode?: AccessMode;
  /**
   * 'persistent': a PersistentVolumeClaim that outlives pods and deploys. 'ephemeral': an
   * emptyDir bounded by `size` that lives and dies with the pod, for throw-away environments
   * (PR previews) that must leave no claim and no cluster-scoped volume behind.
   * @default 'persistent'
   */
  readonly lifetime?: 'persistent' | 'ephemeral';
}

/** Annotation that keeps a data volume out of Argo CD's prune and deletion (see ARCHITECTURE §1). */
export const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
/** Marks an object whose deletion loses data; the delivery paths protect such objects. */
export const HOLDS_DATA_ANNOTATION = 'keelson.io/holds-data';
export const DATA_PROTECTION_ANNOTATIONS: Record<string, string> = {
  [ARGOCD_SYNC_OPTIONS]: 'Prune=false,Delete=false',
  [HOLDS_DATA_ANNOTATION]: 'true',
};

/** Whether a rendered object is marked as holding data (see DATA_PROTECTION_ANNOTATIONS). */
export function holdsData(o: { readonly metadata?: object }): boolean {
  const annotations = (o.metadata as { annotations?: Record<string, string> } | undefined)?.annotations;
  return annotations?.[HOLDS_DATA_ANNOTATION] === 'true';
}

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
  if (v.lifetime !== undefined) {
    checks.that(v.lifetime === 'persistent' || v.lifetime === 'ephemeral', `${field}.lifetime`, v.lifetime, "must be 'persistent' or 'ephemeral'");
  }
  if (v.lifetime === 'ephemeral') {
    checks.that(
      v.storageClass === undefined,
      `${field}.storageClass`,
      v.storageClass,
      'must be unset for an ephemeral volume (an emptyDir has no StorageClass)',
    );
    checks.that(v.accessMode === undefined, `${field}.accessMode`, v.accessMode, 'must be unset for an ephemeral volume (an emptyDir has no access mode)');
  }
  return bytes;
}

/** Whether a volume outlives its pod (a claim) rather than dying with it (an emptyDir). */
export const isPersistent = (spec: VolumeSpec): boolean => spec.lifetime !== 'ephemeral';

/**
 * The volume with `storageClass` (an environment's default) filled in when it persists and names
 * none. An ephemeral volume is an emptyDir, which has no StorageClass: it is returned unchanged,
 * so a StorageClass on it can only be one the volume's author set (and checkVolume reports it).
 */
export function withStorageClass<T extends VolumeSpec | undefined>(spec: T, storageClass: string | undefined): T {
  if (spec === undefined || storageClass === undefined || !isPersistent(spec) || spec.storageClass !== undefined) return spec;
  return { ...spec, storageClass };
}

/**
 * Rejects an ephemeral volume where the program that mounts it cannot take an emptyDir (an
 * upstream chart that always mounts a claim): the volume would otherwise persist, silently.
 */
export function checkPersistentVolume(checks: Checks, field: string, spec: VolumeSpec, why: string): void {
  checks.that(isPersistent(spec), `${field}.lifetime`, spec.lifetime, `must be 'persistent' (${why})`);
}

/**
 * A StatefulSet volumeClaimTemplate; its claims outlive the StatefulSet (see RETAIN_CLAIMS).
 * volumeClaimTemplates are immutable, so labels that change between releases (the version)
 * are left out: otherwise the next upgrade would be rejected by the API server.
 */
export function volumeClaimTemplate(name: string, spec: VolumeSpec, labels: Record<string, string>): k8s.KubePersistentVolumeClaimProps {
  const stable = Object.fromEntries(Object.entries(labels).filter(([k]) => k !== VERSION_LABEL));
  return persistentVolumeClaim(name, spec, stable);
}

/**
 * A standalone PersistentVolumeClaim (a Job's data, which no StatefulSet owns), protected from
 * Argo CD prune and deletion. Its labels may change between releases, so they keep the version.
 */
export function persistentVolumeClaim(name: string, spec: VolumeSpec, labels: Record<string, string>): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name, labels, annotations: { ...DATA_PROTECTION_ANNOTATIONS } },
    spec: {
      accessModes: [spec.accessMode ?? 'ReadWriteOnce'],
      storageClassName: spec.storageClass,
      resources: { requests: { storage: k8s.Quantity.fromString(spec.size) } },
    },
  };
}

/** Claims of a StatefulSet are kept when it is deleted or scaled down: data is never lost by a deploy. */
export const RETAIN_CLAIMS: k8s.StatefulSetPersistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Retain' };

/** The storage parts of a StatefulSet holding one data volume. */
export interface StatefulSetStorage {
  /** Annotations for the StatefulSet: data protection when the volume persists, none otherwise. */
  readonly annotations: Record<string, string>;
  readonly volumeClaimTemplates?: k8s.KubePersistentVolumeClaimProps[];
  readonly persistentVolumeClaimRetentionPolicy?: k8s.StatefulSetPersistentVolumeClaimRetentionPolicy;
  /** Pod volumes to add (the emptyDir of an ephemeral volume). */
  readonly volumes: k8s.Volume[];
}

/**
 * A data volume named `name` for a StatefulSet: a retained volumeClaimTemplate, or for an
 * ephemeral spec a size-bounded emptyDir of the same name (the mounts stay the same).
 */
export function statefulSetStorage(name: string, spec: VolumeSpec, labels: Record<string, string>): StatefulSetStorage {
  if (!isPersistent(spec)) return { annotations: {}, volumes: [ephemeralVolume(name, spec)] };
  return {
    annotations: { ...DATA_PROTECTION_ANNOTATIONS },
    volumeClaimTemplates: [volumeClaimTemplate(name, spec, labels)],
    persistentVolumeClaimRetentionPolicy: RETAIN_CLAIMS,
    volumes: [],
  };
}

/** The storage parts of a Deployment's or a Job's data volume, which no StatefulSet owns. */
export interface PodStorage {
  /** The claim to create (protected from prune and deletion), or none for an ephemeral volume. */
  readonly claim?: k8s.KubePersistentVolumeClaimProps;
  /** The pod volume named `name`: the claim, or a size-bounded emptyDir. */
  readonly volume: k8s.Volume;
}

/** A data volume named `name` for a pod that no StatefulSet owns: a standalone claim `claimName`, or an emptyDir. */
export function podStorage(name: string, claimName: string, spec: VolumeSpec, labels: Record<string, string>): PodStorage {
  if (!isPersistent(spec)) return { volume: ephemeralVolume(name, spec) };
  return { claim: persistentVolumeClaim(claimName, spec, labels), volume: { name, persistentVolumeClaim: { claimName } } };
}

/** An ephemeral volume: an emptyDir bounded by the requested size (the kubelet evicts a pod that exceeds it). */
function ephemeralVolume(name: string, spec: VolumeSpec): k8s.Volume {
  return { name, emptyDir: { sizeLimit: k8s.Quantity.fromString(spec.size) } };
}
