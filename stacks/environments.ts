import { ConfigError } from '../constructs/common/errors';
import { dev } from './dev';
import { preview } from './preview';
import { prod } from './prod';
import { staging } from './staging';
import { EnvironmentConfig } from './types';

/** Every environment synthesized into `manifests/`, in promotion order (previews last). */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [dev, staging, prod, preview];

/**
 * The name no environment may take (environment checks refuse it): tests and examples use it
 * for "an environment that does not exist", so adding any real environment keeps them true.
 */
export const UNKNOWN_ENVIRONMENT = 'unknown';

export function environmentNames(): string[] {
  return ENVIRONMENTS.map((e) => e.name);
}

/** The named environment, or a clear error listing the known ones. */
export function getEnvironment(name: string): EnvironmentConfig {
  const env = ENVIRONMENTS.find((e) => e.name === name);
  if (!env) {
    throw new ConfigError({
      component: 'stacks',
      path: 'environments',
      field: 'environment',
      value: name,
      expected: `must be one of ${environmentNames().join(', ')}`,
    });
  }
  return env;
}
