import { Construct } from 'constructs';
import { record, recordsIn } from './tree-metadata';

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
