import { HELM_CHARTS } from '../../constructs/common/helm-charts';
import { UpstreamRelease } from '../../constructs/upstream/upstream-release';
import { scope } from '../support/harness';

describe('UpstreamRelease errors', () => {
  const make = (props: Partial<ConstructorParameters<typeof UpstreamRelease>[2]>) => () =>
    new UpstreamRelease(scope('prod'), 'r', { name: 'harbor', namespace: 'prod-registry', chart: HELM_CHARTS.harbor, ...props });

  test('a chart version that is not pinned in helm-charts.ts', () => {
    expect(make({ chart: { ...HELM_CHARTS.harbor, version: '1.18.0' } })).toThrow(
      'upstream-release \'test/r\' (prod): chart.version must be a chart version pinned in constructs/common/helm-charts.ts (harbor: 1.19.2 from https://helm.goharbor.io); got "harbor@1.18.0"',
    );
  });

  test('a chart that is not pinned at all', () => {
    expect(make({ chart: { repoURL: 'https://charts.example.com', chart: 'widget', version: '1.0.0' } })).toThrow(
      'upstream-release \'test/r\' (prod): chart.version must be a chart pinned in constructs/common/helm-charts.ts; got "widget@1.0.0"',
    );
  });

  test('latest is never a version', () => {
    expect(make({ chart: { ...HELM_CHARTS.harbor, version: 'latest' } })).toThrow(
      'upstream-release \'test/r\' (prod): chart.version must be a pinned semantic version; got "latest"',
    );
  });

  test('a repository that is neither https nor oci', () => {
    expect(make({ chart: { ...HELM_CHARTS.harbor, repoURL: 'http://helm.goharbor.io' } })).toThrow(
      'upstream-release \'test/r\' (prod): chart.repoURL must be an https:// chart repository or an oci:// registry path; got "http://helm.goharbor.io"',
    );
  });

  test('a release name that is not a DNS label', () => {
    expect(make({ name: 'Harbor' })).toThrow(
      "upstream-release 'test/r' (prod): name must be a DNS-1123 label (lower-case letters, digits and '-', at most 53 characters, starting and ending alphanumeric); got \"Harbor\"",
    );
  });
});
