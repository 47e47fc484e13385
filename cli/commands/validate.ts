import { flag, parseArgs, UsageError, value, values } from '../args';
import { validate } from '../validate';
import { Command } from './command';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check environments: schemas, API-server rules, collisions and the policy',
  usage: `keelson validate [--env NAME]... [--format text|json] [--exceptions]
  --env NAME       only this environment (repeatable; default: all)
  --format FORMAT  text (verdict first, then one finding per line; default) or json
  --exceptions     also list the justified exceptions with their reasons (json always has them)
exit status: 0 clean, 1 errors, policy violations or a configuration error`,
  run(argv) {
    const a = parseArgs(argv, ['env', 'format'], ['exceptions']);
    const format = value(a, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json; got ${format}`);
    return validate({ envs: values(a, 'env'), format, showExceptions: flag(a, 'exceptions'), log: (l) => console.log(l) });
  },
};
