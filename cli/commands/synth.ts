import { flag, parseArgs, value, values } from '../args';
import { synth } from '../synth';
import { Command } from './command';

export const synthCommand: Command = {
  name: 'synth',
  summary: 'synthesize environments into manifests/ (or check them)',
  usage: `keelson synth [--env NAME]... [--out DIR] [--docs DIR] [--check]
  --env NAME   only this environment (repeatable; default: all)
  --out DIR    output root (default: manifests)
  --docs DIR   environment pages (topology and budget; default: docs/environments)
  --check      compare with DIR instead of writing; exit 1 when they differ`,
  run(argv) {
    const a = parseArgs(argv, ['env', 'out', 'docs'], ['check']);
    return synth({
      envs: values(a, 'env'),
      outDir: value(a, 'out'),
      docsDir: value(a, 'docs'),
      check: flag(a, 'check'),
      log: (l) => (l.startsWith('error') ? console.error(l) : console.log(l)),
    });
  },
};
