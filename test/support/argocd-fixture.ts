import { ArgoCdAppProjectProps } from '../../constructs/argocd/app-project';
import { ArgoCdApplicationProps } from '../../constructs/argocd/application';
import { PullRequestPreviewsProps } from '../../constructs/argocd/pull-request-previews';

/** A valid Application for one chart folder. */
export const APP: ArgoCdApplicationProps = {
  name: 'keelson-dev-ci',
  namespace: 'argocd',
  instance: 'dev',
  source: { repoURL: 'https://git.example.com/platform/keelson.git', revision: 'v1.2.0', path: 'manifests/dev/ci' },
  destination: { server: 'https://kubernetes.default.svc', namespace: 'dev-ci' },
};

/** A valid GitHub pull-request preview ApplicationSet. */
export const PREVIEWS: PullRequestPreviewsProps = {
  name: 'keelson-preview',
  namespace: 'argocd',
  instance: 'dev',
  provider: { kind: 'github', owner: 'example', repo: 'keelson' },
  source: { repoURL: 'https://github.com/example/keelson.git', path: 'manifests/preview' },
  server: 'https://kubernetes.default.svc',
  namespacePrefix: 'keelson-pr',
};

/** A valid AppProject for one environment. */
export const PROJECT: ArgoCdAppProjectProps = {
  name: 'keelson-dev',
  namespace: 'argocd',
  instance: 'dev',
  description: 'keelson dev',
  sourceRepos: ['https://git.example.com/platform/keelson.git'],
  destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'dev-ci' }],
  clusterResources: [{ group: '', kind: 'Namespace', name: 'dev-ci' }],
};
