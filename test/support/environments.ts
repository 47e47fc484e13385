import * as fs from 'node:fs';
import { renderEnvironment, RenderedEnvironment } from '../../render';
import { environmentNames, ENVIRONMENTS, UNKNOWN_ENVIRONMENT } from '../../stacks/environments';
import { Obj } from './harness';
import { RENDER_CACHE_VARIABLE } from './render-cache';

let cached: RenderedEnvironment[] | undefined;

// JSON has no undefined: a marker keeps `{ namespace: undefined }` equal to what rendering returns.
const UNDEFINED = '\u0000undefined';

function revive(v: unknown): unknown {
  if (v === UNDEFINED) return undefined;
  if (Array.isArray(v)) return v.map(revive);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
  return v;
}

function load(file: string): RenderedEnvironment[] | undefined {
  try {
    const raw = revive(JSON.parse(fs.readFileSync(file, 'utf8'))) as (Omit<RenderedEnvironment, 'files'> & { files: [string, string][] })[];
    return raw.map((r) => ({ ...r, files: new Map(r.files) }));
  } catch {
    return undefined;
  }
}

function save(file: string, rendered: readonly RenderedEnvironment[]): void {
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(
    tmp,
    JSON.stringify(
      rendered.map((r) => ({ ...r, files: [...r.files] })),
      (_, v: unknown) => (v === undefined ? UNDEFINED : v),
    ),
  );
  fs.renameSync(tmp, file);
}

/**
 * All environments rendered once per `jest` run (rendering is pure, so sharing is safe): the
 * first test file renders them and leaves them in the run's cache file (test/support/render-cache.ts);
 * every other file reads its own copy back. Without the cache (a file run outside the suite's
 * config), each file renders them itself.
 */
export function renderedEnvironments(): RenderedEnvironment[] {
  if (cached) return cached;
  const file = process.env[RENDER_CACHE_VARIABLE];
  cached = file === undefined ? undefined : load(file);
  if (!cached) {
    cached = ENVIRONMENTS.map(renderEnvironment);
    if (file !== undefined) save(file, cached);
  }
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
