import { parseArgs, UsageError, value, values } from '../args';
import { validate } from '../validate';
import { Command } from './command';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check environments: schemas, API-server rules, collisions and the policy',
  usage: `keelson validate [--env NAME]... [--format text|json]
  --env NAME       only this environment (repeatable; default: all)
  --format FORMAT  text (one finding per line, default) or json
exit status: 0 clean, 1 errors, policy violations or a configuration error`,
  run(argv) {
    const a = parseArgs(argv, ['env', 'format'], []);
    const format = value(a, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json; got ${format}`);
    return validate({ envs: values(a, 'env'), format, log: (l) => console.log(l) });
  },
};
