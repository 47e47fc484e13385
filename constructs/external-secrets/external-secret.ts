import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { HELM_CHARTS } from '../common/helm-charts';
import { recommendedLabels } from '../common/labels';
import { SecretType } from '../common/secrets';
import { ARGOCD_SYNC_OPTIONS } from '../common/storage';
import { SYNC_WAVE_ANNOTATION } from '../argocd/application';

/** The External Secrets Operator API keelson renders (served by ESO 1.x and 2.x). */
export const EXTERNAL_SECRETS_API = 'external-secrets.io/v1';

/** Store kinds an ExternalSecret may reference (`spec.secretStoreRef.kind` in the ESO CRD). */
export const SECRET_STORE_KINDS = ['ClusterSecretStore', 'SecretStore'] as const;
export type SecretStoreKind = (typeof SECRET_STORE_KINDS)[number];

/** The store an ExternalSecret reads from. */
export interface SecretStoreRef {
  /** 'ClusterSecretStore' (cluster-wide) or 'SecretStore' (one per namespace, same name in each). */
  readonly kind: SecretStoreKind;
  /** Store name (DNS-1123 subdomain, as the CRD requires). */
  readonly name: string;
}

export interface ExternalSecretProps {
  /** The Secret the operator writes: exactly the one the workloads reference. */
  readonly target: { readonly name: string; readonly type: SecretType; readonly keys: readonly string[] };
  readonly store: SecretStoreRef;
  /** Remote secret holding every key of the target, one property per Secret key. */
  readonly remoteKey: string;
  /** How often the operator re-reads the remote secret. @default '1h' (the CRD's default) */
  readonly refreshInterval?: string;
  /** Argo CD sync wave: before the workloads reading the Secret. @default -1 */
  readonly syncWave?: number;
  /** `app.kubernetes.io/instance` of the object. @default the target name */
  readonly instance?: string;
}

const KEY_PATTERN = /^[-._a-zA-Z0-9]+$/;

/**
 * An `ExternalSecret` whose target is one Kubernetes Secret, with its type and keys; each key is
 * the property of the same name of one remote secret. The Secret is owned by the ExternalSecret
 * and kept when the remote secret disappears (a store outage must not delete credentials).
 */
export class ExternalSecret extends Construct {
  readonly secretName: string;

  constructor(scope: Construct, id: string, props: ExternalSecretProps) {
    super(scope, id);
    const refreshInterval = props.refreshInterval ?? '1h';
    const syncWave = props.syncWave ?? -1;
    const instance = props.instance ?? props.target?.name;

    const checks: Checks = new Checks(this, 'external-secret');
    checks.dnsSubdomain('target.name', props.target?.name);
    checks.nonEmpty('target.keys', props.target.keys);
    for (const k of props.target.keys) checks.that(KEY_PATTERN.test(k), 'target.keys', k, "must be Secret keys (letters, digits, '-', '_' and '.')");
    checks.that(SECRET_STORE_KINDS.includes(props.store?.kind), 'store.kind', props.store?.kind, `must be one of ${SECRET_STORE_KINDS.join(', ')}`);
    checks.dnsSubdomain('store.name', props.store.name);
    checks.that(typeof props.remoteKey === 'string' && props.remoteKey.length > 0, 'remoteKey', props.remoteKey, 'must name the remote secret');
    checks.that(/^\d+[smh]$/.test(refreshInterval), 'refreshInterval', refreshInterval, "must be a duration such as '1h', '15m' or '30s'");
    checks.integer('syncWave', syncWave, -100, 100);

    this.secretName = props.target.name;
    new ApiObject(this, 'Resource', {
      apiVersion: EXTERNAL_SECRETS_API,
      kind: 'ExternalSecret',
      metadata: {
        name: props.target.name,
        labels: recommendedLabels({ name: 'external-secret', instance, component: 'secret', version: HELM_CHARTS.externalSecrets.version }),
        annotations: {
          [SYNC_WAVE_ANNOTATION]: String(syncWave),
          // The CRD arrives with the operator, possibly in the same sync.
          [ARGOCD_SYNC_OPTIONS]: 'SkipDryRunOnMissingResource=true',
        },
      },
      spec: {
        refreshInterval,
        secretStoreRef: { kind: props.store.kind, name: props.store.name },
        target: {
          name: props.target.name,
          creationPolicy: 'Owner',
          deletionPolicy: 'Retain',
          // A template without data keeps the fetched keys and sets the type (ESO applyTemplate).
          template: { engineVersion: 'v2', type: props.target.type },
        },
        data: [...props.target.keys].sort().map((key) => ({ secretKey: key, remoteRef: { key: props.remoteKey, property: key } })),
      },
    });
  }
}
