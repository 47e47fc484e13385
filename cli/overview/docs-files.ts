import * as fs from 'node:fs';
import * as path from 'node:path';
import { Drift } from '../output';

/** Where `keelson synth` and `keelson graph` write the environment pages. */
export const DOCS_DIR = 'docs/environments';

function pagesOnDisk(dir: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.md'))
        .sort()
    : [];
}

/**
 * How `dir` differs from the pages. `complete` means the pages cover every environment, so a
 * page on disk without one is stale.
 */
export function compareDocs(dir: string, pages: ReadonlyMap<string, string>, complete: boolean): Drift {
  const drift: Drift = { added: [], changed: [], removed: [] };
  for (const [file, content] of pages) {
    const target = path.join(dir, file);
    if (!fs.existsSync(target)) drift.added.push(`${dir}/${file}`);
    else if (fs.readFileSync(target, 'utf8') !== content) drift.changed.push(`${dir}/${file}`);
  }
  if (complete)
    drift.removed.push(
      ...pagesOnDisk(dir)
        .filter((f) => !pages.has(f))
        .map((f) => `${dir}/${f}`),
    );
  for (const list of [drift.added, drift.changed, drift.removed]) list.sort();
  return drift;
}

/**
 * Writes the pages: each is written beside its target and renamed over it (a reader never sees
 * half a page); with `complete`, pages of environments that no longer exist are removed.
 */
export function writeDocs(dir: string, pages: ReadonlyMap<string, string>, complete: boolean): void {
  fs.mkdirSync(dir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(dir, '.keelson-tmp-'));
  try {
    for (const [file, content] of pages) fs.writeFileSync(path.join(staging, file), content);
    for (const file of pages.keys()) fs.renameSync(path.join(staging, file), path.join(dir, file));
    if (complete) for (const f of pagesOnDisk(dir).filter((f) => !pages.has(f))) fs.rmSync(path.join(dir, f));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
