/**
 * A strict validator for the subset of JSON Schema that Kubernetes uses (OpenAPI definitions
 * and CRD structural schemas). Unlike many validators it treats a property that the schema
 * does not declare as an error, as `kubectl apply --validate=strict` does.
 */

export interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: Schema | boolean;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly enum?: readonly unknown[];
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly format?: string;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly nullable?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
}

export interface SchemaError {
  /** JSON path of the offending value, e.g. `spec.template.spec.containers[0].bogus`. */
  readonly path: string;
  readonly message: string;
}

export type Resolver = (ref: string) => Schema | undefined;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(expected: string, v: unknown): boolean {
  const actual = typeOf(v);
  if (expected === 'number') return actual === 'number' || actual === 'integer';
  return actual === expected;
}

const child = (path: string, key: string) => (path ? `${path}.${key}` : key);

export function validate(schema: Schema, value: unknown, resolve: Resolver, path = ''): SchemaError[] {
  const errors: SchemaError[] = [];
  const s = schema.$ref ? resolve(schema.$ref) : schema;
  if (!s) return [{ path, message: `schema reference ${schema.$ref} cannot be resolved` }];

  if (value === null && s.nullable) return errors;
  if (s['x-kubernetes-int-or-string']) {
    if (!matchesType('string', value) && !matchesType('integer', value)) errors.push({ path, message: `must be an integer or a string, got ${typeOf(value)}` });
    return errors;
  }
  if (s.oneOf || s.anyOf) {
    const options = (s.oneOf ?? s.anyOf)!;
    const ok = options.some((o) => validate(o, value, resolve, path).length === 0);
    // Structural CRD schemas use anyOf/oneOf only to add constraints next to a declared type.
    if (!ok && !s.type) errors.push({ path, message: `does not match any allowed form` });
  }
  if (s.allOf) for (const o of s.allOf) errors.push(...validate(o, value, resolve, path));
  if (s.type && !matchesType(s.type, value)) {
    errors.push({ path, message: `must be of type ${s.type}, got ${typeOf(value)}` });
    return errors;
  }
  if (s.enum && !s.enum.some((e) => e === value))
    errors.push({ path, message: `must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(value)}` });
  if (typeof value === 'string') {
    if (s.pattern && !new RegExp(s.pattern, 'u').test(value)) errors.push({ path, message: `must match ${s.pattern}, got ${JSON.stringify(value)}` });
    if (s.minLength !== undefined && value.length < s.minLength) errors.push({ path, message: `must have at least ${s.minLength} characters` });
    if (s.maxLength !== undefined && value.length > s.maxLength) errors.push({ path, message: `must have at most ${s.maxLength} characters` });
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) errors.push({ path, message: `must be >= ${s.minimum}, got ${value}` });
    if (s.maximum !== undefined && value > s.maximum) errors.push({ path, message: `must be <= ${s.maximum}, got ${value}` });
    if ((s.format === 'int32' || s.format === 'int64') && !Number.isInteger(value)) errors.push({ path, message: `must be an integer, got ${value}` });
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) errors.push({ path, message: `must have at least ${s.minItems} items` });
    if (s.maxItems !== undefined && value.length > s.maxItems) errors.push({ path, message: `must have at most ${s.maxItems} items` });
    if (s.items) value.forEach((item, i) => errors.push(...validate(s.items!, item, resolve, `${path}[${i}]`)));
  } else if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of s.required ?? []) if (obj[r] === undefined) errors.push({ path: child(path, r), message: 'is required' });
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    for (const [k, v] of Object.entries(obj)) {
      const prop = s.properties?.[k];
      if (prop) errors.push(...validate(prop, v, resolve, child(path, k)));
      else if (s.additionalProperties !== undefined && typeof s.additionalProperties === 'object')
        errors.push(...validate(s.additionalProperties, v, resolve, child(path, k)));
      else if (s.additionalProperties === true || preserve || (s.properties === undefined && s.additionalProperties === undefined)) continue;
      else errors.push({ path: child(path, k), message: 'is not a known field' });
    }
  }
  return errors;
}
