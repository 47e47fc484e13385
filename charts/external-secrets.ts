import { Construct } from 'constructs';
import { Checks } from '../constructs/common/errors';
import { requiredSecrets, secretTypeOf } from '../constructs/common/secrets';
import { ExternalSecret, ExternalSecretProps, SECRET_STORE_KINDS } from '../constructs/external-secrets/external-secret';
import { KeelsonChart } from './keelson-chart';
import { SYNC_WAVES } from './sync-waves';
import { SecretStoreRef } from '../constructs/external-secrets/external-secret';

/**
 * Where the Secrets an environment's charts reference come from. Constructs only ever take
 * references; this decides who creates the Secrets behind them.
 */
export type SecretBackend =
  /** `pulumi up` creates each one from encrypted stack config (`keelson:secret.<secret>.<key>`); Argo CD does not. */
  | { readonly kind: 'pulumiConfig' }
  /** Someone else creates them (by hand, another tool); keelson only lists them. */
  | { readonly kind: 'outOfBand' }
  | {
      /**
       * The External Secrets Operator: every required Secret is rendered as an ExternalSecret in
       * its chart's namespace, so Argo CD and `pulumi up` alike deliver them from Git.
       */
      readonly kind: 'externalSecrets';
      readonly store: SecretStoreRef;
      /** Remote keys are `<keyPrefix>/<secret name>`, one property per Secret key (e.g. `keelson/prod`). */
      readonly keyPrefix: string;
      /**
       * Remote keys that depart from the convention, by Secret name (e.g. one pull secret shared
       * by several environments). @default {}
       */
      readonly remoteKeys?: Readonly<Record<string, string>>;
      /** How often the operator re-reads the store. @default '1h' */
      readonly refreshInterval?: ExternalSecretProps['refreshInterval'];
    };

export const SECRET_BACKEND_KINDS = ['pulumiConfig', 'outOfBand', 'externalSecrets'] as const;
type ExternalSecretsBackend = Extract<SecretBackend, { kind: 'externalSecrets' }>;

/** Path segments of a remote key: what every common store (Vault, AWS, GCP, Azure) accepts. */
const KEY_PREFIX = /^[a-z0-9]([-a-z0-9_]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9_]*[a-z0-9])?)*$/;

/** The remote key of one Secret: `<keyPrefix>/<secret name>` unless the environment maps it. */
export function remoteKeyOf(backend: ExternalSecretsBackend, secretName: string): string {
  return backend.remoteKeys?.[secretName] ?? `${backend.keyPrefix}/${secretName}`;
}

/** Checks the backend's own fields (the parts that need no chart). */
export function checkSecretBackend(checks: Checks, backend: SecretBackend): void {
  checks.that(SECRET_BACKEND_KINDS.includes(backend?.kind), 'secrets.kind', backend?.kind, `must be one of ${SECRET_BACKEND_KINDS.join(', ')}`);
  if (backend.kind !== 'externalSecrets') return;
  checks.that(
    SECRET_STORE_KINDS.includes(backend.store?.kind),
    'secrets.store.kind',
    backend.store?.kind,
    `must be one of ${SECRET_STORE_KINDS.join(', ')} (spec.secretStoreRef.kind of the ExternalSecret CRD)`,
  );
  checks.dnsSubdomain('secrets.store.name', backend.store.name);
  checks.that(
    typeof backend.keyPrefix === 'string' && KEY_PREFIX.test(backend.keyPrefix),
    'secrets.keyPrefix',
    backend.keyPrefix,
    "must be '/'-separated segments of lower-case letters, digits, '-' and '_' (e.g. 'keelson/prod'), with no leading or trailing '/'",
  );
  for (const [name, key] of Object.entries(backend.remoteKeys ?? {})) {
    checks.that(typeof key === 'string' && key.trim().length > 0 && key === key.trim(), `secrets.remoteKeys.${name}`, key, 'must name a remote secret');
  }
}

interface Mapped {
  readonly chart: string;
  readonly secret: string;
  readonly keys: readonly string[];
}

/**
 * Renders every Secret the charts require as an ExternalSecret in its chart (and namespace),
 * before the chart's workloads: a lower sync wave on the Argo CD path, and, for `pulumi up`, in
 * the plan's ExternalSecrets step. A remote key backs exactly one shape of Secret.
 */
export function addExternalSecrets(scope: Construct, charts: readonly KeelsonChart[], backend: ExternalSecretsBackend): void {
  const checks: Checks = new Checks(scope, 'external-secrets');
  const byRemoteKey = new Map<string, Mapped>();
  const required = new Set<string>();
  for (const chart of charts) {
    const secrets = requiredSecrets(chart);
    if (secrets.length === 0) continue;
    const group = new Construct(chart, 'external-secrets');
    for (const s of secrets) {
      required.add(s.name);
      const remoteKey = remoteKeyOf(backend, s.name);
      const mine: Mapped = { chart: chart.node.id, secret: s.name, keys: s.keys };
      const other = byRemoteKey.get(remoteKey);
      checks.that(
        other === undefined || other.keys.join(',') === s.keys.join(','),
        backend.remoteKeys?.[s.name] !== undefined ? `secrets.remoteKeys.${s.name}` : 'secrets.keyPrefix',
        remoteKey,
        `must map each remote key to one set of Secret keys, but Secret '${other?.secret}' (chart ${other?.chart}; keys ${other?.keys.join(', ')}) and Secret '${s.name}' (chart ${chart.node.id}; keys ${s.keys.join(', ')}) both map to it`,
      );
      byRemoteKey.set(remoteKey, other ?? mine);
      new ExternalSecret(group, s.name, {
        target: { name: s.name, type: secretTypeOf(s), keys: s.keys },
        store: backend.store,
        remoteKey,
        refreshInterval: backend.refreshInterval,
        syncWave: SYNC_WAVES.externalSecrets,
        instance: chart.node.id,
      });
    }
    // Argo CD orders by wave before kind: the chart's Namespace (SYNC_WAVES.namespaces, set by
    // KeelsonChart) comes before these ExternalSecrets.
  }
  for (const name of Object.keys(backend.remoteKeys ?? {}).sort()) {
    checks.that(
      required.has(name),
      `secrets.remoteKeys.${name}`,
      backend.remoteKeys![name],
      `must name a Secret the environment requires (${[...required].sort().join(', ')})`,
    );
  }
  checkEverySecretMapped(checks, charts);
}

/** The safety net: every Secret a chart requires has an ExternalSecret with that target in the chart. */
export function checkEverySecretMapped(checks: Checks, charts: readonly KeelsonChart[]): void {
  for (const chart of charts) {
    const rendered = new Set(
      chart.node
        .findAll()
        .filter((c): c is ExternalSecret => c instanceof ExternalSecret)
        .map((e) => e.secretName),
    );
    for (const s of requiredSecrets(chart)) {
      checks.that(
        rendered.has(s.name),
        `charts.${chart.node.id}.secrets`,
        s.name,
        `must each have an ExternalSecret in chart '${chart.node.id}' when the environment uses the External Secrets Operator (this one is the ${s.purpose})`,
      );
    }
  }
}
