import { requiredSecrets } from '../../constructs/common/secrets';
import { releasesIn } from '../../constructs/upstream/upstream-release';
import { HARBOR_REDIS_URLS, REGISTRY_REDIS_PASSWORD_ENV } from '../../constructs/harbor/harbor';
import { ENVIRONMENTS } from '../../stacks/environments';
import { buildPlatform } from '../../stacks/platform';

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } };
type Values = Record<string, any>;

const harborOf = (env: (typeof ENVIRONMENTS)[number]) => releasesIn(buildPlatform(env).app).find((r) => r.chart.chart === 'harbor');
const harborEnvs = ENVIRONMENTS.filter((e) => harborOf(e) !== undefined);

/**
 * harbor-helm 1.19 templates/_helpers.tpl, `harbor.redis.cred`: with an external Redis and
 * `existingSecret` set, the password comes from `harbor.redis.pwdfromsecret`, a Helm `lookup` of
 * that Secret (Argo CD's `helm template` render has no cluster: lookup returns nothing, the URL has
 * an empty password); otherwise from `redis.external.password`, inlined into the core and
 * jobservice ConfigMaps (templates/core/core-cm.yaml `_REDIS_URL_CORE`, jobservice config.yml).
 */
function chartRedisCredentials(values: Values): { lookup: boolean; inlinedPassword: boolean } {
  const r = values.redis ?? {};
  if (r.type !== 'external') return { lookup: false, inlinedPassword: false };
  if (r.external?.existingSecret) return { lookup: true, inlinedPassword: true };
  return { lookup: false, inlinedPassword: Boolean(r.external?.password) };
}

/**
 * What a container sees: Kubernetes gives `env` precedence over `envFrom` (EnvFromSource: "Values
 * defined by an Env with a duplicate key will take precedence"), and expands `$(VAR)` only from
 * variables defined earlier in the list (a reference to a later or missing one stays literal).
 */
function effective(env: readonly Env[]): Map<string, string> {
  const seen = new Map<string, string>();
  for (const e of env) {
    const value = e.valueFrom ? `<secret ${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}>` : (e.value ?? '');
    seen.set(
      e.name,
      value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, v) => seen.get(v) ?? m),
    );
  }
  return seen;
}

describe.each(harborEnvs.map((e) => [e.name, e] as const))('Harbor in %s at runtime', (_, env) => {
  const release = harborOf(env)!;
  const values = release.values as Values;
  const settings = env.registry;

  test('the chart is never asked for a Redis password: no Helm lookup, nothing inlined in a ConfigMap', () => {
    expect(chartRedisCredentials(values)).toEqual({ lookup: false, inlinedPassword: false });
  });

  test('every program that opens a Redis connection gets the password from the Secret through its environment', () => {
    if (settings.redis.kind !== 'external' || settings.redis.passwordSecret === undefined) {
      expect(JSON.stringify(values)).not.toMatch(/REDIS_PASSWORD/);
      return;
    }
    const secret = `<secret ${settings.redis.passwordSecret}/REDIS_PASSWORD>`;
    const containers: Record<keyof typeof HARBOR_REDIS_URLS, Env[]> = {
      core: values.core.extraEnvVars,
      jobservice: values.jobservice.extraEnvVars,
      trivy: values.trivy.enabled ? values.trivy.extraEnvVars : undefined,
    } as never;
    for (const [component, urls] of Object.entries(HARBOR_REDIS_URLS)) {
      const env = containers[component as keyof typeof HARBOR_REDIS_URLS];
      if (env === undefined) continue;
      const seen = effective(env);
      for (const u of urls) expect(seen.get(u.env)).toBe(`redis://:${secret}@${settings.redis.address}/${u.db}${u.query}`);
    }
    expect(effective(values.registry.registry.extraEnvVars).get(REGISTRY_REDIS_PASSWORD_ENV)).toBe(secret);
  });

  test('the internal database never runs with the chart default password', () => {
    if (settings.database.kind !== 'internal') return;
    // templates/_helpers.tpl `harbor.database.rawPassword`: database.internal.password, default
    // `changeit`, feeds the database Secret (POSTGRES_PASSWORD, read at initdb) and core's
    // POSTGRESQL_PASSWORD. Our Secret overrides both through `env`.
    const secret = `<secret ${settings.database.passwordSecret}/password>`;
    expect(values.database.internal).not.toHaveProperty('password');
    expect(effective(values.database.internal.extraEnvVars).get('POSTGRES_PASSWORD')).toBe(secret);
    expect(effective(values.core.extraEnvVars).get('POSTGRESQL_PASSWORD')).toBe(secret);
  });

  test('the value rules Harbor imposes are recorded for pulumi up to check', () => {
    const internal = requiredSecrets(buildPlatform(env).app).find((s) => s.name === settings.internalSecret)!;
    // goharbor/harbor src/server/middleware/csrf/csrf.go: len(key) != 32 -> random key per pod.
    expect(internal.rules?.CSRF_KEY?.length).toBe(32);
    expect(internal.rules?.secret?.length).toBe(16);
  });
});
