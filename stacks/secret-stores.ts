import { Construct } from 'constructs';
import { PREVIEW_NAMESPACE_SELECTOR } from '../constructs/argocd/pull-request-previews';
import { Checks } from '../constructs/common/errors';
import { isPreview } from './facts';
import { EnvironmentConfig } from './types';

/** Label on every preview namespace (ApplicationSet and `pulumi up -s pr-<n>` alike); the preview store selects on it. */
export { PREVIEW_NAMESPACE_SELECTOR };

/**
 * PR previews run code nobody has reviewed yet: they must read a store, and remote keys, that no
 * long-lived environment uses, so a preview can never be pointed at staging or production
 * credentials. (The store itself admits only preview namespaces: see the README.)
 */
export function checkPreviewSecretStore(scope: Construct, env: EnvironmentConfig, others: readonly EnvironmentConfig[]): void {
  const mine = env.secrets;
  if (!isPreview(env) || mine?.kind !== 'externalSecrets') return;
  const checks: Checks = new Checks(scope, 'external-secrets');
  for (const other of others) {
    const theirs = other.secrets;
    if (other.name === env.name || isPreview(other) || theirs?.kind !== 'externalSecrets') continue;
    checks.that(
      !(theirs.store.kind === mine.store.kind && theirs.store.name === mine.store.name),
      'secrets.store.name',
      mine.store.name,
      `must be a store only previews read, not the ${theirs.store.kind} of environment '${other.name}'`,
    );
    const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
    checks.that(
      !overlaps(mine.keyPrefix, theirs.keyPrefix),
      'secrets.keyPrefix',
      mine.keyPrefix,
      `must not overlap the key prefix of environment '${other.name}' ('${theirs.keyPrefix}')`,
    );
  }
}
