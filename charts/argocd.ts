import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdAppProject, ResourceRef } from '../constructs/argocd/app-project';
import { ArgoCdApplication, ArgoCdApplicationProps, GitDirectorySource } from '../constructs/argocd/application';
import { PullRequestPreviews } from '../constructs/argocd/pull-request-previews';
import { Checks } from '../constructs/common/errors';
import { CHART_CLUSTER_KINDS } from '../constructs/common/helm-charts';
import { apiGroupOf, isClusterScoped } from '../constructs/common/kinds';
import { holdsData } from '../constructs/common/storage';
import { UpstreamRelease } from '../constructs/upstream/upstream-release';
import { KeelsonChart, ManifestObject } from './keelson-chart';
import { PullRequestProvider } from '../constructs/argocd/pull-request-previews';
import { syncWaves } from './sync-waves';

/** Where open pull requests come from, for PR preview environments ('none': no previews). */
export type PullRequestSource = { readonly kind: 'none' } | PullRequestProvider;

/** How an environment is delivered: by `pulumi up`, by Argo CD, and where its PR previews run. */
export interface DeliverySettings {
  /**
   * What `pulumi up` does: 'direct' deploys every chart's objects; 'argocd' installs only the
   * Secrets and the Argo CD root Application, and Argo CD syncs the committed manifests.
   */
  readonly mode: 'direct' | 'argocd';
  /** Git repository holding `manifests/` (what Argo CD clones). */
  readonly repoURL: GitDirectorySource['repoURL'];
  /** Branch, tag or commit of `repoURL` that Argo CD follows. */
  readonly revision: GitDirectorySource['revision'];
  readonly argocd: {
    /** Write the app-of-apps (a root Application and one Application per chart) for this environment. */
    readonly appOfApps: boolean;
    /** Namespace Argo CD watches for Applications. */
    readonly namespace: ArgoCdApplicationProps['namespace'];
    /**
     * AppProject of the root Application, which must exist before bootstrap (e.g. `default`). The
     * Applications it syncs get projects of their own, derived from what they render:
     * `keelson-<env>` (charts), `keelson-<env>-addons` (upstream charts), `keelson-preview`.
     */
    readonly project: string;
    /** API server the Applications deploy to (the cluster Argo CD runs in by default). */
    readonly server: ArgoCdApplicationProps['destination']['server'];
  };
  /** PR previews hosted by this environment's Argo CD (an ApplicationSet over the preview environment's manifests). */
  readonly previews: PullRequestSource;
}

/** Where an environment's manifests live in the repository. */
export const manifestsPath = (env: string, chart?: string): string => (chart === undefined ? `manifests/${env}` : `manifests/${env}/${chart}`);

/** Namespace of PR preview `n` (the ApplicationSet and `pulumi up -s pr-<n>` agree on it). */
export const PREVIEW_NAMESPACE_PREFIX = 'keelson-pr';
export const previewNamespace = (pr: number): string => `${PREVIEW_NAMESPACE_PREFIX}-${pr}`;

/** The AppProject of an environment's Applications, and the one of the PR previews it hosts. */
export const environmentProject = (env: string): string => `keelson-${env}`;
/** The AppProject of an environment's upstream releases (pinned third-party charts). */
export const addonsProject = (env: string): string => `keelson-${env}-addons`;
export const PREVIEW_PROJECT = 'keelson-preview';

const NAMESPACE_KIND = { group: '', kind: 'Namespace' };
const refKey = (r: ResourceRef) => `${r.group}/${r.kind}/${r.name ?? '*'}`;

/**
 * What an environment's chart Applications deploy, derived from the rendered charts so the
 * project cannot drift from them: each chart's namespaces and its cluster-scoped objects by name.
 */
export function chartsScope(charts: readonly KeelsonChart[], rendered: readonly ManifestObject[][] = KeelsonChart.renderAll(charts)): ProjectScope {
  const namespaces = new Set<string>();
  const cluster = new Map<string, ResourceRef>();
  for (const [i, chart] of charts.entries()) {
    if (chart.targetNamespace !== undefined) namespaces.add(chart.targetNamespace);
    for (const o of rendered[i]) {
      if (o.metadata.namespace !== undefined) namespaces.add(o.metadata.namespace);
      const r = { group: apiGroupOf(o.apiVersion), kind: o.kind, name: o.metadata.name };
      if (isClusterScoped(o.apiVersion, o.kind)) cluster.set(refKey(r), r);
    }
  }
  return { namespaces: [...namespaces].sort(), repos: [], clusterResources: [...cluster.values()].sort((a, b) => refKey(a).localeCompare(refKey(b))) };
}

/**
 * What an environment's upstream releases deploy: each release's namespace (created by Argo CD:
 * `CreateNamespace=true` goes through the same permission check, so the Namespace is allowed by
 * name), its chart repository and the cluster-scoped kinds its chart creates (CHART_CLUSTER_KINDS).
 */
export function releasesScope(releases: readonly UpstreamRelease[]): ProjectScope {
  const cluster = new Map<string, ResourceRef>();
  const add = (r: ResourceRef) => cluster.set(refKey(r), r);
  for (const release of releases) {
    add({ ...NAMESPACE_KIND, name: release.spec.namespace });
    const kinds = CHART_CLUSTER_KINDS[release.spec.chart.chart];
    if (kinds === undefined) throw new Error(`chart '${release.spec.chart.chart}' has no entry in CHART_CLUSTER_KINDS (constructs/common/helm-charts.ts)`);
    kinds.forEach((k) => add({ group: k.group, kind: k.kind }));
  }
  return {
    namespaces: [...new Set(releases.map((r) => r.spec.namespace))].sort(),
    repos: [...new Set(releases.map((r) => r.spec.chart.repoURL))].sort(),
    clusterResources: [...cluster.values()].sort((a, b) => refKey(a).localeCompare(refKey(b))),
  };
}

export interface ProjectScope {
  readonly namespaces: readonly string[];
  readonly repos: readonly string[];
  readonly clusterResources: readonly ResourceRef[];
}

const upstreamReleasesOf = (chart: KeelsonChart): UpstreamRelease[] => chart.node.findAll().filter((c): c is UpstreamRelease => c instanceof UpstreamRelease);

/**
 * The chart's own ApiObjects with their metadata only (apiVersion, kind, metadata): what the
 * Argo CD projects and prune options derive from, at a fraction of the cost of `toJson()`.
 */
function objectHeads(chart: KeelsonChart): ManifestObject[] {
  return chart.node
    .findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
    .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata.toJson() as ManifestObject['metadata'] }));
}

/** Whether any object of the chart holds data (itself, or through its volume claim templates). */
export function chartHoldsData(chart: KeelsonChart, objects: readonly ManifestObject[] = chart.toJson()): boolean {
  return objects.some((o) => holdsData(o));
}

export interface ArgoCdChartProps {
  readonly env: string;
  readonly delivery: DeliverySettings;
  /** The environment's charts, one Application each. */
  readonly charts: readonly KeelsonChart[];
  /**
   * The environment whose namespace-agnostic manifests (`manifests/<name>`) the PR previews
   * deploy. Required when `delivery.previews` names a provider.
   * @default undefined (no previews)
   */
  readonly previewEnvironment?: string;
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
    const project = environmentProject(props.env);
    const destinations = (namespaces: readonly string[]) => namespaces.map((namespace) => ({ server: d.argocd.server, namespace }));
    // Kinds, names, namespaces and annotations are all the projects and prune options need:
    // read from the ApiObjects, without rendering the charts' objects in full.
    const rendered = props.charts.map(objectHeads);
    const charts = chartsScope(props.charts, rendered);
    new ArgoCdAppProject(this, 'project', {
      name: project,
      namespace: d.argocd.namespace,
      instance: props.env,
      description: `keelson ${props.env}: its charts' namespaces and the cluster-scoped objects they render`,
      sourceRepos: [d.repoURL],
      // Upstream releases' Applications live in the Argo CD namespace.
      destinations: destinations([...new Set([d.argocd.namespace, ...charts.namespaces])].sort()),
      clusterResources: charts.clusterResources,
    });
    const releases = props.charts.flatMap(upstreamReleasesOf);
    if (releases.length) {
      const addons = releasesScope(releases);
      new ArgoCdAppProject(this, 'addons-project', {
        name: addonsProject(props.env),
        namespace: d.argocd.namespace,
        instance: props.env,
        description: `keelson ${props.env}: pinned upstream charts, their namespaces and the cluster-scoped kinds they create`,
        sourceRepos: addons.repos,
        destinations: destinations(addons.namespaces),
        clusterResources: addons.clusterResources,
      });
      releases.forEach((r) => r.deliverBy({ project: addonsProject(props.env), namespace: d.argocd.namespace, server: d.argocd.server }));
    }
    for (const [i, chart] of props.charts.entries()) {
      const data = chartHoldsData(chart, rendered[i]);
      this.applications.push(
        new ArgoCdApplication(this, chart.node.id, {
          name: `keelson-${props.env}-${chart.node.id}`,
          namespace: d.argocd.namespace,
          project,
          instance: props.env,
          source: { repoURL: d.repoURL, revision: d.revision, path: manifestsPath(props.env, chart.node.id) },
          // A chart without a namespace of its own (operators) holds Applications in Argo CD's.
          destination: { server: d.argocd.server, namespace: chart.targetNamespace ?? d.argocd.namespace },
          syncWave: waves.get(chart),
          // What Git no longer has is pruned; what holds data (and the namespace around it)
          // carries Prune=false,Delete=false and stays. Charts holding data are never
          // cascade-deleted: removing the Application must not take the volumes with it.
          prune: true,
          cascadeDelete: !data,
          selfHeal: true,
        }),
      );
    }
    if (d.previews.kind !== 'none') {
      const previewEnvironment = props.previewEnvironment;
      const checks: Checks = new Checks(this, 'argocd');
      checks.that(
        previewEnvironment !== undefined,
        'previewEnvironment',
        previewEnvironment,
        `must name the environment whose manifests the previews deploy (delivery.previews.kind is '${d.previews.kind}')`,
      );
      const previewNamespaces = `${PREVIEW_NAMESPACE_PREFIX}-*`;
      // Whatever a pull request puts in the preview manifests is applied: only this repository, only
      // preview namespaces, only namespaced kinds. The one cluster-scoped object is the preview's
      // own Namespace, which CreateNamespace=true creates through the same permission check.
      new ArgoCdAppProject(this, 'preview-project', {
        name: PREVIEW_PROJECT,
        namespace: d.argocd.namespace,
        instance: props.env,
        description: 'keelson pull request previews: this repository, preview namespaces, namespaced objects only',
        sourceRepos: [d.repoURL],
        destinations: [{ server: d.argocd.server, namespace: previewNamespaces }],
        clusterResources: [{ ...NAMESPACE_KIND, name: previewNamespaces }],
        namespacedResources: [{ group: '*', kind: '*' }],
      });
      new PullRequestPreviews(this, 'previews', {
        name: 'keelson-preview',
        namespace: d.argocd.namespace,
        project: PREVIEW_PROJECT,
        instance: props.env,
        provider: d.previews,
        source: { repoURL: d.repoURL, path: manifestsPath(previewEnvironment) },
        server: d.argocd.server,
        namespacePrefix: PREVIEW_NAMESPACE_PREFIX,
        // After every chart Application: a failing pull-request generator (Degraded) then cannot
        // hold the platform's own Applications back.
        syncWave: Math.max(0, ...waves.values()) + 1,
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
