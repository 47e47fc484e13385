import { ConfigError } from '../constructs/common/errors';
import { UsageError } from './args';
import { COMMANDS } from './commands';
import { Runtime } from './commands/command';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: keelson <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  show this text, or a command's options: keelson help <command>`,
  ].join('\n');
}

/** Runs one command; bin/keelson.js passes the `runtime` of the bundle it loaded. */
export async function main(argv: readonly string[], runtime: Runtime = {}): Promise<number> {
  const [name = 'help', ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    if (rest[0] === undefined) {
      console.log(overview());
      return 0;
    }
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    if (!topic) {
      console.error(`keelson help: unknown command '${rest[0]}'\n\n${overview()}`);
      return 64;
    }
    console.log(topic.usage);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`keelson: unknown command '${name}'\n\n${overview()}`);
    return 64;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, runtime);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`keelson ${name}: ${e.message}\n\n${command.usage}`);
      return 64;
    }
    // A configuration mistake is the user's to fix: the message, no stack trace.
    if (e instanceof ConfigError) {
      console.error(`error: ${e.message}`);
      console.error('nothing was written');
      return 1;
    }
    throw e;
  }
}
