import { EnvironmentConfig, EnvironmentTier } from './types';

/** Every tier, for validation and error messages. */
export const ENVIRONMENT_TIERS: readonly EnvironmentTier[] = ['production', 'staging', 'development', 'preview'];

/** Production keeps its data and must be highly available. */
export const isProduction = (env: EnvironmentConfig): boolean => env.tier === 'production';

/** A PR preview: runs code nobody has reviewed yet. */
export const isPreview = (env: EnvironmentConfig): boolean => env.tier === 'preview';

/** The output names no namespace and holds no cluster-scoped object (no address pool, no add-ons). */
export const isNamespaceAgnostic = (env: EnvironmentConfig): boolean => env.scope === 'namespace-agnostic';

/**
 * The environment whose namespace-agnostic manifests PR previews deploy (`manifests/<name>`):
 * the registry's first preview-tier, namespace-agnostic environment, if it has one.
 */
export const previewEnvironmentOf = (envs: readonly EnvironmentConfig[]): EnvironmentConfig | undefined =>
  envs.find((e) => isPreview(e) && isNamespaceAgnostic(e));
