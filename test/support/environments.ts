import { renderEnvironment, RenderedEnvironment } from '../../cli/render';
import { ENVIRONMENTS } from '../../stacks/environments';
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
