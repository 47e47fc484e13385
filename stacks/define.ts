import { base } from './base';
import { DeepPartial, layer } from './merge';
import { EnvironmentConfig } from './types';

/** What an environment file may set: any part of the defaults, plus the parts that have none. */
export type EnvironmentOverrides = DeepPartial<Omit<EnvironmentConfig, 'name'>>;

/** An environment: the defaults of `base.ts` with this environment's overrides layered on top. */
export function defineEnvironment(name: string, overrides: EnvironmentOverrides): EnvironmentConfig {
  return { ...layer<Omit<EnvironmentConfig, 'name'>>({ ...base, namespacePrefix: name }, overrides), name };
}
