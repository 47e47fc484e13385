import { PullRequestPreviews } from '../../constructs/argocd/pull-request-previews';
import { PREVIEWS } from '../support/argocd-fixture';
import { validateObject } from '../../cli/validation/schemas';
import { synthesize } from '../support/harness';

describe('PullRequestPreviews', () => {
  test('GitHub: one Application per open pull request, at its head commit, in its own namespace', () => {
    const [set] = synthesize((c) => new PullRequestPreviews(c, 'previews', PREVIEWS));
    expect(set).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'keelson-preview', namespace: 'argocd' } });
    expect(set.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '0' });
    expect(set.spec.goTemplate).toBe(true);
    expect(set.spec.goTemplateOptions).toEqual(['missingkey=error']);
    expect(set.spec.generators).toEqual([{ pullRequest: { github: { owner: 'example', repo: 'keelson' }, requeueAfterSeconds: 300 } }]);
    const t = set.spec.template;
    expect(t.metadata.name).toBe('keelson-preview-{{.number}}');
    expect(t.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    expect(t.spec.source).toEqual({
      repoURL: 'https://github.com/example/keelson.git',
      targetRevision: '{{.head_sha}}',
      path: 'manifests/preview',
      directory: { recurse: true },
    });
    expect(t.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'keelson-pr-{{.number}}' });
    expect(t.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(t.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true']);
    expect(t.spec.syncPolicy.managedNamespaceMetadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'keelson.io/preview': 'true',
    });
    expect(validateObject(set as never)).toEqual([]);
  });

  test('the sync wave in the Application that syncs it', () => {
    const [set] = synthesize((c) => new PullRequestPreviews(c, 'previews', { ...PREVIEWS, syncWave: 3 }));
    expect(set.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('3');
  });

  test('GitLab: open merge requests of a project, with token, labels and a self-hosted API', () => {
    const [set] = synthesize(
      (c) =>
        new PullRequestPreviews(c, 'previews', {
          ...PREVIEWS,
          requeueAfterSeconds: 120,
          provider: {
            kind: 'gitlab',
            project: 'platform/keelson',
            api: 'https://gitlab.example.com',
            tokenRef: { name: 'gitlab-token', key: 'token' },
            labels: ['preview'],
          },
        }),
    );
    expect(set.spec.generators).toEqual([
      {
        pullRequest: {
          gitlab: {
            project: 'platform/keelson',
            api: 'https://gitlab.example.com',
            tokenRef: { secretName: 'gitlab-token', key: 'token' },
            labels: ['preview'],
            pullRequestState: 'opened',
          },
          requeueAfterSeconds: 120,
        },
      },
    ]);
    expect(validateObject(set as never)).toEqual([]);
  });
});
