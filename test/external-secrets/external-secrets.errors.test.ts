/**
 * Bad secret-backend input: each case goes through `synth` into an output folder holding a
 * sentinel and must fail with its exact message (environment, component, field, value) while
 * writing nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkEverySecretMapped } from '../../charts/external-secrets';
import { synth } from '../../cli/synth';
import { Checks } from '../../constructs/common/errors';
import { requiredSecrets, requireSecret } from '../../constructs/common/secrets';
import { ExternalSecret } from '../../constructs/external-secrets/external-secret';
import { KeelsonChart } from '../../charts/keelson-chart';
import { getEnvironment } from '../../stacks/environments';
import { buildPlatform } from '../../stacks/platform';
import { EnvironmentConfig, SecretBackend } from '../../stacks/types';
import { scope } from '../support/harness';

const withSecrets = (env: string, secrets: unknown): EnvironmentConfig => ({ ...getEnvironment(env), secrets: secrets as SecretBackend });
/** Every Secret an environment requires, as the error lists them (derived, so new Secrets flow through). */
const requiredNames = (env: string) =>
  requiredSecrets(buildPlatform(getEnvironment(env)).app)
    .map((r) => r.name)
    .sort()
    .join(', ');
const prodStore = { kind: 'ClusterSecretStore', name: 'keelson-prod' };

const CASES: readonly { name: string; environments: EnvironmentConfig[]; message: string }[] = [
  {
    name: 'an unknown backend kind',
    environments: [withSecrets('staging', { kind: 'vault' })],
    message: 'external-secrets (staging): secrets.kind must be one of pulumiConfig, outOfBand, externalSecrets; got "vault"',
  },
  {
    // ExternalSecret CRD 2.9.0: spec.secretStoreRef.kind enum [SecretStore, ClusterSecretStore].
    name: 'an unknown store kind',
    environments: [withSecrets('prod', { kind: 'externalSecrets', store: { kind: 'VaultStore', name: 'keelson-prod' }, keyPrefix: 'keelson/prod' })],
    message:
      'external-secrets (prod): secrets.store.kind must be one of ClusterSecretStore, SecretStore (spec.secretStoreRef.kind of the ExternalSecret CRD); got "VaultStore"',
  },
  {
    // ExternalSecret CRD 2.9.0: spec.secretStoreRef.name pattern is a DNS-1123 subdomain.
    name: 'a store name that is not a DNS name',
    environments: [withSecrets('prod', { kind: 'externalSecrets', store: { kind: 'ClusterSecretStore', name: 'Keelson_Prod' }, keyPrefix: 'keelson/prod' })],
    message:
      'external-secrets (prod): secrets.store.name must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got "Keelson_Prod"',
  },
  {
    name: 'a key prefix with a leading slash',
    environments: [withSecrets('prod', { kind: 'externalSecrets', store: prodStore, keyPrefix: '/keelson/prod' })],
    message: `external-secrets (prod): secrets.keyPrefix must be '/'-separated segments of lower-case letters, digits, '-' and '_' (e.g. 'keelson/prod'), with no leading or trailing '/'; got "/keelson/prod"`,
  },
  {
    name: 'two Secrets with different keys mapped to the same remote key',
    environments: [
      withSecrets('prod', {
        kind: 'externalSecrets',
        store: prodStore,
        keyPrefix: 'keelson/prod',
        remoteKeys: { 'grafana-admin': 'keelson/prod/admins', 'harbor-admin': 'keelson/prod/admins' },
      }),
    ],
    message: `external-secrets (prod): secrets.remoteKeys.grafana-admin must map each remote key to one set of Secret keys, but Secret 'harbor-admin' (chart registry; keys HARBOR_ADMIN_PASSWORD) and Secret 'grafana-admin' (chart logging; keys password, username) both map to it; got "keelson/prod/admins"`,
  },
  {
    name: 'a remote key for a Secret no chart requires',
    environments: [
      withSecrets('prod', { kind: 'externalSecrets', store: prodStore, keyPrefix: 'keelson/prod', remoteKeys: { 'grafana-admn': 'keelson/shared/grafana' } }),
    ],
    message: `external-secrets (prod): secrets.remoteKeys.grafana-admn must name a Secret the environment requires (${requiredNames('prod')}); got "keelson/shared/grafana"`,
  },
  {
    name: 'a preview reading the production store',
    environments: [withSecrets('preview', { kind: 'externalSecrets', store: prodStore, keyPrefix: 'keelson/previews' })],
    message: `external-secrets (preview): secrets.store.name must be a store only previews read, not the ClusterSecretStore of environment 'prod'; got "keelson-prod"`,
  },
  {
    name: 'a preview reading production keys from its own store',
    environments: [
      withSecrets('preview', { kind: 'externalSecrets', store: { kind: 'ClusterSecretStore', name: 'keelson-previews' }, keyPrefix: 'keelson/prod/pr' }),
    ],
    message: `external-secrets (preview): secrets.keyPrefix must not overlap the key prefix of environment 'prod' ('keelson/prod'); got "keelson/prod/pr"`,
  },
];

describe('secret backend errors', () => {
  let out: string;
  const sentinel = () => path.join(out, 'prod', 'ci', 'sentinel.yaml');
  beforeEach(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-eso-errors-'));
    fs.mkdirSync(path.dirname(sentinel()), { recursive: true });
    fs.writeFileSync(sentinel(), 'untouched\n');
  });
  afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const lines: string[] = [];
    const code = synth({ environments: c.environments, outDir: out, log: (l) => lines.push(l) });
    expect(lines).toEqual([`error: ${c.message}`, 'nothing was written']);
    expect(code).toBe(1);
    expect(fs.readdirSync(out, { recursive: true }).map(String).sort()).toEqual(['prod', 'prod/ci', 'prod/ci/sentinel.yaml']);
    expect(fs.readFileSync(sentinel(), 'utf8')).toBe('untouched\n');
  });

  test('a required Secret left without an ExternalSecret (a chart built after they were added) is refused', () => {
    const platform = buildPlatform(getEnvironment('prod'));
    const ci = platform.charts.find((c) => c.node.id === 'ci')!;
    // Drop one ExternalSecret, as a chart that records a new Secret after the mapping would.
    const group = ci.node.findChild('external-secrets');
    group.node.tryRemoveChild('jenkins-admin');
    expect(() => checkEverySecretMapped(new Checks(platform.app, 'external-secrets'), platform.charts)).toThrow(
      'external-secrets (prod): charts.ci.secrets must each have an ExternalSecret in chart \'ci\' when the environment uses the External Secrets Operator (this one is the Jenkins administrator password; Jenkins administrator user name); got "jenkins-admin"',
    );
  });

  test('a chart added after the platform was built, requiring a Secret, fails the render and writes nothing', () => {
    const lines: string[] = [];
    const build = (env: EnvironmentConfig) => {
      const platform = buildPlatform(env);
      const extra = new KeelsonChart(platform.app, 'extra', { namespace: 'prod-extra' });
      requireSecret(extra, new Checks(extra, 'extra'), 'token', { name: 'extra-token', key: 'token' }, 'token of the extra chart');
      return { ...platform, charts: [...platform.charts, extra] };
    };
    const code = synth({ environments: [getEnvironment('prod')], build, outDir: out, log: (l) => lines.push(l) });
    expect(lines).toEqual([
      'error: external-secrets (prod): charts.extra.secrets must each have an ExternalSecret in chart \'extra\' when the environment uses the External Secrets Operator (this one is the token of the extra chart); got "extra-token"',
      'nothing was written',
    ]);
    expect(code).toBe(1);
    expect(fs.readFileSync(sentinel(), 'utf8')).toBe('untouched\n');
  });

  test.each([
    [
      'target.name',
      { target: { name: 'Bad_Name', type: 'Opaque', keys: ['a'] } },
      `external-secret 'test/es' (prod): target.name must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got "Bad_Name"`,
    ],
    ['target.keys', { target: { name: 'ok', type: 'Opaque', keys: [] } }, "external-secret 'test/es' (prod): target.keys must list at least one entry; got []"],
    [
      'refreshInterval',
      { refreshInterval: 'hourly' },
      `external-secret 'test/es' (prod): refreshInterval must be a duration such as '1h', '15m' or '30s'; got "hourly"`,
    ],
    [
      'store.kind',
      { store: { kind: 'Vault', name: 'x' } },
      `external-secret 'test/es' (prod): store.kind must be one of ClusterSecretStore, SecretStore; got "Vault"`,
    ],
  ])('ExternalSecret %s', (_f, bad, message) => {
    const good = { target: { name: 'ok', type: 'Opaque', keys: ['a'] }, store: prodStore, remoteKey: 'keelson/prod/ok' };
    expect(() => new ExternalSecret(scope('prod'), 'es', { ...good, ...(bad as object) } as never)).toThrow(message);
  });
});
