import { k8s } from '../k8s';

/**
 * The restricted Pod Security Standard, applied by default to every keelson workload.
 * Deviations are explicit values of this type, each carrying its reason, and they are
 * written into the pod template as annotations so that reviews and policy reports see them.
 */
export interface SecurityException {
  /** Why the program needs this deviation. */
  readonly reason: string;
}

export interface PodSecurityOptions {
  /** UID the containers run as (the image's unprivileged user). */
  readonly user: number;
  /** @default the same as `user` */
  readonly group?: number;
  /** Group that owns mounted volumes. @default the same as `group` */
  readonly fsGroup?: number;
}

export interface ContainerSecurityOptions {
  /**
   * Set when the program cannot run with a read-only root filesystem.
   * @default undefined (the root filesystem is read-only; writable paths are explicit volumes)
   */
  readonly writableRootFilesystem?: SecurityException;
}

export const EXCEPTION_ANNOTATION_PREFIX = 'keelson.io/security-exception.';

export function restrictedPodSecurityContext(o: PodSecurityOptions): k8s.PodSecurityContext {
  const group = o.group ?? o.user;
  return {
    runAsNonRoot: true,
    runAsUser: o.user,
    runAsGroup: group,
    fsGroup: o.fsGroup ?? group,
    // Only re-chown a volume when its root has the wrong owner: large volumes start fast.
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function restrictedContainerSecurityContext(o: ContainerSecurityOptions = {}): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: o.writableRootFilesystem === undefined,
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Annotations that record a container's security exceptions on its pod template. */
export function exceptionAnnotations(container: string, o: ContainerSecurityOptions): Record<string, string> {
  return o.writableRootFilesystem ? { [`${EXCEPTION_ANNOTATION_PREFIX}${container}.writable-root-filesystem`]: o.writableRootFilesystem.reason } : {};
}
