import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_FOLDERS, suiteOf, TEST_ROOT, testFiles } from './support/suites';

/** What jest would take for a test file by its default patterns, wherever it lies under test/. */
const looksLikeATest = (name: string) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(name);

describe('the test suites (test/support/suites.ts)', () => {
  test('load every test file under test/, and nothing named like a test escapes them', () => {
    const all = (d: string): string[] =>
      fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(d, e.name);
        if (e.isDirectory()) return full === path.join(TEST_ROOT, 'suites') ? [] : all(full);
        return looksLikeATest(e.name) ? [path.relative(TEST_ROOT, full).split(path.sep).join('/')] : [];
      });
    // A `.spec.ts` or `.test.js` file would pass `npm run test:file` and never run in `npm test`.
    expect(all(TEST_ROOT).sort()).toEqual(testFiles());
    expect(testFiles()).toContain('suites-partition.test.ts');
  });

  test('split the files between the two suites, each holding some', () => {
    const files = testFiles();
    const commands = files.filter((f) => suiteOf(f) === 'commands');
    const model = files.filter((f) => suiteOf(f) === 'model');
    expect(commands.length + model.length).toBe(files.length);
    expect(commands).toContain('cli/diff.test.ts');
    expect(model).toContain('stacks/pulumi/program.test.ts');
    for (const folder of COMMAND_FOLDERS) expect(fs.statSync(path.join(TEST_ROOT, folder)).isDirectory()).toBe(true);
  });

  test('each suite file runs its own suite', () => {
    for (const name of ['model', 'commands']) {
      expect(fs.readFileSync(path.join(TEST_ROOT, 'suites', `${name}.test.ts`), 'utf8')).toContain(`runSuite('${name}');`);
    }
    expect(fs.readdirSync(path.join(TEST_ROOT, 'suites')).sort()).toEqual(['commands.test.ts', 'model.test.ts']);
  });
});
