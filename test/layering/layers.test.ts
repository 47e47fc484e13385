import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * Layers point one way (constructs <- charts <- stacks <- render <- outputs): eslint.config.mjs refuses an
 * import that climbs into a higher layer, and `npm run lint` runs in CI. These cases show the rule
 * fires where it must and stays quiet where imports are allowed.
 */
const ROOT = path.join(__dirname, '..', '..');

/** The imports of `from` that ESLint refuses in a file at `file` (one ESLint run per file). */
function restricted(file: string, from: readonly string[]): string[] {
  const code = from.map((f, i) => `import type { X${i} } from '${f}';\nexport type Y${i} = X${i};\n`).join('');
  let out: string;
  try {
    out = execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'],
      {
        cwd: ROOT,
        input: code,
        encoding: 'utf8',
      },
    );
  } catch (e) {
    out = (e as { stdout: string }).stdout; // exit 1: problems found
  }
  const [result] = JSON.parse(out) as { messages: { ruleId: string | null; line: number }[] }[];
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => from[(m.line - 1) / 2]);
}

describe('layering lint rule', () => {
  test.each([
    ['constructs/jenkins/probe.ts', ['../../charts/ci', '../../stacks/types', '../../render'], ['../common/labels', './controller']],
    ['constructs/probe.ts', ['../charts', '../stacks/environments'], ['./common/labels']],
    ['charts/probe.ts', ['../stacks/types', '../cli/validate'], ['../constructs/common/labels', './keelson-chart']],
    ['charts/probe2.ts', ['../render'], []],
    ['stacks/probe.ts', ['../render', '../cli/synth'], ['../charts/ci', '../constructs/common/labels']],
    // The render core sits between environments and outputs: it reads stacks, never an output.
    ['render/probe.ts', ['../cli/output', '../stacks/pulumi/program', '@pulumi/pulumi', '@pulumi/kubernetes'], ['../stacks/platform', '../charts/ci', 'yaml']],
    ['stacks/pulumi/probe.ts', [], ['../../render', '../platform']],
    ['cli/probe.ts', [], ['../stacks/types', '../charts/ci', '../render']],
  ])(
    '%s: refuses %j, allows %j',
    (file, refused, allowed) => {
      expect(restricted(file, [...refused, ...allowed])).toEqual(refused);
    },
    60_000,
  );
});
