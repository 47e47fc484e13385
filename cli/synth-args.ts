import { flag, parseArgs, value, values } from './args';

/** `keelson synth`'s options, parsed the same by the command and by the cache-hit path (cli/synth-hit.ts). */
export interface SynthArgs {
  readonly envs: string[];
  readonly outDir?: string;
  readonly docsDir?: string;
  readonly check: boolean;
  readonly noCache: boolean;
}

/** Throws a UsageError on an unknown option or a missing value. */
export function parseSynthArgs(argv: readonly string[]): SynthArgs {
  const a = parseArgs(argv, ['env', 'out', 'docs'], ['check', 'no-cache']);
  return { envs: values(a, 'env'), outDir: value(a, 'out'), docsDir: value(a, 'docs'), check: flag(a, 'check'), noCache: flag(a, 'no-cache') };
}

/** How `keelson synth` logs: errors to stderr, the rest to stdout. */
export const synthLog = (l: string): void => (l.startsWith('error') ? console.error(l) : console.log(l));
