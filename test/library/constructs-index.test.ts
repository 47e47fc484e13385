import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import * as entry from '../../constructs';

/**
 * `constructs/index.ts` (re-exported by the 'keelson' entry) is how library users reach the
 * building blocks: every construct class of every component folder is exported from it, and each
 * module is re-exported once (a second line is a drift waiting to diverge).
 */
const ROOT = path.join(__dirname, '..', '..', 'constructs');
const reexports = fs
  .readFileSync(path.join(ROOT, 'index.ts'), 'utf8')
  .split('\n')
  .map((l) => /^export \* from '(.+)';$/.exec(l)?.[1])
  .filter((m): m is string => m !== undefined);

const modules = fs
  .readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.generated.ts'))
  .sort();

test('each module is re-exported once', () => {
  expect(reexports.filter((m, i) => reexports.indexOf(m) !== i)).toEqual([]);
});

test('every construct class of every component folder is exported from the entry', () => {
  const missing: string[] = [];
  const folders = new Set<string>();
  for (const file of modules) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(ROOT, file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== 'function' || !(value.prototype instanceof Construct)) continue;
      folders.add(file.split(path.sep)[0]);
      if ((entry as Record<string, unknown>)[name] !== value) missing.push(`${file}: ${name}`);
    }
  }
  expect(missing).toEqual([]);
  // Component folders with constructs, argocd among them.
  expect([...folders].sort()).toEqual(
    expect.arrayContaining(['argocd', 'external-secrets', 'harbor', 'jenkins', 'kafka', 'logging', 'logstash', 'tracing', 'upstream']),
  );
});
