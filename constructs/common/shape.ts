/**
 * Runtime shapes of typed inputs (construct props, the environment model), generated from the
 * TypeScript types by `npm run shapes` (scripts/shapes.ts). TypeScript rejects an unknown key
 * only where it type-checks: esbuild bundles skip that, JavaScript callers never had it, and a
 * spread or cast hides it. A shape lets the same rule run when the input is used.
 */

/**
 * 0: any value (a primitive, a function, a class instance such as a construct);
 * `o`: an object with these keys, `x` the shape of any other key when it has an index signature;
 * `r` the keys it requires; `a`: an array of items; `k`/`v`: a union tagged by property `k`, one shape per tag.
 */
export type Shape =
  | 0
  | { readonly o: { readonly [key: string]: Shape }; readonly x?: Shape; readonly r?: readonly string[] }
  | { readonly a: Shape }
  | { readonly k: string; readonly v: { readonly [tag: string]: Shape } };

/** A key found where the shape has none. */
export interface UnknownKey {
  /** Dotted path from the checked value, e.g. `agents.autoscaling.maxReplcias`. */
  readonly path: string;
  readonly value: unknown;
  /** Keys allowed at that place. */
  readonly known: readonly string[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  // Object.prototype of any realm (structuredClone and vm contexts bring their own).
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

/** The first key of `value` (depth first, in key order) that `shape` does not allow. */
export function findUnknownKey(value: unknown, shape: Shape, prefix = ''): UnknownKey | undefined {
  // Almost every input is clean: a walk that builds no paths answers that, and only a value
  // holding an unknown key is walked again to name it.
  return allKeysKnown(value, shape) ? undefined : locateUnknownKey(value, shape, prefix);
}

/** Whether `shape` allows every key of `value`: the walk of locateUnknownKey, without the paths. */
function allKeysKnown(value: unknown, shape: Shape): boolean {
  if (shape === 0 || value === undefined || value === null) return true;
  if ('a' in shape) {
    if (!Array.isArray(value)) return true;
    for (const item of value) if (!allKeysKnown(item, shape.a)) return false;
    return true;
  }
  if (!isPlainObject(value)) return true;
  if ('k' in shape) {
    const variant = shape.v[String(value[shape.k])];
    return variant === undefined || allKeysKnown(value, variant);
  }
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const v = value[key];
    const inner = Object.prototype.hasOwnProperty.call(shape.o, key) ? shape.o[key] : shape.x;
    if (inner === undefined) {
      if (v === undefined) continue;
      return false;
    }
    if (!allKeysKnown(v, inner)) return false;
  }
  return true;
}

function locateUnknownKey(value: unknown, shape: Shape, prefix: string): UnknownKey | undefined {
  if (shape === 0 || value === undefined || value === null) return undefined;
  if ('a' in shape) {
    if (!Array.isArray(value)) return undefined;
    for (const [i, item] of value.entries()) {
      const found = locateUnknownKey(item, shape.a, `${prefix}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  // Class instances (constructs, cdk8s values) are opaque: their own types guard them.
  if (!isPlainObject(value)) return undefined;
  if ('k' in shape) {
    const variant = shape.v[String(value[shape.k])];
    // An unknown tag is reported by the owner's check of the tag itself, with the allowed tags.
    return variant === undefined ? undefined : locateUnknownKey(value, variant, prefix);
  }
  for (const [key, v] of Object.entries(value)) {
    const inner = Object.prototype.hasOwnProperty.call(shape.o, key) ? shape.o[key] : shape.x;
    if (inner === undefined) {
      if (v === undefined) continue; // an explicit `undefined` sets nothing
      return { path: join(prefix, key), value: v, known: Object.keys(shape.o) };
    }
    const found = locateUnknownKey(v, inner, join(prefix, key));
    if (found) return found;
  }
  return undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** What the message says is expected instead of an unknown key: the closest known key, or the list. */
export function unknownKeyExpectation(u: UnknownKey): string {
  const key = u.path.slice(u.path.lastIndexOf('.') + 1);
  const ranked = [...u.known].map((k) => ({ k, d: editDistance(key.toLowerCase(), k.toLowerCase()) })).sort((x, y) => x.d - y.d || x.k.localeCompare(y.k));
  const best = ranked[0];
  if (best && best.d <= Math.max(2, Math.floor(key.length / 3))) return `is not a known field (did you mean "${best.k}"?)`;
  return u.known.length ? `is not a known field (known fields: ${[...u.known].sort().join(', ')})` : 'is not a known field (nothing may be set here)';
}

/** A required key that is missing (or undefined). */
export interface MissingKey {
  readonly path: string;
  /** Keys of the missing value's own shape, when it is an object (to say what to set). */
  readonly fields: readonly string[];
}

/** The first required key of `value` (depth first, in shape order) that is missing. */
export function findMissingKey(value: unknown, shape: Shape, prefix = ''): MissingKey | undefined {
  if (shape === 0 || value === undefined || value === null) return undefined;
  if ('a' in shape) {
    if (!Array.isArray(value)) return undefined;
    for (const [i, item] of value.entries()) {
      const found = findMissingKey(item, shape.a, `${prefix}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  if ('k' in shape) {
    const variant = shape.v[String(value[shape.k])];
    return variant === undefined ? undefined : findMissingKey(value, variant, prefix);
  }
  for (const key of shape.r ?? []) {
    if (value[key] === undefined) {
      const inner = shape.o[key];
      const fields =
        inner === 0 || inner === undefined ? [] : 'o' in inner ? Object.keys(inner.o) : 'k' in inner ? [`${inner.k}: ${Object.keys(inner.v).join(' | ')}`] : [];
      return { path: join(prefix, key), fields };
    }
  }
  for (const [key, v] of Object.entries(value)) {
    const inner = shape.o[key];
    if (inner === undefined) continue;
    const found = findMissingKey(v, inner, join(prefix, key));
    if (found) return found;
  }
  return undefined;
}
