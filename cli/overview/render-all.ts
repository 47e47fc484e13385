import { ConfigError } from '../../constructs/common/errors';
import { ENVIRONMENTS, getEnvironment } from '../../stacks/environments';
import { progress } from '../progress';
import { checkUniqueNames, renderEnvironment, RenderedEnvironment } from '../../render';

/**
 * Renders the named environments (all when none are named), reporting progress when slow.
 * Returns the ConfigError message instead of throwing, for commands to print and exit 1.
 */
export function renderForCommand(names: readonly string[]): { rendered: RenderedEnvironment[] } | { error: string } {
  try {
    const envs = names.length ? names.map(getEnvironment) : ENVIRONMENTS;
    checkUniqueNames(envs);
    const p = progress(envs.length);
    return {
      rendered: envs.map((e) => {
        p.step(`rendering ${e.name}`);
        return renderEnvironment(e);
      }),
    };
  } catch (e) {
    if (e instanceof ConfigError) return { error: e.message };
    throw e;
  }
}
