import { Construct } from 'constructs';
import { findMissingKey, findUnknownKey, Shape, unknownKeyExpectation } from './shape';

/** Context key under which the App records the environment being built (used only in error messages). */
export const ENVIRONMENT_CONTEXT = 'keelson:environment';

export interface ConfigErrorDetails {
  /** The environment being synthesized, when known (dev, staging, prod, preview …). */
  readonly environment?: string;
  /** Component kind, e.g. `jenkins`. */
  readonly component: string;
  /** Construct path of the failing construct, e.g. `ci/jenkins`. */
  readonly path: string;
  /** Props field, dotted, e.g. `controller.replicas`. */
  readonly field: string;
  /** The value received. */
  readonly value: unknown;
  /** What is allowed, phrased to follow the field name: `must be 1 (…)`. */
  readonly expected: string;
}

/** A configuration mistake, found before anything is rendered or written. */
export class ConfigError extends Error {
  constructor(readonly details: ConfigErrorDetails) {
    super(formatConfigError(details));
    this.name = 'ConfigError';
  }
}

export function formatConfigError(d: ConfigErrorDetails): string {
  const env = d.environment ? ` (${d.environment})` : '';
  const where = d.path ? ` '${d.path}'` : '';
  return `${d.component}${where}${env}: ${d.field} ${d.expected}; got ${describeValue(d.value)}`;
}

/** Renders a received value for an error message: strings quoted, objects as compact JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 200 ? `${json.slice(0, 197)}...` : json;
  } catch {
    return String(value);
  }
}

/** The environment name recorded on the construct tree, if any. */
export function environmentOf(scope: Construct): string | undefined {
  const env = scope.node.tryGetContext(ENVIRONMENT_CONTEXT);
  return typeof env === 'string' ? env : undefined;
}

/** Path of a construct without the App's (empty) root segment. */
export function pathOf(scope: Construct): string {
  return scope.node.path || scope.node.id;
}

/**
 * A value the code has already made sure of (an input validated earlier and parsed again, a
 * constant, a regular expression matched by a validated value). Its absence is a bug in keelson,
 * never a configuration mistake: the Error says so instead of a TypeError further on.
 */
export function ensured<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`keelson bug: ${what} is missing after validation`);
  return value;
}

/** The ConfigError behind a failed deferred check, by construct (so callers can rethrow it whole). */
const deferredErrors = new WeakMap<Construct, ConfigError>();

/**
 * Runs every validation registered on the tree below `root` (as cdk8s `App.synth` does) and
 * throws the first failure as a ConfigError, for callers that render charts with `toJson`.
 */
export function validateTree(root: Construct): void {
  for (const c of root.node.findAll()) {
    const errors = c.node.validate();
    if (errors.length === 0) continue;
    throw (
      deferredErrors.get(c) ??
      new ConfigError({ environment: environmentOf(c), component: 'construct', path: pathOf(c), field: 'validation', value: errors, expected: 'must pass' })
    );
  }
}

/**
 * Validation bound to one construct: every failure names the environment, the component,
 * the construct path, the field and the value received.
 */
export class Checks {
  constructor(
    private readonly scope: Construct,
    private readonly component: string,
  ) {}

  fail(field: string, value: unknown, expected: string): never {
    throw new ConfigError({
      environment: environmentOf(this.scope),
      component: this.component,
      path: pathOf(this.scope),
      field,
      value,
      expected,
    });
  }

  /**
   * Fails unless `condition` holds. An assertion: after it, TypeScript narrows what the condition
   * tested (`checks.that(bytes !== undefined, …)` makes `bytes` a number), so no `!` is needed.
   */
  that(condition: unknown, field: string, value: unknown, expected: string): asserts condition {
    if (!condition) this.fail(field, value, expected);
  }

  /**
   * A check that needs the finished tree (other constructs added later): registered with
   * `node.addValidation`, so `App.synth` and `validateTree` run it.
   */
  later(check: () => void): void {
    this.scope.node.addValidation({
      validate: () => {
        try {
          check();
          return [];
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          // The first failure of the construct is the one rethrown (node.validate lists it first).
          if (!deferredErrors.has(this.scope)) deferredErrors.set(this.scope, e);
          return [e.message];
        }
      },
    });
  }

  /** Each entry's key is unique: the first repeat is reported as `<field>[i].<keyName>`. */
  unique<T>(field: string, items: readonly T[], key: (item: T) => string, keyName: string, among: string): void {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = key(item);
      this.that(!seen.has(k), `${field}[${i}].${keyName}`, k, `must be unique among ${among}`);
      seen.add(k);
    });
  }

  integer(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
    this.that(Number.isInteger(value) && value >= min && value <= max, field, value, `must be a whole number ${range}`);
    return value;
  }

  nonEmpty<T>(field: string, value: readonly T[] | undefined): readonly T[] {
    this.that(Array.isArray(value) && value.length > 0, field, value, 'must list at least one entry');
    return value as readonly T[];
  }

  /** Rejects keys the input's type does not have (a typo would otherwise fall back to a default). */
  knownFields(value: unknown, shape: Shape, prefix = ''): void {
    const unknown = findUnknownKey(value, shape, prefix);
    if (unknown) this.fail(unknown.path, unknown.value, unknownKeyExpectation(unknown));
  }

  /** Requires what the input's type requires (a missing section would otherwise crash deep inside a construct). */
  requiredFields(value: unknown, shape: Shape, prefix = ''): void {
    const missing = findMissingKey(value, shape, prefix);
    if (!missing) return;
    const what = missing.fields.length ? `: { ${missing.fields.join(', ')} }` : '';
    this.fail(missing.path, undefined, `must be set (it has no default${what})`);
  }

  /** DNS-1123 label: lower-case alphanumerics and '-', 1–maxLength characters. */
  dnsLabel(field: string, value: string, maxLength = 63): string {
    const ok = typeof value === 'string' && value.length <= maxLength && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
    this.that(
      ok,
      field,
      value,
      `must be a DNS-1123 label (lower-case letters, digits and '-', at most ${maxLength} characters, starting and ending alphanumeric)`,
    );
    return value;
  }

  /** DNS-1123 subdomain: dot-separated labels, at most 253 characters. */
  dnsSubdomain(field: string, value: string): string {
    const ok = typeof value === 'string' && value.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value);
    this.that(ok, field, value, 'must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters)');
    return value;
  }
}
