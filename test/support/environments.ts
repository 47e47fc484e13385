import { renderEnvironment, RenderedEnvironment } from '../../cli/render';
import { environmentNames, ENVIRONMENTS, UNKNOWN_ENVIRONMENT } from '../../stacks/environments';
import { Obj } from './harness';

let cached: RenderedEnvironment[] | undefined;

/** All environments rendered once per test file (rendering is pure, so sharing is safe). */
export function renderedEnvironments(): RenderedEnvironment[] {
  cached ??= ENVIRONMENTS.map(renderEnvironment);
  return cached;
}

export function objectsOf(env: string, chart?: string): Obj[] {
  const r = renderedEnvironments().find((e) => e.env === env);
  if (!r) throw new Error(`no environment ${env}`);
  return r.charts.filter((c) => chart === undefined || c.name === chart).flatMap((c) => [...c.objects] as Obj[]);
}

/** The error for an environment name the registry does not know (by default the reserved one). */
export function unknownEnvironmentError(name: string = UNKNOWN_ENVIRONMENT): string {
  return `stacks 'environments': environment must be one of ${environmentNames().join(', ')}; got "${name}"`;
}

/** The registered environments with their own namespaces (every one but the namespace-agnostic previews). */
export function namespacedEnvironments(): string[] {
  return ENVIRONMENTS.filter((e) => e.scope === 'namespaced').map((e) => e.name);
}
