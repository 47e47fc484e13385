import { k8s } from '../k8s';
import { ImageRef, imageName } from './images';
import { HealthProbes, renderProbes } from './probes';
import { ResourceSpec, renderResources } from './resources';
import { ContainerSecurityOptions, restrictedContainerSecurityContext } from './security';

export interface ContainerPort {
  /** IANA-style name (≤ 15 characters), referenced by probes and Services. */
  readonly name: string;
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

export interface ContainerInput {
  readonly name: string;
  readonly image: ImageRef;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly ports?: readonly ContainerPort[];
  readonly env?: readonly k8s.EnvVar[];
  readonly resources: ResourceSpec;
  /** Long-running containers have all three; init containers none. */
  readonly probes?: HealthProbes;
  readonly volumeMounts?: readonly k8s.VolumeMount[];
  readonly security?: ContainerSecurityOptions;
  readonly workingDir?: string;
}

/** A container with the restricted security context, explicit resources and (optionally) probes. */
export function container(c: ContainerInput): k8s.Container {
  return {
    name: c.name,
    image: imageName(c.image),
    imagePullPolicy: 'IfNotPresent',
    command: c.command ? [...c.command] : undefined,
    args: c.args ? [...c.args] : undefined,
    workingDir: c.workingDir,
    ports: c.ports?.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP' })),
    env: c.env ? [...c.env] : undefined,
    resources: renderResources(c.resources),
    ...(c.probes ? renderProbes(c.probes) : {}),
    securityContext: restrictedContainerSecurityContext(c.security),
    volumeMounts: c.volumeMounts ? [...c.volumeMounts] : undefined,
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

/** An emptyDir scratch volume, bounded so a runaway writer cannot fill the node's disk. */
export function scratchVolume(name: string, sizeLimit = '1Gi'): k8s.Volume {
  return { name, emptyDir: { sizeLimit: k8s.Quantity.fromString(sizeLimit) } };
}

export function configMapVolume(name: string, configMap: string, defaultMode = 0o444): k8s.Volume {
  return { name, configMap: { name: configMap, defaultMode } };
}

/** Downward-API environment variables most programs want (pod name and namespace). */
export const POD_IDENTITY_ENV: readonly k8s.EnvVar[] = [
  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
];

/**
 * Spreads a workload's replicas across nodes and zones, so one node or zone failure takes at
 * most its share. `ScheduleAnyway` (the default) still schedules when a cluster has a single
 * zone or too few nodes; `DoNotSchedule` makes the spread a hard requirement.
 */
export function topologySpread(
  selector: Record<string, string>,
  whenUnsatisfiable: 'ScheduleAnyway' | 'DoNotSchedule' = 'ScheduleAnyway',
): k8s.TopologySpreadConstraint[] {
  return ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
    topologyKey,
    maxSkew: 1,
    whenUnsatisfiable,
    labelSelector: { matchLabels: { ...selector } },
  }));
}
