import { ArgoCdAppProject } from '../../constructs/argocd/app-project';
import { scope, variant } from '../support/harness';
import { PROJECT } from '../support/argocd-fixture';

const build = (mutate: (d: any) => void) => () => new ArgoCdAppProject(scope('dev'), 'project', variant(PROJECT, mutate));

describe('ArgoCdAppProject errors', () => {
  test.each([
    ['no repository', (d: any) => (d.sourceRepos = []), `argocd-app-project 'test/project' (dev): sourceRepos must name at least one repository; got []`],
    [
      'every repository',
      (d: any) => (d.sourceRepos = ['*']),
      `argocd-app-project 'test/project' (dev): sourceRepos must be repository URLs, never a wildcard; got "*"`,
    ],
    [
      'every namespace',
      (d: any) => (d.destinations[0].namespace = '*'),
      `argocd-app-project 'test/project' (dev): destinations.namespace must be a namespace or a prefix glob, not every namespace; got "*"`,
    ],
    [
      'every cluster-scoped kind',
      (d: any) => (d.clusterResources = [{ group: '*', kind: '*' }]),
      `argocd-app-project 'test/project' (dev): clusterResources must name a group and kind (no wildcard); got "*/*"`,
    ],
    [
      'a plain-http API server',
      (d: any) => (d.destinations[0].server = 'http://kubernetes.default.svc'),
      `argocd-app-project 'test/project' (dev): destinations.server must be an https:// API server URL; got "http://kubernetes.default.svc"`,
    ],
    [
      // Argo CD matches a destination's server against its clusters' URLs: one without a host names none.
      'an API server URL without a host',
      (d: any) => (d.destinations[0].server = 'https:///api'),
      `argocd-app-project 'test/project' (dev): destinations.server must be an https:// API server URL; got "https:///api"`,
    ],
  ])('%s', (_name, mutate, message) => {
    expect(build(mutate)).toThrow(message);
  });
});

test('ArgoCdAppProject renders only what it is given, before its Applications', () => {
  const s = scope('dev');
  new ArgoCdAppProject(s, 'project', PROJECT);
  const [o] = (s as any).toJson();
  expect(o.kind).toBe('AppProject');
  expect(o.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
  expect(o.spec).toEqual({
    description: 'keelson dev',
    sourceRepos: ['https://git.example.com/platform/keelson.git'],
    destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'dev-ci' }],
    clusterResourceWhitelist: [{ group: '', kind: 'Namespace', name: 'dev-ci' }],
  });
});
