import { ManifestObject } from '../charts/keelson-chart';
import { PREVIEW_NAMESPACE_LABELS } from '../constructs/argocd/pull-request-previews';
import { OWNER_LABELS } from '../constructs/common/labels';
import { isNamespaceAgnostic } from '../stacks/facts';
import { EnvironmentConfig } from '../stacks/types';
import type { RenderedChart } from './environment';

/** One namespace the environment needs, with the labels every deployer gives it. */
export interface RenderedNamespace {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /**
   * 'chart': the chart of that name renders the Namespace object (deployed with its objects).
   * 'release': only upstream releases use it; Argo CD creates it (CreateNamespace with
   * managedNamespaceMetadata), the Pulumi program creates it with these labels.
   */
  readonly createdBy: { readonly kind: 'chart'; readonly chart: string } | { readonly kind: 'release' };
  /** A namespace every cluster has: a release there gets its labels patched on, never a new Namespace. */
  readonly existing: boolean;
}

/** Namespaces every cluster has (kube-apiserver creates them at start). */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

const labelsOf = (o: ManifestObject): Record<string, string> => ((o.metadata as { labels?: Record<string, string> }).labels ?? {}) as Record<string, string>;

/**
 * The namespaces of the platform charts: those the charts render, then those only releases use
 * (in chart order). A system namespace a release needs no label on is left alone.
 */
export function namespacesOf(charts: readonly RenderedChart[]): RenderedNamespace[] {
  const out: RenderedNamespace[] = [];
  for (const c of charts) {
    for (const o of c.objects) {
      if (o.apiVersion !== 'v1' || o.kind !== 'Namespace') continue;
      out.push({ name: o.metadata.name, labels: labelsOf(o), createdBy: { kind: 'chart', chart: c.name }, existing: false });
    }
  }
  const byChart = new Set(out.map((n) => n.name));
  for (const r of charts.flatMap((c) => c.releases)) {
    if (byChart.has(r.namespace) || out.some((n) => n.name === r.namespace)) continue;
    const own = r.namespaceLabels ?? {};
    const existing = SYSTEM_NAMESPACES.has(r.namespace);
    if (existing && Object.keys(own).length === 0) continue;
    out.push({ name: r.namespace, labels: existing ? { ...own } : { ...OWNER_LABELS, ...own }, createdBy: { kind: 'release' }, existing });
  }
  return out;
}

/** Labels of the namespace a deployer picks for namespace-agnostic output; undefined when the charts own theirs. */
export function deployerNamespaceLabels(env: EnvironmentConfig): Record<string, string> | undefined {
  return isNamespaceAgnostic(env) ? { ...PREVIEW_NAMESPACE_LABELS } : undefined;
}
