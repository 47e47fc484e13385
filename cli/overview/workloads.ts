import { ManifestObject } from '../../charts/keelson-chart';
import { strimziWorkloads } from './managed';
import { parseManifestDocuments } from '../manifest-yaml';

/**
 * Reads rendered objects the way the cluster will run them: which pods each workload creates,
 * how many, and which component (app.kubernetes.io/name + component) they belong to. Works on
 * plain objects only, so it covers every chart, including ones added later, and objects read
 * back from committed YAML.
 */

// Rendered objects of every kind are walked generically, field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

/** The charts of one environment (a RenderedEnvironment is one; so is YAML read from disk). */
export interface ChartObjects {
  readonly name: string;
  readonly namespace?: string;
  readonly objects: readonly ManifestObject[];
}

export const NAME_LABEL = 'app.kubernetes.io/name';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';

/** A component: the pods and claims sharing chart, `app.kubernetes.io/name` and `component`. */
export interface ComponentKey {
  readonly chart: string;
  readonly name: string;
  /** Empty when the object has no component label. */
  readonly component: string;
}

export function componentId(k: ComponentKey): string {
  return `${k.chart}/${k.name}/${k.component}`;
}

/** `ci · jenkins/controller`: how tables and diagrams name a component. */
export function componentTitle(k: ComponentKey): string {
  return `${k.chart} · ${k.name}${k.component ? `/${k.component}` : ''}`;
}

/** How many pods a workload runs. */
export type Scale =
  | { readonly kind: 'fixed'; readonly replicas: number }
  /** Scaled by a HorizontalPodAutoscaler between `replicas` (declared or minReplicas) and `max`. */
  | { readonly kind: 'autoscaled'; readonly replicas: number; readonly max: number; readonly autoscaler: string }
  /** One pod per node (DaemonSet). */
  | { readonly kind: 'perNode' };

export interface Workload {
  readonly key: ComponentKey;
  readonly chart: string;
  readonly namespace?: string;
  readonly kind: string;
  readonly name: string;
  /** Labels of the pods it creates. */
  readonly podLabels: Record<string, string>;
  readonly podSpec: Obj;
  readonly scale: Scale;
  /** volumeClaimTemplates (or an operator's equivalent): one claim per pod. */
  readonly claimTemplates: readonly Obj[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** The component an object belongs to, from its labels (or its name when unlabelled). */
export function componentOf(chart: string, name: string, labels: Record<string, string> | undefined): ComponentKey {
  return { chart, name: str(labels?.[NAME_LABEL]) ?? name, component: str(labels?.[COMPONENT_LABEL]) ?? '' };
}

function podTemplateOf(o: Obj): { template: Obj; replicas: number } | undefined {
  switch (o.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
      return o.spec?.template && { template: o.spec.template, replicas: o.spec.replicas ?? 1 };
    case 'DaemonSet':
      return o.spec?.template && { template: o.spec.template, replicas: 1 };
    case 'Job':
      return o.spec?.template && { template: o.spec.template, replicas: o.spec.parallelism ?? 1 };
    case 'CronJob': {
      const job = o.spec?.jobTemplate?.spec;
      return job?.template && { template: job.template, replicas: job.parallelism ?? 1 };
    }
    case 'Pod':
      return { template: { metadata: o.metadata, spec: o.spec ?? {} }, replicas: 1 };
    default:
      return undefined;
  }
}

/**
 * Every pod-creating object of the charts, with its scale (HPAs and DaemonSets resolved), and
 * the pods operators run for the custom resources among them (`./managed`).
 */
export function workloadsOf(charts: readonly ChartObjects[]): Workload[] {
  const out: Workload[] = [];
  for (const chart of charts) {
    const autoscalers = chart.objects.filter((o) => o.kind === 'HorizontalPodAutoscaler') as Obj[];
    for (const o of chart.objects as readonly Obj[]) {
      const pod = podTemplateOf(o);
      if (!pod) continue;
      const podLabels: Record<string, string> = pod.template.metadata?.labels ?? o.metadata.labels ?? {};
      const hpa = autoscalers.find(
        (h) =>
          h.spec?.scaleTargetRef?.kind === o.kind &&
          h.spec?.scaleTargetRef?.name === o.metadata.name &&
          (h.metadata.namespace ?? chart.namespace) === (o.metadata.namespace ?? chart.namespace),
      );
      let scale: Scale;
      if (o.kind === 'DaemonSet') scale = { kind: 'perNode' };
      else if (hpa) {
        // Without a declared count the autoscaler's floor is what runs.
        const replicas = o.spec?.replicas ?? hpa.spec.minReplicas ?? 1;
        scale = { kind: 'autoscaled', replicas, max: Math.max(replicas, hpa.spec.maxReplicas), autoscaler: hpa.metadata.name };
      } else scale = { kind: 'fixed', replicas: pod.replicas };
      out.push({
        key: componentOf(chart.name, o.metadata.name, podLabels),
        chart: chart.name,
        namespace: o.metadata.namespace ?? chart.namespace,
        kind: o.kind,
        name: o.metadata.name,
        podLabels,
        podSpec: pod.template.spec ?? {},
        scale,
        claimTemplates: o.kind === 'StatefulSet' ? (o.spec?.volumeClaimTemplates ?? []) : [],
      });
    }
    out.push(...strimziWorkloads(chart));
  }
  return out;
}

/** Pods in normal operation and at most (HPA maximum); DaemonSets count once per node. */
export function podCounts(scale: Scale, nodes: number): { replicas: number; max: number } {
  switch (scale.kind) {
    case 'fixed':
      return { replicas: scale.replicas, max: scale.replicas };
    case 'autoscaled':
      return { replicas: scale.replicas, max: scale.max };
    case 'perNode':
      return { replicas: nodes, max: nodes };
  }
}

/** True when every key/value of the selector is among the labels (an empty selector matches nothing here). */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/**
 * Charts from manifest files (`<env>/<chart>/<file>.yaml` → YAML text), e.g. the committed
 * `manifests/` of a base revision, so a budget can be computed for what is deployed today.
 */
export function chartsFromManifestFiles(env: string, files: ReadonlyMap<string, string>): ChartObjects[] {
  const charts = new Map<string, ManifestObject[]>();
  for (const [file, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [fileEnv, chart] = file.split('/');
    if (fileEnv !== env || chart === undefined) continue;
    const objects = charts.get(chart) ?? [];
    for (const doc of parseManifestDocuments(text)) objects.push(doc as ManifestObject);
    charts.set(chart, objects);
  }
  return [...charts].map(([name, objects]) => ({ name, objects }));
}
