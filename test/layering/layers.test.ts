import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * Layers point one way (constructs <- charts <- stacks <- render <- outputs): eslint.config.mjs refuses an
 * import that climbs into a higher layer, and `npm run lint` runs in CI. These cases show the rule
 * fires where it must and stays quiet where imports are allowed.
 */
const ROOT = path.join(__dirname, '..', '..');

const CASES: [file: string, refused: string[], allowed: string[]][] = [
  ['constructs/jenkins/probe.ts', ['../../charts/ci', '../../stacks/types', '../../render'], ['../common/labels', './controller']],
  ['constructs/probe.ts', ['../charts', '../stacks/environments'], ['./common/labels']],
  ['charts/probe.ts', ['../stacks/types', '../cli/validate'], ['../constructs/common/labels', './keelson-chart']],
  ['charts/probe2.ts', ['../render'], []],
  ['stacks/probe.ts', ['../render', '../cli/synth'], ['../charts/ci', '../constructs/common/labels']],
  // The render core sits between environments and outputs: it reads stacks, never an output.
  ['render/probe.ts', ['../cli/output', '../stacks/pulumi/program', '@pulumi/pulumi', '@pulumi/kubernetes'], ['../stacks/platform', '../charts/ci', 'yaml']],
  ['stacks/pulumi/probe.ts', [], ['../../render', '../platform']],
  ['cli/probe.ts', [], ['../stacks/types', '../charts/ci', '../render']],
];

/** A probe file importing each of `from` (one import and one use per two lines). */
const probe = (from: readonly string[]): string => from.map((f, i) => `import type { X${i} } from '${f}';\nexport type Y${i} = X${i};\n`).join('');

/**
 * The `no-restricted-imports` messages for every case, from the project's real ESLint and
 * eslint.config.mjs, run once in a child process (one ESLint start-up for all the probes instead
 * of one `eslint --stdin` process per file: the start-up is most of the cost).
 */
function lintProbes(): { line: number }[][] {
  const script = `
    const { ESLint } = require('eslint');
    const probes = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const [file, code] of probes) {
        const [result] = await eslint.lintText(code, { filePath: file });
        out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => ({ line: m.line })));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(2); });`;
  const input = JSON.stringify(CASES.map(([file, refused, allowed]) => [path.join(ROOT, file), probe([...refused, ...allowed])]));
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, input, encoding: 'utf8' })) as { line: number }[][];
}

let linted: { line: number }[][];
beforeAll(() => {
  linted = lintProbes();
}, 60_000);

describe('layering lint rule', () => {
  test.each(CASES.map(([file, refused, allowed], i) => [file, refused, allowed, i] as const))('%s: refuses %j, allows %j', (_file, refused, allowed, i) => {
    const from = [...refused, ...allowed];
    expect(linted[i].map((m) => from[(m.line - 1) / 2])).toEqual(refused);
  });
});
