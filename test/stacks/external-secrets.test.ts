/**
 * Secrets on the GitOps path: in every environment whose backend is the External Secrets
 * Operator, each Secret the charts require (the list `requiredSecrets` derives from the tree,
 * the same one the Pulumi program and the README table use) is an ExternalSecret with exactly
 * that Secret as its target, ordered before the workloads that read it.
 */
import * as fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { remoteKeyOf } from '../../charts/external-secrets';
import { validateCustomResource } from '../../cli/validation/crd-schema';
import { requiredSecrets, secretTypeOf } from '../../constructs/common/secrets';
import { ENVIRONMENTS, getEnvironment } from '../../stacks/environments';
import { buildPlatform } from '../../stacks/platform';
import { PREVIEW_NAMESPACE_SELECTOR } from '../../stacks/secret-stores';
import { EnvironmentConfig } from '../../stacks/types';
import { namespacedEnvironments, objectsOf, renderedEnvironments } from '../support/environments';
import { Obj } from '../support/harness';

const WAVE = 'argocd.argoproj.io/sync-wave';
const waveOf = (o: Obj) => Number(o.metadata.annotations?.[WAVE] ?? 0);
const onOperator = ENVIRONMENTS.filter((e) => e.secrets.kind === 'externalSecrets');

describe.each(onOperator.map((e) => [e.name, e] as const))('%s takes its Secrets from the External Secrets Operator', (name, env: EnvironmentConfig) => {
  const backend = env.secrets as Extract<EnvironmentConfig['secrets'], { kind: 'externalSecrets' }>;
  const platform = buildPlatform(env);

  test('every required Secret has one ExternalSecret in its chart, targeting exactly that Secret (name, keys, type)', () => {
    let count = 0;
    for (const chart of platform.charts) {
      const required = requiredSecrets(chart);
      const rendered = objectsOf(name, chart.node.id).filter((o) => o.kind === 'ExternalSecret');
      expect(rendered.map((o) => o.spec.target.name).sort()).toEqual(required.map((r) => r.name));
      for (const r of required) {
        const es = rendered.find((o) => o.spec.target.name === r.name)!;
        count++;
        expect(es.metadata.name).toBe(r.name);
        expect(es.metadata.namespace).toBe(chart.targetNamespace);
        expect(es.spec.secretStoreRef).toEqual(backend.store);
        expect(es.spec.target.template.type).toBe(secretTypeOf(r));
        // The convention: remote key `<keyPrefix>/<secret>`, one property per Secret key.
        expect(es.spec.data).toEqual(r.keys.map((k) => ({ secretKey: k, remoteRef: { key: `${backend.keyPrefix}/${r.name}`, property: k } })));
        expect(remoteKeyOf(backend, r.name)).toBe(`${backend.keyPrefix}/${r.name}`);
      }
    }
    expect(count).toBe(requiredSecrets(platform.app).length);
  });

  test('ordering: Namespace, then the ExternalSecrets, then everything else in the chart', () => {
    for (const chart of platform.charts) {
      const objects = objectsOf(name, chart.node.id);
      const es = objects.filter((o) => o.kind === 'ExternalSecret');
      if (!es.length) continue;
      const ns = objects.filter((o) => o.kind === 'Namespace');
      const rest = objects.filter((o) => o.kind !== 'ExternalSecret' && o.kind !== 'Namespace');
      // Argo CD applies a sync wave only once every resource of the previous waves is healthy;
      // its built-in health check for ExternalSecret (argo-cd resource_customizations/
      // external-secrets.io/ExternalSecret/health.lua) is Healthy only when the Ready condition
      // is True, i.e. the Secret was written. Waves order before kinds, so the Namespace needs its own.
      for (const e of es) {
        for (const n of ns) expect(waveOf(n)).toBeLessThan(waveOf(e));
        for (const o of rest) expect(waveOf(e)).toBeLessThan(waveOf(o));
        // The CRD may still be on its way with the operator's release.
        expect(e.metadata.annotations['argocd.argoproj.io/sync-options']).toContain('SkipDryRunOnMissingResource=true');
      }
    }
  });

  if (env.scope === 'namespaced') {
    test("each chart with ExternalSecrets syncs after the operators chart that installs ESO's CRDs", () => {
      const apps = objectsOf(name, 'argocd').filter((o) => o.kind === 'Application');
      const wave = (chart: string) => waveOf(apps.find((a) => a.metadata.name === `keelson-${name}-${chart}`)!);
      for (const chart of platform.charts.filter((c) => requiredSecrets(c).length)) expect(wave(chart.node.id)).toBeGreaterThan(wave('operators'));
    });
  }
});

describe('the environments', () => {
  test('dev keeps Secrets from stack config (no ExternalSecret); staging, prod and previews use the operator', () => {
    expect(Object.fromEntries(ENVIRONMENTS.map((e) => [e.name, e.secrets.kind]))).toMatchObject({
      dev: 'pulumiConfig',
      staging: 'externalSecrets',
      prod: 'externalSecrets',
      preview: 'externalSecrets',
    });
    expect(objectsOf('dev').filter((o) => o.kind === 'ExternalSecret')).toEqual([]);
  });

  test("the README's backend table says what each environment it lists uses", () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('| environment | backend'), readme.indexOf('- `pulumiConfig`:'));
    const rows = table.split('\n').filter((l) => /^\| `/.test(l));
    const documented = rows.map((r) =>
      r
        .split('|')
        .slice(1, 5)
        .map((c) => c.trim().replace(/`/g, '')),
    );
    expect(documented.length).toBeGreaterThanOrEqual(4);
    expect(documented).toEqual(
      ENVIRONMENTS.filter((e) => documented.some(([name]) => name === e.name)).map((e) =>
        e.secrets.kind === 'externalSecrets'
          ? [e.name, e.secrets.kind, `${e.secrets.store.kind} ${e.secrets.store.name}`, e.secrets.keyPrefix]
          : [e.name, e.secrets.kind, '', ''],
      ),
    );
  });

  test('every cluster-level environment installs ESO 2.9.0 (its CRDs are the ones vendored for the schema checks)', () => {
    for (const env of namespacedEnvironments()) {
      const app = objectsOf(env, 'operators').find((o) => o.spec.source.chart === 'external-secrets')!;
      expect(app.spec.source).toMatchObject({ repoURL: 'https://charts.external-secrets.io', targetRevision: '2.9.0' });
      expect(app.spec.source.helm.valuesObject.installCRDs).toBe(true);
      // Chart 2.9.0 values: controller, webhook and cert-controller run non-root, drop ALL
      // capabilities, RuntimeDefault seccomp, no host network: the restricted level admits them.
      expect(app.spec.syncPolicy.managedNamespaceMetadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    }
    // prod runs two controllers: leader election keeps one reconciler.
    const prod = objectsOf('prod', 'operators').find((o) => o.spec.source.chart === 'external-secrets')!;
    expect(prod.spec.source.helm.valuesObject).toMatchObject({ replicaCount: 2, leaderElect: true });
  });
});

describe('previews', () => {
  const preview = getEnvironment('preview');
  const backend = preview.secrets as Extract<EnvironmentConfig['secrets'], { kind: 'externalSecrets' }>;

  test('read a store and key prefix no long-lived environment uses', () => {
    for (const e of ENVIRONMENTS.filter((x) => x.name !== 'preview' && x.secrets.kind === 'externalSecrets')) {
      const theirs = e.secrets as typeof backend;
      expect(theirs.store.name).not.toBe(backend.store.name);
      expect(theirs.keyPrefix.startsWith(backend.keyPrefix) || backend.keyPrefix.startsWith(theirs.keyPrefix)).toBe(false);
    }
    const es = objectsOf('preview').filter((o) => o.kind === 'ExternalSecret');
    expect(es.map((o) => o.metadata.name).sort()).toEqual(requiredSecrets(buildPlatform(preview).app).map((r) => r.name));
    // Namespace-agnostic like the rest of the slice: the ApplicationSet picks keelson-pr-<n>.
    expect(es.every((o) => o.metadata.namespace === undefined && o.spec.secretStoreRef.name === 'keelson-previews')).toBe(true);
  });

  test("the README's preview ClusterSecretStore is valid for ESO 2.9.0 and admits exactly the namespaces previews get", () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const block = /```yaml\n(# preview store[\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const [store] = parseAllDocuments(block!).map((d) => d.toJS());
    expect(store).toMatchObject({ kind: 'ClusterSecretStore', metadata: { name: backend.store.name } });
    expect(validateCustomResource(store)).toEqual([]);
    // ClusterSecretStore spec.conditions: only namespaces matching a condition may reference the store.
    expect(store.spec.conditions).toEqual([{ namespaceSelector: { matchLabels: { ...PREVIEW_NAMESPACE_SELECTOR } } }]);
    const appSet = objectsOf('dev', 'argocd').find((o) => o.kind === 'ApplicationSet')!;
    expect(appSet.spec.template.spec.syncPolicy.managedNamespaceMetadata.labels).toMatchObject(PREVIEW_NAMESPACE_SELECTOR);
  });

  test('the vendored schema rejects what ESO would (a store kind outside the CRD enum)', () => {
    const [es] = renderedEnvironments()
      .flatMap((r) => r.charts.flatMap((c) => c.objects))
      .filter((o) => o.kind === 'ExternalSecret');
    const bad = { ...es, spec: { ...(es as Obj).spec, secretStoreRef: { kind: 'VaultStore', name: 'x' } } };
    expect(validateCustomResource(bad as never)).toEqual([
      { path: 'spec.secretStoreRef.kind', message: 'must be one of "SecretStore", "ClusterSecretStore", got "VaultStore"' },
    ]);
  });
});

describe('secret types', () => {
  test.each([
    // kubelet: pull credentials only from kubernetes.io/dockerconfigjson Secrets (key .dockerconfigjson).
    [['.dockerconfigjson'], 'kubernetes.io/dockerconfigjson'],
    // API server (pkg/apis/core/validation ValidateSecret): kubernetes.io/tls needs tls.crt and tls.key.
    [['tls.crt', 'tls.key'], 'kubernetes.io/tls'],
    [['ca.crt', 'tls.crt', 'tls.key'], 'kubernetes.io/tls'],
    [['tls.crt'], 'Opaque'],
    [['password', 'username'], 'Opaque'],
  ])('%j -> %s', (keys, type) => {
    expect(secretTypeOf({ keys })).toBe(type);
  });

  test('the pull secret and the certificates of prod are rendered with their types', () => {
    const type = (chart: string, n: string) =>
      objectsOf('prod', chart).find((o) => o.kind === 'ExternalSecret' && o.metadata.name === n)!.spec.target.template.type;
    expect(type('ci', 'harbor-pull')).toBe('kubernetes.io/dockerconfigjson');
    expect(type('registry', 'harbor-tls')).toBe('kubernetes.io/tls');
    expect(type('ci', 'jenkins-admin')).toBe('Opaque');
  });
});
