import { RenderNamespace } from '../constructs/common/namespace';
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../constructs/k8s';
import { isClusterScoped } from '../constructs/common/kinds';
import { NAMESPACE_LABELS } from '../constructs/common/labels';
import { ARGOCD_SYNC_OPTIONS, holdsData } from '../constructs/common/storage';
import { SYNC_WAVE_ANNOTATION } from '../constructs/argocd/application';

/**
 * Argo CD sync wave of a chart's Namespace: before everything else in the chart, whatever waves
 * its other objects use (ExternalSecrets sync at -1). The same in every environment, so the
 * committed manifests do not depend on the secret backend.
 */
export const NAMESPACE_SYNC_WAVE = -2;

export interface KeelsonChartProps {
  /**
   * Namespace of every namespaced object in the chart; the chart also creates it.
   * @default undefined (namespace-agnostic output: the deployer chooses, as PR previews do)
   */
  readonly namespace?: string;
  /**
   * Who creates the chart's pods. 'upstream': an operator or an upstream Helm chart does, so
   * their traffic is not in keelson's recorded wiring, and generated network isolation leaves
   * the namespace to that software (a justified exception in `keelson validate`).
   * @default 'keelson'
   */
  readonly workloads?: 'keelson' | 'upstream';
}

/** Kubernetes object as rendered to JSON. */
export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/**
 * A cdk8s Chart that owns one namespace. Unlike a plain Chart's `namespace`, it never stamps a
 * namespace on cluster-scoped objects, and it creates the Namespace with the restricted Pod
 * Security Standard enforced.
 */
export class KeelsonChart extends Chart implements RenderNamespace {
  readonly targetNamespace?: string;
  readonly workloads: 'keelson' | 'upstream';

  constructor(scope: Construct, id: string, props: KeelsonChartProps = {}) {
    super(scope, id, { disableResourceNameHashes: true });
    this.targetNamespace = props.namespace;
    this.workloads = props.workloads ?? 'keelson';
    if (props.namespace !== undefined) {
      new k8s.KubeNamespace(this, 'Namespace', {
        metadata: {
          name: props.namespace,
          labels: { ...NAMESPACE_LABELS },
          annotations: { [SYNC_WAVE_ANNOTATION]: String(NAMESPACE_SYNC_WAVE) },
        },
      });
    }
  }

  override toJson(): ManifestObject[] {
    return this.finish(super.toJson() as ManifestObject[]);
  }

  /** Our rules on top of cdk8s's objects: the chart's namespace on namespaced objects, data namespaces kept. */
  private finish(raw: ManifestObject[]): ManifestObject[] {
    const ns = this.targetNamespace;
    const objects = protectNamespaceOfData(raw, ns);
    if (ns === undefined) return objects;
    // An explicit namespace wins (e.g. Argo CD Applications live in the Argo CD namespace).
    return objects.map((o) =>
      isClusterScoped(o.apiVersion, o.kind) || o.metadata.namespace !== undefined ? o : { ...o, metadata: sortKeys({ ...o.metadata, namespace: ns }) },
    );
  }

  /**
   * The objects of every chart of one App, each list equal to that chart's `toJson()`. cdk8s's
   * `Chart.toJson()` resolves dependencies and validates the whole App at every call, so
   * rendering an App's charts one by one walked its tree once per chart. Here the first chart's
   * `toJson()` does that pass once; the others are ordered the way cdk8s orders them (the
   * chart's dependency graph, its own ApiObjects only). Call it after the tree is complete.
   */
  static renderAll(charts: readonly KeelsonChart[]): ManifestObject[][] {
    if (charts.length === 0) return [];
    const app = App.of(charts[0]);
    const [first, ...rest] = charts;
    const out = [first.toJson()];
    for (const chart of rest) {
      if (App.of(chart) !== app) throw new Error(`KeelsonChart.renderAll: ${chart.node.path} belongs to another App than ${first.node.path}`);
      const ordered = new DependencyGraph(chart.node)
        .topology()
        .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
        .map((c) => c.toJson() as ManifestObject);
      out.push(chart.finish(ordered));
    }
    return out;
  }
}

/**
 * Argo CD prunes what Git no longer has; pruning the Namespace of a chart that holds data would
 * delete its volumes with it, so that Namespace is kept like the data itself (Prune=false,Delete=false).
 */
function protectNamespaceOfData(objects: ManifestObject[], ns: string | undefined): ManifestObject[] {
  if (ns === undefined || !objects.some((o) => holdsData(o))) return objects;
  return objects.map((o) =>
    o.kind === 'Namespace' && o.apiVersion === 'v1' && o.metadata.name === ns
      ? {
          ...o,
          metadata: sortKeys({ ...o.metadata, annotations: { ...(o.metadata.annotations as object), [ARGOCD_SYNC_OPTIONS]: 'Prune=false,Delete=false' } }),
        }
      : o,
  );
}

function sortKeys<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T;
}
