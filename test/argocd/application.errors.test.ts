import { ArgoCdApplication } from '../../constructs/argocd/application';
import { scope, variant } from '../support/harness';
import { APP } from '../support/argocd-fixture';

const build = (mutate: (d: any) => void) => () => new ArgoCdApplication(scope('dev'), 'ci', variant(APP, mutate));

describe('ArgoCdApplication errors', () => {
  test.each([
    [
      'a bad name',
      (d: any) => (d.name = 'Keelson_CI'),
      `argocd-application 'test/ci' (dev): name must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got "Keelson_CI"`,
    ],
    [
      'a plain-http repository',
      (d: any) => (d.source.repoURL = 'http://git.example.com/k.git'),
      `argocd-application 'test/ci' (dev): source.repoURL must be an https://, ssh:// or git@ repository URL; got "http://git.example.com/k.git"`,
    ],
    [
      'an empty revision',
      (d: any) => (d.source.revision = ''),
      `argocd-application 'test/ci' (dev): source.revision must be a branch, tag or commit (no spaces); got ""`,
    ],
    [
      'a path escaping the repository',
      (d: any) => (d.source.path = 'manifests/../secrets'),
      `argocd-application 'test/ci' (dev): source.path must be a relative folder without '.', '..' or empty segments; got "manifests/../secrets"`,
    ],
    [
      'an absolute path',
      (d: any) => (d.source.path = '/manifests/dev'),
      `argocd-application 'test/ci' (dev): source.path must be a relative folder without '.', '..' or empty segments; got "/manifests/dev"`,
    ],
    [
      'a non-https server',
      (d: any) => (d.destination.server = 'kubernetes.default.svc'),
      `argocd-application 'test/ci' (dev): destination.server must be an https:// API server URL; got "kubernetes.default.svc"`,
    ],
    [
      // The same absolute-URL rule as every other URL field: a scheme with no host is no server.
      'a server URL without a host',
      (d: any) => (d.destination.server = 'https:///'),
      `argocd-application 'test/ci' (dev): destination.server must be an https:// API server URL; got "https:///"`,
    ],
    [
      'a bad destination namespace',
      (d: any) => (d.destination.namespace = 'Dev'),
      `argocd-application 'test/ci' (dev): destination.namespace must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters, starting and ending alphanumeric); got "Dev"`,
    ],
    [
      'a wave out of range',
      (d: any) => (d.syncWave = 1.5),
      `argocd-application 'test/ci' (dev): syncWave must be a whole number between -100 and 100; got 1.5`,
    ],
  ])('%s', (_name, mutate, message) => {
    expect(build(mutate)).toThrow(message);
  });
});
