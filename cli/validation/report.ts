/** What `keelson validate` finds, and how it is printed (like a linter: one finding per line). */

export type ErrorCheck = 'schema' | 'api' | 'collision' | 'config' | 'exception';

/** A broken contract with the API server (schema, API rules, collisions) or a configuration error. */
export interface ValidationError {
  readonly check: ErrorCheck;
  /** `prod/ci StatefulSet/jenkins`, or the environment/construct a configuration error names. */
  readonly object: string;
  readonly field: string;
  readonly message: string;
}

/** A broken policy rule. */
export interface Violation {
  readonly rule: string;
  readonly object: string;
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

/** A policy finding waived by a justified exception. */
export interface WaivedViolation extends Violation {
  readonly reason: string;
}

export interface ValidationReport {
  readonly environments: readonly string[];
  readonly objects: number;
  readonly errors: readonly ValidationError[];
  readonly violations: readonly Violation[];
  readonly exceptions: readonly WaivedViolation[];
}

export function isClean(r: ValidationReport): boolean {
  return r.errors.length === 0 && r.violations.length === 0;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Text report: the verdict and counts first (the line a reader needs), then errors and
 * violations with their fixes; the justified exceptions and their reasons only when asked for.
 */
export function formatReport(r: ValidationReport, options: { readonly exceptions?: boolean } = {}): string[] {
  const waived = plural(r.exceptions.length, 'justified exception');
  const hint = r.exceptions.length > 0 && !options.exceptions ? ' (listed with --exceptions)' : '';
  const lines = [
    `${r.environments.join(', ') || 'no environments'}: ${isClean(r) ? 'valid' : 'INVALID'}. ${plural(r.objects, 'object')} checked; ${plural(r.errors.length, 'error')}, ${plural(r.violations.length, 'violation')}, ${waived}${hint}`,
  ];
  for (const e of r.errors) lines.push(`error      ${e.object}  ${e.field}: ${e.message}  [${e.check}]`);
  for (const v of r.violations) lines.push(`violation  ${v.object}  ${v.field}: ${v.message}  [${v.rule}]`, `             fix: ${v.fix}`);
  if (options.exceptions) {
    for (const x of r.exceptions) lines.push(`exception  ${x.object}  ${x.field}: ${x.message}  [${x.rule}]`, `             reason: ${x.reason}`);
  }
  return lines;
}
