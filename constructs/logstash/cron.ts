import { Checks, ensured } from '../common/errors';

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

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The values a valid field (minute, hour …) selects. */
function expand(field: string, min: number, max: number): Set<number> {
  const out = new Set<number>();
  for (const item of field.split(',')) {
    const [, range, lo, hi, step] = ensured(/^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item), `the parts of cron item "${item}"`);
    const from = range === '*' ? min : Number(lo);
    const to = range === '*' ? max : hi !== undefined ? Number(hi) : step !== undefined ? max : from;
    for (let v = from; v <= to; v += Number(step ?? 1)) out.add(v);
  }
  return out;
}

/**
 * Why a valid expression never fires, or undefined. With day-of-week '*' only the day of month
 * restricts the date (whether a scheduler combines the two day fields with OR, as Vixie cron
 * does, or AND), and a day no selected month has (30 February, 31 April) never comes. 29 February
 * comes in leap years. A restricted day-of-week is not judged.
 */
export function cronNeverFires(expr: string): string | undefined {
  const [, , dom, month, dow] = expr.trim().split(/\s+/);
  if (dow !== '*') return undefined;
  const days = expand(dom, 1, 31);
  const months = expand(month, 1, 12);
  for (const m of months) for (const d of days) if (d <= DAYS_IN_MONTH[m - 1]) return undefined;
  return `no selected month has day ${[...days].join(',')}`;
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
  const never = cronNeverFires(expr);
  checks.that(never === undefined, field, expr, `must fire at least once (${never}, so the sync would never run)`);
  return expr;
}
