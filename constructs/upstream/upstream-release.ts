import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { isPinnedChart, pinnedVersionsOf } from '../common/helm-charts';
import { recommendedLabels } from '../common/labels';
import { record, recordsIn } from '../common/tree-metadata';
import { PROP_SHAPES } from '../common/prop-shapes.generated';
import { SYNC_WAVE_ANNOTATION } from '../argocd/application';

/**
 * A Helm chart published by an upstream project (operators such as Strimzi and OpenELB,
 * Harbor, metrics-server), pinned by version. `repoURL` is an https chart repository or an
 * `oci://` registry path; versions live in one place (constructs/common/helm-charts.ts).
 */
export interface HelmChartRef {
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
}

/** One installation of an upstream chart: the single typed definition both delivery paths render. */
export interface UpstreamReleaseSpec {
  /** Release name (DNS-1123 label). */
  readonly name: string;
  /** Namespace the chart's objects go to. */
  readonly namespace: string;
  readonly chart: HelmChartRef;
  /** Typed values, rendered as the chart's values.yaml. @default {} */
  readonly values?: Record<string, unknown>;
  /**
   * Argo CD sync wave; operators and CRDs go before the custom resources that use them.
   * @default -10
   */
  readonly syncWave?: number;
  /**
   * Labels the release's namespace needs (e.g. a Pod Security level for node agents on the host
   * network); Argo CD sets them through `managedNamespaceMetadata`, the Pulumi program on the
   * Namespace it creates. @default {} (the cluster's defaults)
   */
  readonly namespaceLabels?: Record<string, string>;
}

const RELEASE_METADATA = 'keelson:upstream-release';

/**
 * Marks an upstream release on the construct tree. The committed-YAML path renders it as an
 * Argo CD Application with a Helm source; the Pulumi program renders it as a Helm chart
 * resource and skips that Application. Read them back with `releasesIn`.
 */
export function recordRelease(scope: Construct, spec: UpstreamReleaseSpec): void {
  record(scope, RELEASE_METADATA, spec);
}

export function releasesIn(root: Construct): UpstreamReleaseSpec[] {
  return recordsIn<UpstreamReleaseSpec>(root, RELEASE_METADATA);
}

/**
 * Label on the Argo CD Application of an upstream release: the render core lists these objects
 * with the chart's releases, and the Pulumi program, which installs the releases, leaves them out.
 */
export const UPSTREAM_RELEASE_LABEL = 'keelson.io/upstream-release';
/** Namespace Argo CD watches for Applications, until `deliverBy` names the environment's. */
export const ARGOCD_NAMESPACE = 'argocd';

export interface UpstreamReleaseProps extends UpstreamReleaseSpec {
  /**
   * Let Argo CD delete objects that disappear from the chart. Off for charts that own data or
   * CRDs (pruning a CRD deletes every custom resource of that kind).
   * @default false
   */
  readonly prune?: boolean;
  /**
   * Apply server-side: charts whose CRDs exceed the 256 KiB client-side annotation limit
   * (Strimzi) need it.
   * @default true
   */
  readonly serverSideApply?: boolean;
  /** Argo CD project. @default 'default' */
  readonly project?: string;
  /** Component label of the Application. @default 'operator' */
  readonly component?: string;
  /**
   * Fields the chart's own controllers change after install (e.g. a webhook CA bundle injected at
   * runtime): Argo CD neither reports nor reverts them. @default []
   */
  readonly ignoreDifferences?: readonly IgnoredDifference[];
}

/** A field of the release's objects that Argo CD leaves alone. */
export interface IgnoredDifference {
  readonly group: string;
  readonly kind: string;
  readonly jqPathExpressions: readonly string[];
}

/**
 * An upstream Helm chart release. Recorded on the tree (`releasesIn`) so the Pulumi program
 * installs it as a Helm chart, and rendered here as an Argo CD Application with a Helm source
 * for the committed manifests.
 */
export class UpstreamRelease extends Construct {
  readonly spec: UpstreamReleaseSpec;
  /** Name of the Argo CD Application: `<namespace>-<release>`, unique when environments share a cluster. */
  readonly applicationName: string;
  private readonly application: ApiObject;

  constructor(scope: Construct, id: string, props: UpstreamReleaseProps) {
    super(scope, id);
    const values = props.values ?? {};
    const syncWave = props.syncWave ?? -10;
    const prune = props.prune ?? false;
    const serverSideApply = props.serverSideApply ?? true;
    const project = props.project ?? 'default';
    const component = props.component ?? 'operator';
    const namespaceLabels = props.namespaceLabels ?? {};
    const ignoreDifferences = props.ignoreDifferences ?? [];

    const checks: Checks = new Checks(this, 'upstream-release');
    checks.knownFields(props, PROP_SHAPES.UpstreamReleaseProps);
    checks.dnsLabel('name', props.name, 53);
    checks.dnsLabel('namespace', props.namespace);
    checks.that(
      /^(https:\/\/|oci:\/\/)\S+$/.test(props.chart?.repoURL ?? ''),
      'chart.repoURL',
      props.chart?.repoURL,
      'must be an https:// chart repository or an oci:// registry path',
    );
    checks.that(
      props.chart.version !== 'latest' && /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(props.chart.version),
      'chart.version',
      props.chart.version,
      'must be a pinned semantic version',
    );
    const known = pinnedVersionsOf(props.chart.chart);
    checks.that(
      isPinnedChart(props.chart),
      'chart.version',
      `${props.chart.chart}@${props.chart.version}`,
      known.length
        ? `must be a chart version pinned in constructs/common/helm-charts.ts (${props.chart.chart}: ${known.join(', ')} from ${props.chart.repoURL})`
        : 'must be a chart pinned in constructs/common/helm-charts.ts',
    );
    checks.integer('syncWave', syncWave, -100, 100);

    this.spec = {
      name: props.name,
      namespace: props.namespace,
      chart: props.chart,
      values,
      syncWave,
      ...(Object.keys(namespaceLabels).length ? { namespaceLabels: { ...namespaceLabels } } : {}),
    };
    this.applicationName = `${props.namespace}-${props.name}`.slice(0, 63).replace(/-+$/, '');
    recordRelease(this, this.spec);

    const syncOptions = [
      'CreateNamespace=true',
      ...(serverSideApply ? ['ServerSideApply=true'] : []),
      ...(ignoreDifferences.length ? ['RespectIgnoreDifferences=true'] : []),
    ];
    this.application = new ApiObject(this, 'Application', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: this.applicationName,
        namespace: ARGOCD_NAMESPACE,
        labels: {
          ...recommendedLabels({ name: props.chart.chart, instance: props.name, component, version: props.chart.version }),
          [UPSTREAM_RELEASE_LABEL]: props.name,
        },
        annotations: { [SYNC_WAVE_ANNOTATION]: String(syncWave) },
      },
      spec: {
        project,
        source: {
          repoURL: props.chart.repoURL,
          chart: props.chart.chart,
          targetRevision: props.chart.version,
          helm: { releaseName: props.name, valuesObject: values },
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: props.namespace },
        ignoreDifferences: ignoreDifferences.length ? ignoreDifferences.map((d) => ({ ...d, jqPathExpressions: [...d.jqPathExpressions] })) : undefined,
        syncPolicy: {
          automated: { prune, selfHeal: true },
          syncOptions,
          managedNamespaceMetadata: Object.keys(namespaceLabels).length ? { labels: { ...namespaceLabels } } : undefined,
        },
      },
    });
  }

  /**
   * Hands the Application to the environment's Argo CD, known once every chart exists: its
   * AppProject, the namespace Argo CD watches for Applications and the API server it deploys to.
   */
  deliverBy(argocd: { readonly project: string; readonly namespace: string; readonly server: string }): void {
    this.application.addJsonPatch(
      JsonPatch.replace('/spec/project', argocd.project),
      JsonPatch.replace('/metadata/namespace', argocd.namespace),
      JsonPatch.replace('/spec/destination/server', argocd.server),
    );
  }
}
