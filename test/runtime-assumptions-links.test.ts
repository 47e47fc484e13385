import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** docs/runtime-assumptions.md links every assumption to the test that checks it: the links must resolve. */
test('every file docs/runtime-assumptions.md links to exists', () => {
  const doc = 'docs/runtime-assumptions.md';
  const links = [...readFileSync(doc, 'utf8').matchAll(/\]\((\.\.\/[^)#]+)\)/g)].map((m) => m[1]);
  expect(links.length).toBeGreaterThan(0);
  expect(links.filter((l) => !existsSync(join(dirname(doc), l)))).toEqual([]);
});
