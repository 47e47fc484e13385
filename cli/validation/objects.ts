import { isClusterScoped } from '../../constructs/common/kinds';
import { ManifestObject } from '../../charts/keelson-chart';

/**
 * Loosely typed JSON of a rendered object. The rules read arbitrary fields of every kind,
 * including kinds added later, and must not crash on malformed input: `any` is deliberate here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** One rendered object with where it came from. */
export interface Located {
  readonly env: string;
  readonly chart: string;
  readonly object: ManifestObject;
  /** The namespace the object lands in ('' for cluster-scoped or namespace-agnostic output). */
  readonly namespace: string;
}

/** `dev/ci StatefulSet/jenkins`: how reports name an object. */
export function describeObject(l: Located): string {
  return `${l.env}/${l.chart} ${l.object.kind}/${l.object.metadata.name}`;
}

export function namespaceOf(o: ManifestObject, chartNamespace: string | undefined): string {
  return isClusterScoped(o.apiVersion, o.kind) ? '' : (o.metadata.namespace ?? chartNamespace ?? '');
}

/** A pod template inside a workload, with the field path that leads to it. */
export interface PodTemplate {
  /** Path of the template, e.g. `spec.template` (`` for a bare Pod). */
  readonly path: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly spec: Json;
}

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** The pod template of a core workload kind, or undefined for anything else. */
export function podTemplateOf(o: ManifestObject): PodTemplate | undefined {
  const j = o as Json;
  if (o.apiVersion === 'v1' && o.kind === 'Pod')
    return { path: '', labels: j.metadata.labels ?? {}, annotations: j.metadata.annotations ?? {}, spec: j.spec ?? {} };
  if (TEMPLATE_KINDS.has(o.kind) && /^(apps|batch)\/v1$/.test(o.apiVersion) && j.spec?.template) {
    const t = j.spec.template;
    return { path: 'spec.template', labels: t.metadata?.labels ?? {}, annotations: t.metadata?.annotations ?? {}, spec: t.spec ?? {} };
  }
  if (o.kind === 'CronJob' && o.apiVersion === 'batch/v1' && j.spec?.jobTemplate?.spec?.template) {
    const t = j.spec.jobTemplate.spec.template;
    return { path: 'spec.jobTemplate.spec.template', labels: t.metadata?.labels ?? {}, annotations: t.metadata?.annotations ?? {}, spec: t.spec ?? {} };
  }
  return undefined;
}

/** A container of a pod spec with its field path; `init` marks init containers. */
export interface ContainerAt {
  readonly path: string;
  readonly container: Json;
  readonly init: boolean;
}

export function containersOf(t: PodTemplate): ContainerAt[] {
  const base = t.path ? `${t.path}.spec` : 'spec';
  const list = (field: 'initContainers' | 'containers', init: boolean) =>
    ((t.spec[field] ?? []) as Json[]).map((container, i) => ({ path: `${base}.${field}[${i}]`, container, init }));
  return [...list('initContainers', true), ...list('containers', false)];
}

/** Path of the pod spec of a template. */
export function podSpecPath(t: PodTemplate): string {
  return t.path ? `${t.path}.spec` : 'spec';
}

/** True when every selector pair is among the labels (an empty selector matches nothing here). */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/**
 * How many pods a workload may run: its replicas, or the maximum of an autoscaler that targets
 * it. DaemonSets, Jobs and bare Pods are not replicated in this sense.
 */
/** The HorizontalPodAutoscaler whose scaleTargetRef names this workload, if any. */
export function scalingAutoscalerOf(l: Located, all: readonly Located[]): Located | undefined {
  const o = l.object as Json;
  return all.find(
    (x) =>
      x.object.kind === 'HorizontalPodAutoscaler' &&
      x.namespace === l.namespace &&
      (x.object as Json).spec?.scaleTargetRef?.kind === o.kind &&
      (x.object as Json).spec?.scaleTargetRef?.name === o.metadata.name,
  );
}

export function maxReplicasOf(l: Located, all: readonly Located[]): number {
  const o = l.object as Json;
  if (!['Deployment', 'StatefulSet', 'ReplicaSet'].includes(o.kind)) return 1;
  const hpa = scalingAutoscalerOf(l, all);
  return Math.max(o.spec?.replicas ?? 1, (hpa?.object as Json | undefined)?.spec?.maxReplicas ?? 0);
}
