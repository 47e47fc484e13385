import { Construct } from 'constructs';
import { ArgoCdApplication } from '../constructs/argocd/application';
import { PullRequestPreviews } from '../constructs/argocd/pull-request-previews';
import { holdsData } from '../constructs/common/storage';
import { DeliverySettings } from '../stacks/types';
import { KeelsonChart } from './keelson-chart';

/** Where an environment's manifests live in the repository. */
export const manifestsPath = (env: string, chart?: string): string => (chart === undefined ? `manifests/${env}` : `manifests/${env}/${chart}`);

/** Namespace of PR preview `n` (the ApplicationSet and `pulumi up -s pr-<n>` agree on it). */
export const PREVIEW_NAMESPACE_PREFIX = 'keelson-pr';
export const previewNamespace = (pr: number): string => `${PREVIEW_NAMESPACE_PREFIX}-${pr}`;

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

/** Whether any object of the chart holds data (itself, or through its volume claim templates). */
export function chartHoldsData(chart: KeelsonChart): boolean {
  return chart.toJson().some((o) => holdsData(o));
}

export interface ArgoCdChartProps {
  readonly env: string;
  readonly delivery: DeliverySettings;
  /** The environment's charts, one Application each. */
  readonly charts: readonly KeelsonChart[];
}

/**
 * The children of an environment's app-of-apps: one Application per chart, pointing at the
 * chart's folder, ordered by sync wave; plus the PR preview ApplicationSet when this
 * environment hosts previews. Its objects live in the Argo CD namespace.
 */
export class ArgoCdChart extends KeelsonChart {
  readonly applications: ArgoCdApplication[] = [];

  constructor(scope: Construct, id: string, props: ArgoCdChartProps) {
    super(scope, id);
    const d = props.delivery;
    const waves = syncWaves(props.charts);
    for (const chart of props.charts) {
      const data = chartHoldsData(chart);
      this.applications.push(
        new ArgoCdApplication(this, chart.node.id, {
          name: `keelson-${props.env}-${chart.node.id}`,
          namespace: d.argocd.namespace,
          project: d.argocd.project,
          instance: props.env,
          source: { repoURL: d.repoURL, revision: d.revision, path: manifestsPath(props.env, chart.node.id) },
          destination: { server: d.argocd.server, namespace: chart.targetNamespace },
          syncWave: waves.get(chart),
          // Charts holding data are never pruned or cascade-deleted automatically: removing
          // the namespace would take the volumes with it. Stateless charts are kept exact.
          prune: !data,
          cascadeDelete: !data,
          selfHeal: true,
        }),
      );
    }
    if (d.previews.kind !== 'none') {
      new PullRequestPreviews(this, 'previews', {
        name: 'keelson-preview',
        namespace: d.argocd.namespace,
        project: d.argocd.project,
        instance: props.env,
        provider: d.previews,
        source: { repoURL: d.repoURL, path: manifestsPath('preview') },
        server: d.argocd.server,
        namespacePrefix: PREVIEW_NAMESPACE_PREFIX,
      });
    }
  }
}

export interface ArgoCdRootChartProps {
  readonly env: string;
  readonly delivery: DeliverySettings;
  /** Folder name of the ArgoCdChart in the environment's manifests. */
  readonly appsChart: string;
}

/**
 * The root of the app-of-apps: the one object applied by hand or by `pulumi up`; Argo CD
 * takes everything else from Git.
 */
export class ArgoCdRootChart extends KeelsonChart {
  readonly root: ArgoCdApplication;

  constructor(scope: Construct, id: string, props: ArgoCdRootChartProps) {
    super(scope, id);
    const d = props.delivery;
    this.root = new ArgoCdApplication(this, 'root', {
      name: `keelson-${props.env}`,
      namespace: d.argocd.namespace,
      project: d.argocd.project,
      instance: props.env,
      source: { repoURL: d.repoURL, revision: d.revision, path: manifestsPath(props.env, props.appsChart) },
      destination: { server: d.argocd.server, namespace: d.argocd.namespace },
      // Removing a chart from the code removes its Application (its data objects stay: see ArgoCdChart).
      prune: true,
      selfHeal: true,
    });
  }
}
