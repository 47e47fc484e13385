import { validateObject } from '../../cli/validation/schemas';
import { HELM_CHARTS } from '../../constructs/common/helm-charts';
import { releasesIn, UPSTREAM_RELEASE_LABEL, UpstreamRelease } from '../../constructs/upstream/upstream-release';
import { find, scope, synthesize } from '../support/harness';

describe('UpstreamRelease', () => {
  const objects = synthesize((c) => {
    new UpstreamRelease(c, 'strimzi', {
      name: 'strimzi',
      namespace: 'strimzi-system',
      chart: HELM_CHARTS.strimziKafkaOperator,
      values: { watchAnyNamespace: true },
    });
    new UpstreamRelease(c, 'metrics', {
      name: 'metrics-server',
      namespace: 'kube-system',
      chart: HELM_CHARTS.metricsServer,
      syncWave: -3,
      prune: true,
      serverSideApply: false,
      namespaceLabels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
      ignoreDifferences: [{ group: 'apiregistration.k8s.io', kind: 'APIService', jqPathExpressions: ['.spec.caBundle'] }],
    });
  });
  const app = find(objects, 'Application', 'strimzi-system-strimzi');

  test('renders an Argo CD Application with a pinned Helm source and values as valuesObject', () => {
    expect(app.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(app.metadata.namespace).toBe('argocd');
    expect(app.spec.source).toEqual({
      repoURL: 'https://strimzi.io/charts/',
      chart: 'strimzi-kafka-operator',
      targetRevision: '1.2.0',
      helm: { releaseName: 'strimzi', valuesObject: { watchAnyNamespace: true } },
    });
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'strimzi-system' });
  });

  test('is labelled for the Pulumi program and ordered by sync wave (operators first by default)', () => {
    expect(app.metadata.labels[UPSTREAM_RELEASE_LABEL]).toBe('strimzi');
    expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-10');
    expect(find(objects, 'Application', 'kube-system-metrics-server').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-3');
  });

  test('syncs automatically with self-heal; prunes only when asked; server-side apply by default', () => {
    expect(app.spec.syncPolicy).toEqual({ automated: { prune: false, selfHeal: true }, syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'] });
    const ms = find(objects, 'Application', 'kube-system-metrics-server');
    expect(ms.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true', 'RespectIgnoreDifferences=true'],
      managedNamespaceMetadata: { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
    });
    expect(ms.spec.ignoreDifferences).toEqual([{ group: 'apiregistration.k8s.io', kind: 'APIService', jqPathExpressions: ['.spec.caBundle'] }]);
    expect(app.spec.ignoreDifferences).toBeUndefined();
  });

  test('is valid against the Argo CD Application CRD', () => {
    for (const o of objects) expect(validateObject(o as never)).toEqual([]);
  });

  test('records the release for the Pulumi program', () => {
    const s = scope();
    new UpstreamRelease(s, 'harbor', {
      name: 'harbor',
      namespace: 'dev-registry',
      chart: HELM_CHARTS.harbor,
      values: { trivy: { enabled: false } },
      syncWave: 0,
    });
    expect(releasesIn(s)).toEqual([
      { name: 'harbor', namespace: 'dev-registry', chart: HELM_CHARTS.harbor, values: { trivy: { enabled: false } }, syncWave: 0 },
    ]);
  });

  test('every pinned chart is a real, pinned semantic version from an https or oci repository', () => {
    for (const c of Object.values(HELM_CHARTS)) {
      expect(c.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(c.repoURL).toMatch(/^(https|oci):\/\//);
    }
  });
});
