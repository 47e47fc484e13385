import { Checks } from '../common/errors';

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

/** Why a five-field cron expression is invalid, or undefined when it is valid. */
export function cronProblem(expr: string): string | undefined {
  if (typeof expr !== 'string') return 'it is not text';
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return `it has ${parts.length} fields`;
  for (let i = 0; i < 5; i++) {
    const f = FIELDS[i];
    for (const item of parts[i].split(',')) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
      if (!m) return `the ${f.name} field has "${item}"`;
      const [, , lo, hi, step] = m;
      const nums = [lo, hi].filter((x) => x !== undefined).map(Number);
      if (nums.some((n) => n < f.min || n > f.max)) return `the ${f.name} field has "${item}" outside ${f.min}-${f.max}`;
      if (nums.length === 2 && nums[0] > nums[1]) return `the ${f.name} field has the reversed range "${item}"`;
      if (step !== undefined && Number(step) === 0) return `the ${f.name} field has a zero step in "${item}"`;
    }
  }
  return undefined;
}

/** Validates a schedule for the elasticsearch input (rufus-scheduler reads five-field cron). */
export function checkCron(checks: Checks, field: string, expr: string): string {
  const problem = cronProblem(expr);
  checks.that(
    problem === undefined,
    field,
    expr,
    `must be a five-field cron expression (minute hour day-of-month month day-of-week, numbers, '*', ranges, lists and steps) but ${problem}`,
  );
  return expr;
}
