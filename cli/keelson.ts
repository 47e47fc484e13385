import { synth } from './synth';

const USAGE = `usage: keelson <command> [options]

commands:
  synth [--env NAME]... [--out DIR] [--check]
      Synthesize environments into DIR/<env>/ (default: all environments, DIR=manifests).
      --check compares with DIR instead of writing, and fails when they differ.
  help
      Show this text.`;

interface Parsed {
  readonly command: string;
  readonly envs: string[];
  readonly out?: string;
  readonly check: boolean;
}

function parse(argv: readonly string[]): Parsed {
  const [command = 'help', ...rest] = argv;
  const envs: string[] = [];
  let out: string | undefined;
  let check = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--env') envs.push(value());
    else if (a.startsWith('--env=')) envs.push(a.slice('--env='.length));
    else if (a === '--out') out = value();
    else if (a === '--check') check = true;
    else throw new UsageError(`unknown option ${a}`);
  }
  return { command, envs, out, check };
}

class UsageError extends Error {}

export function main(argv: readonly string[]): number {
  let args: Parsed;
  try {
    args = parse(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`keelson: ${e.message}\n\n${USAGE}`);
      return 64;
    }
    throw e;
  }
  switch (args.command) {
    case 'synth':
      return synth({ envs: args.envs, outDir: args.out, check: args.check, log: (l) => (l.startsWith('error') ? console.error(l) : console.log(l)) });
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`keelson: unknown command '${args.command}'\n\n${USAGE}`);
      return 64;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
