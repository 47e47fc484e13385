import * as fs from 'node:fs';
import * as path from 'node:path';
import { RenderedObjects } from '../render';

/** What the writer reads of an environment: its name and files. */
export type EnvironmentFiles = Pick<RenderedObjects, 'env' | 'files'>;

/** Every file under `dir`, as paths relative to `root`, sorted. */
export function listFiles(root: string, dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(root, rel));
    else out.push(rel.split(path.sep).join('/'));
  }
  return out.sort();
}

export interface Drift {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
}

/** How the files on disk differ from what the code renders (for the given environments). */
export function compareWithDisk(root: string, rendered: readonly EnvironmentFiles[]): Drift {
  const drift: Drift = { added: [], changed: [], removed: [] };
  for (const r of rendered) {
    const onDisk = new Set(listFiles(root, r.env));
    for (const [file, content] of r.files) {
      if (!onDisk.has(file)) drift.added.push(file);
      else if (fs.readFileSync(path.join(root, file), 'utf8') !== content) drift.changed.push(file);
      onDisk.delete(file);
    }
    drift.removed.push(...onDisk);
  }
  for (const list of [drift.added, drift.changed, drift.removed]) list.sort();
  return drift;
}

export function hasDrift(d: Drift): boolean {
  return d.added.length + d.changed.length + d.removed.length > 0;
}

/** Whether `root/<env>/` exists and holds exactly the environment's rendered files, byte for byte. */
function unchangedOnDisk(root: string, r: EnvironmentFiles): boolean {
  return fs.existsSync(path.join(root, r.env)) && !hasDrift(compareWithDisk(root, [r]));
}

/**
 * Replaces each environment's folder under `root` with the rendered files. Everything is first
 * written to a staging folder beside the target; each environment folder is then swapped in by
 * a rename, so a reader never sees a half-written environment. A folder that already holds
 * exactly the rendered files is left alone: reading it back costs far less than writing it
 * again and deleting the old copy (most of a re-synthesis that changed nothing).
 */
export function writeEnvironments(root: string, rendered: readonly EnvironmentFiles[]): void {
  // Callers refuse repeated names with a ConfigError first; a repeat here would fail half-way through the swaps.
  const names = rendered.map((r) => r.env);
  if (new Set(names).size !== names.length) throw new Error(`writeEnvironments: environment names must be unique; got ${names.join(', ')}`);
  fs.mkdirSync(root, { recursive: true });
  const changed = rendered.filter((r) => !unchangedOnDisk(root, r));
  if (changed.length === 0) return;
  const staging = fs.mkdtempSync(path.join(root, '.keelson-tmp-'));
  try {
    const made = new Set<string>();
    for (const r of changed) {
      for (const [file, content] of r.files) {
        const target = path.join(staging, 'new', file);
        const dir = path.dirname(target);
        if (!made.has(dir)) {
          fs.mkdirSync(dir, { recursive: true });
          made.add(dir);
        }
        fs.writeFileSync(target, content);
      }
    }
    swapIn(root, staging, changed);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Moves each environment's folder from `<staging>/new/<env>` into `root`, the previous one to
 * `<staging>/old/<env>`; a failure puts every environment already swapped back (all or nothing).
 */
export function swapIn(root: string, staging: string, changed: readonly Pick<EnvironmentFiles, 'env'>[]): void {
  fs.mkdirSync(path.join(staging, 'old'));
  const swapped: { live: string; old?: string }[] = [];
  try {
    for (const r of changed) {
      const live = path.join(root, r.env);
      const fresh = path.join(staging, 'new', r.env);
      const old = path.join(staging, 'old', r.env);
      if (!fs.existsSync(fresh)) fs.mkdirSync(fresh, { recursive: true });
      const had = fs.existsSync(live);
      if (had) fs.renameSync(live, old);
      swapped.push({ live, old: had ? old : undefined });
      fs.renameSync(fresh, live);
    }
  } catch (e) {
    for (const s of swapped.reverse()) {
      fs.rmSync(s.live, { recursive: true, force: true });
      if (s.old) fs.renameSync(s.old, s.live);
    }
    throw e;
  }
}
