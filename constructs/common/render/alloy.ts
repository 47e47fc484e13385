/**
 * The one renderer for the Alloy configuration language. Configurations are built as typed
 * blocks and values; this module alone decides quoting and escaping, so a label value or a URL
 * with quotes or backslashes cannot break the file.
 */

/** An expression that is not a literal: a component export, a standard-library call, a concatenation. */
export type AlloyExpression =
  | { readonly kind: 'ref'; readonly path: string }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly AlloyValue[] }
  | { readonly kind: 'concat'; readonly parts: readonly AlloyValue[] };

export type AlloyValue =
  string | number | boolean | readonly AlloyValue[] | { readonly expr: AlloyExpression } | { readonly map: Readonly<Record<string, AlloyValue>> };

/** A block: `name "label" { attributes… blocks… }`. Attribute order is kept as given. */
export interface AlloyBlock {
  readonly name: string;
  readonly label?: string;
  readonly attributes?: readonly (readonly [string, AlloyValue | undefined])[];
  readonly blocks?: readonly AlloyBlock[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Builders for expressions, so callers never write Alloy syntax by hand. */
export const alloy = {
  ref: (path: string): AlloyValue => ({ expr: { kind: 'ref', path } }),
  call: (fn: string, ...args: AlloyValue[]): AlloyValue => ({ expr: { kind: 'call', fn, args } }),
  concat: (...parts: AlloyValue[]): AlloyValue => ({ expr: { kind: 'concat', parts } }),
  map: (entries: Record<string, AlloyValue>): AlloyValue => ({ map: entries }),
};

/**
 * A string literal. Alloy strings follow Go's escapes; JSON's escapes (\" \\ \n \r \t \b \f
 * \uXXXX) are a subset of them, so JSON encoding is a correct Alloy encoding.
 */
export function alloyString(s: string): string {
  return JSON.stringify(s);
}

function name(kind: string, text: string, pattern: RegExp): string {
  if (!pattern.test(text)) throw new Error(`invalid Alloy ${kind}: ${JSON.stringify(text)}`);
  return text;
}

function renderExpression(e: AlloyExpression, indent: string): string {
  switch (e.kind) {
    case 'ref':
      return name('reference', e.path, DOTTED);
    case 'call':
      return `${name('function', e.fn, DOTTED)}(${e.args.map((a) => renderValue(a, indent)).join(', ')})`;
    case 'concat':
      return e.parts.map((p) => renderValue(p, indent)).join(' + ');
  }
}

export function renderValue(v: AlloyValue, indent = ''): string {
  if (typeof v === 'string') return alloyString(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`invalid Alloy number: ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${(v as readonly AlloyValue[]).map((x) => renderValue(x, indent)).join(', ')}]`;
  if ('expr' in (v as object)) return renderExpression((v as { expr: AlloyExpression }).expr, indent);
  const entries = Object.entries((v as { map: Record<string, AlloyValue> }).map);
  if (entries.length === 0) return '{}';
  const inner = `${indent}  `;
  const lines = entries.map(([k, x]) => `${inner}${IDENTIFIER.test(k) ? k : alloyString(k)} = ${renderValue(x, inner)},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function renderBlock(b: AlloyBlock, indent: string): string {
  const head = `${indent}${name('block name', b.name, DOTTED)}${b.label !== undefined ? ` ${alloyString(name('label', b.label, IDENTIFIER))}` : ''} {`;
  const inner = `${indent}  `;
  const attrs = (b.attributes ?? []).filter(([, v]) => v !== undefined) as (readonly [string, AlloyValue])[];
  const width = Math.max(0, ...attrs.map(([k]) => k.length));
  const body = [
    ...attrs.map(([k, v]) => `${inner}${name('attribute', k, IDENTIFIER).padEnd(width)} = ${renderValue(v, inner)}`),
    ...(b.blocks ?? []).map((c) => renderBlock(c, inner)),
  ];
  return body.length === 0 ? `${head}}` : `${head}\n${body.join('\n')}\n${indent}}`;
}

/** Renders top-level blocks, separated by blank lines, with a trailing newline. */
export function renderAlloy(blocks: readonly AlloyBlock[]): string {
  return `${blocks.map((b) => renderBlock(b, '')).join('\n\n')}\n`;
}
