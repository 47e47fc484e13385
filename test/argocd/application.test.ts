import { ArgoCdApplication } from '../../constructs/argocd/application';
import { APP } from '../support/argocd-fixture';
import { validateObject } from '../../cli/validation/schemas';
import { synthesize } from '../support/harness';

describe('ArgoCdApplication', () => {
  test('defaults: project default, wave 0, self-heal without prune, no cascading delete, flat folder', () => {
    const [app] = synthesize((c) => new ArgoCdApplication(c, 'ci', APP));
    expect(app).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'keelson-dev-ci', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '0' } },
    });
    expect(app.metadata.finalizers).toBeUndefined();
    expect(app.spec).toEqual({
      project: 'default',
      source: { repoURL: 'https://git.example.com/platform/keelson.git', targetRevision: 'v1.2.0', path: 'manifests/dev/ci' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'dev-ci' },
      syncPolicy: { automated: { prune: false, selfHeal: true }, retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } } },
    });
    expect(validateObject(app as never)).toEqual([]);
  });

  test('prune, cascading delete, waves, sync options and project are honoured', () => {
    const [app] = synthesize(
      (c) =>
        new ArgoCdApplication(c, 'ci', {
          ...APP,
          project: 'platform',
          prune: true,
          cascadeDelete: true,
          syncWave: -2,
          selfHeal: false,
          syncOptions: ['ServerSideApply=true'],
        }),
    );
    expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-2');
    expect(app.spec.project).toBe('platform');
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: false });
    expect(app.spec.syncPolicy.syncOptions).toEqual(['ServerSideApply=true']);
    expect(validateObject(app as never)).toEqual([]);
  });

  test('carries the recommended labels', () => {
    const [app] = synthesize((c) => new ArgoCdApplication(c, 'ci', APP));
    expect(app.metadata.labels).toMatchObject({
      'app.kubernetes.io/instance': 'dev',
      'app.kubernetes.io/component': 'delivery',
      'app.kubernetes.io/part-of': 'keelson',
      'app.kubernetes.io/managed-by': 'keelson',
    });
  });
});
