import { getEnvironment } from '../../stacks/environments';
import { buildPlatform } from '../../stacks/platform';
import { EnvironmentConfig } from '../../stacks/types';
import { namespacedEnvironments } from '../support/environments';

// Argo CD applies a lower wave first, whatever the kind: a chart's Namespace must sit below the
// ExternalSecrets (-1) that live in it. The wave is the same with every secret backend, so the
// objects `pulumi up` deploys with Secrets from stack config equal the committed manifests of an
// environment that uses the External Secrets Operator (the e2e compares them on a live cluster).
const namespaces = (env: EnvironmentConfig) =>
  buildPlatform(env)
    .charts.flatMap((c) => c.toJson())
    .filter((o) => o.kind === 'Namespace')
    .map((o) => [o.metadata.name, (o.metadata.annotations as Record<string, string> | undefined)?.['argocd.argoproj.io/sync-wave']]);

test.each(namespacedEnvironments())('%s: every chart Namespace syncs first in its chart, whatever the secret backend', (name) => {
  const env = getEnvironment(name);
  const asConfigured = namespaces(env);
  expect(asConfigured.length).toBeGreaterThan(0);
  expect(asConfigured.every(([, wave]) => wave === '-2')).toBe(true);
  expect(namespaces({ ...env, secrets: { kind: 'pulumiConfig' } })).toEqual(asConfigured);
});
