import * as fs from 'node:fs';
import { requiredSecrets } from '../constructs/common/secrets';
import { ENVIRONMENTS } from '../stacks/environments';
import { buildPlatform } from '../stacks/platform';

/** Rows of the README's Secret table: name -> keys. */
function documentedSecrets(): Map<string, string[]> {
  const readme = fs.readFileSync('README.md', 'utf8');
  const table = readme.slice(readme.indexOf('| Secret '), readme.indexOf('A test keeps this table'));
  const rows = table.split('\n').filter((l) => /^\| `/.test(l));
  return new Map(
    rows.map((r) => {
      const [name, keys] = r
        .split('|')
        .slice(1, 3)
        .map((c) => c.trim());
      return [name.replace(/`/g, ''), [...keys.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort()];
    }),
  );
}

test('the README lists exactly the Secrets and keys the environments reference', () => {
  const referenced = new Map<string, Set<string>>();
  for (const env of ENVIRONMENTS) {
    for (const s of requiredSecrets(buildPlatform(env).app)) {
      const keys = referenced.get(s.name) ?? new Set<string>();
      s.keys.forEach((k) => keys.add(k));
      referenced.set(s.name, keys);
    }
  }
  const expected = Object.fromEntries([...referenced].map(([n, k]) => [n, [...k].sort()]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  const documented = Object.fromEntries([...documentedSecrets()].sort(([a], [b]) => a.localeCompare(b)));
  expect(documented).toEqual(expected);
});
