/**
 * @deprecated Import from `constructs/upstream/upstream-release`, where an upstream release is
 * defined once (its typed spec, how it is recorded, its Argo CD Application). Kept only for the
 * modules that still import this path.
 */
export { HelmChartRef, recordRelease, releasesIn, UpstreamReleaseSpec } from '../upstream/upstream-release';
