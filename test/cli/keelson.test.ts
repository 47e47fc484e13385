import { captureConsole } from '../support/console';
import { parseArgs, UsageError } from '../../cli/args';
import { main } from '../../cli/keelson';
import { ENVIRONMENTS } from '../../stacks/environments';

describe('keelson CLI', () => {
  const { out, err } = captureConsole();

  test('help lists the commands', async () => {
    expect(await main(['--help'])).toBe(0);
    expect(out.join('\n')).toMatch(/^ {2}synth +synthesize environments/m);
  });

  test('help for a command prints its usage; help for an unknown one is a usage error (64), like the command itself', async () => {
    expect(await main(['help', 'synth'])).toBe(0);
    expect(out.join('\n')).toContain('keelson synth [--env NAME]');
    expect(await main(['help', 'nope'])).toBe(64);
    expect(err.join('\n')).toContain("keelson help: unknown command 'nope'");
  });

  test('an unknown command is a usage error (64)', async () => {
    expect(await main(['deploy'])).toBe(64);
    expect(err.join('\n')).toContain("keelson: unknown command 'deploy'");
  });

  test('an unknown option is a usage error naming it', async () => {
    expect(await main(['synth', '--environment', 'dev'])).toBe(64);
    expect(err.join('\n')).toContain('keelson synth: unknown option --environment');
  });

  test('synth --check passes on the committed manifests', async () => {
    expect(await main(['synth', '--check'])).toBe(0);
    expect(out.join('\n')).toMatch(new RegExp(`^manifests/ is up to date: ${ENVIRONMENTS.length} environments`));
  });
});

describe('parseArgs', () => {
  test('values, repeated values, = form and flags', () => {
    const a = parseArgs(['--env', 'dev', '--env=prod', '--check', 'x'], ['env'], ['check']);
    expect(a.options.get('env')).toEqual(['dev', 'prod']);
    expect(a.options.get('check')).toEqual(['true']);
    expect(a.positionals).toEqual(['x']);
  });
  test('a value option without a value', () => {
    expect(() => parseArgs(['--env'], ['env'])).toThrow(new UsageError('--env needs a value'));
    expect(() => parseArgs(['--env', '--check'], ['env'], ['check'])).toThrow('--env needs a value');
  });
});
