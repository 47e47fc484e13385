import { base } from './base';
import { DeepPartial, layer } from './merge';
import { EnvironmentConfig, EnvironmentTier } from './types';

/** What an environment file may set: any part of the defaults, plus the parts that have none. */
export type EnvironmentOverrides = DeepPartial<Omit<EnvironmentConfig, 'name' | 'tier'>> & { readonly tier: EnvironmentTier };

/**
 * An environment: the defaults of `base.ts` with this environment's overrides layered on top. A
 * namespaced environment's charts deploy into `<name>-<chart>` unless `namespacePrefix` says otherwise.
 */
export function defineEnvironment(name: string, overrides: EnvironmentOverrides): EnvironmentConfig {
  const { tier, ...rest } = overrides;
  const defaults = rest.scope === 'namespace-agnostic' ? base : { ...base, namespacePrefix: name };
  return { ...layer<Omit<EnvironmentConfig, 'name' | 'tier'>>(defaults, rest), name, tier };
}
