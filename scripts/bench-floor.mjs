// The I/O floor of `keelson synth`: a bare Node process that writes the same bytes into the same
// layout (one file per object under <env>/<chart>/, the environment pages under docs/), with no
// rendering at all. SNAPSHOT is a JSON array of [relative path, content] taken from a keelson run.
// usage: node scripts/bench-floor.mjs SNAPSHOT OUT
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [snapshot, out] = process.argv.slice(2);
const made = new Set();
for (const [file, content] of JSON.parse(readFileSync(snapshot, 'utf8'))) {
  const target = join(out, file);
  const dir = dirname(target);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  writeFileSync(target, content);
}
