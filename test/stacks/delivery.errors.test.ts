import { KeelsonChart } from '../../charts/keelson-chart';
import { buildDelivery } from '../../stacks/delivery';
import { ENVIRONMENTS } from '../../stacks/environments';
import { buildPlatform } from '../../stacks/platform';
import { EnvironmentConfig } from '../../stacks/types';
import { variant } from '../support/harness';

const prod = ENVIRONMENTS.find((e) => e.name === 'prod')!;
const build = (mutate: (d: any) => void) => () => buildDelivery(buildPlatform(variant(prod, mutate) as EnvironmentConfig));

describe('delivery settings errors', () => {
  test.each([
    ['an unknown delivery mode', (d: any) => (d.delivery.mode = 'pull'), `delivery (prod): delivery.mode must be 'direct' or 'argocd'; got "pull"`],
    [
      'a plain-http repository',
      (d: any) => (d.delivery.repoURL = 'http://git.example.com/keelson.git'),
      `delivery (prod): delivery.repoURL must be an https://, ssh:// or git@ repository URL; got "http://git.example.com/keelson.git"`,
    ],
    [
      'a revision with spaces',
      (d: any) => (d.delivery.revision = 'release 1'),
      `delivery (prod): delivery.revision must be a branch, tag or commit (no spaces); got "release 1"`,
    ],
    [
      'an unknown preview provider',
      (d: any) => (d.delivery.previews = { kind: 'gitea' }),
      `delivery (prod): delivery.previews.kind must be 'none', 'github' or 'gitlab'; got "gitea"`,
    ],
    [
      'an app-of-apps for a namespace-agnostic environment',
      (d: any) => {
        // A namespace-agnostic variant of prod: no pool addresses, no cluster-level services.
        d.scope = 'namespace-agnostic';
        delete d.namespacePrefix;
        d.ci.exposure = { kind: 'none' };
        d.registry.enabled = false;
        d.messaging.enabled = false;
        d.networkIsolation = false;
      },
      'delivery (prod): delivery.argocd.appOfApps must be false for a namespace-agnostic environment (Applications need a destination namespace); got true',
    ],
    [
      "delivery 'argocd' without an app-of-apps",
      (d: any) => {
        d.delivery.mode = 'argocd';
        d.delivery.argocd.appOfApps = false;
      },
      `delivery (prod): delivery.mode must be 'direct' when delivery.argocd.appOfApps is false (there is no root Application to install); got "argocd"`,
    ],
  ])('%s', (_name, mutate, message) => {
    expect(build(mutate)).toThrow(message);
  });

  test('a chart named like a delivery folder', () => {
    const platform = buildPlatform(prod);
    const clash = new KeelsonChart(platform.app, 'bootstrap', { namespace: 'prod-bootstrap' });
    expect(() => buildDelivery({ ...platform, charts: [...platform.charts, clash] })).toThrow(
      `delivery (prod): charts must not use the names 'argocd' and 'bootstrap' (they hold the Argo CD Applications); got ["bootstrap"]`,
    );
  });

  test('a bad ApplicationSet provider is reported with its construct path', () => {
    expect(build((d) => (d.delivery.previews = { kind: 'github', owner: 'example/x', repo: 'keelson' }))).toThrow(
      `pull-request-previews 'argocd/previews' (prod): provider.owner must be a GitHub organization or user name; got "example/x"`,
    );
  });

  test('PR previews with no preview environment in the registry to deploy', () => {
    const host = variant(prod, (d: any) => (d.delivery.previews = { kind: 'github', owner: 'example', repo: 'keelson' })) as EnvironmentConfig;
    const registry = ENVIRONMENTS.filter((e) => e.tier !== 'preview');
    expect(() => buildDelivery(buildPlatform(host, undefined, [...registry, host]), [...registry, host])).toThrow(
      `delivery (prod): delivery.previews.kind must be 'none' when no environment in stacks/environments.ts has tier 'preview' and scope 'namespace-agnostic' (previews deploy its manifests); got "github"`,
    );
  });
});
