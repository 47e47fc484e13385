import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The test files run in two jest suites (test/suites/), each loading its files into one module
 * registry, instead of one registry per file: cdk8s, the generated Kubernetes bindings, the
 * constructs and jest's own expect were loaded and compiled again for each of the hundred files,
 * which was half of the suite's CPU time. Two suites keep both cores of a CI machine busy.
 *
 * A file belongs to exactly one suite: `commands` takes the folders listed here (the CLI and its
 * commands, the e2e helpers, lint layering, the packaged library: most of them run programs),
 * `model` takes every other file (constructs, charts, environments, the render core, the Pulumi
 * program under mocks), so a new test file can never be left out. `npm run test:isolated` runs every file in its own registry, as plain jest does.
 */
export const TEST_ROOT = path.join(__dirname, '..');

export const COMMAND_FOLDERS = ['cli', 'e2e', 'layering', 'library'];

export type SuiteName = 'model' | 'commands';

/** The suite a test file (relative to test/, with forward slashes) belongs to. */
export function suiteOf(file: string): SuiteName {
  return COMMAND_FOLDERS.some((f) => file.startsWith(`${f}/`)) ? 'commands' : 'model';
}

/** Every test file under test/ but the suites themselves, relative to test/, sorted. */
export function testFiles(dir: string = TEST_ROOT): string[] {
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(d, e.name);
      if (e.isDirectory()) return full === path.join(TEST_ROOT, 'suites') ? [] : walk(full);
      return e.name.endsWith('.test.ts') ? [path.relative(dir, full).split(path.sep).join('/')] : [];
    });
  return walk(dir).sort();
}

/**
 * Registers the suite's test files, each inside a `describe` named by its path, so its hooks
 * stay scoped to its own tests and a failure names the file.
 */
export function runSuite(name: SuiteName): void {
  const files = testFiles().filter((f) => suiteOf(f) === name);
  if (files.length === 0) throw new Error(`test suite '${name}' found no test files under ${TEST_ROOT}`);
  for (const file of files) {
    describe(file, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(TEST_ROOT, file));
    });
  }
}
