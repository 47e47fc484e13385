import { Condition, Operand, PipelineConfig, Statement, Value } from './model';

/**
 * The one renderer of Logstash pipeline configuration. Strings are always double-quoted with
 * backslash escapes, which Logstash honours when `config.support_escapes: true` (set by
 * LogstashSettings); compound conditions are parenthesised so precedence never matters.
 */
export function renderPipeline(config: PipelineConfig): string {
  return config.sections.map((s) => `${s.type} {\n${renderBody(s.body, 1)}}\n`).join('');
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function quote(text: string): string {
  return `"${text.replace(/[\\"\n\r\t]/g, (c) => ESCAPES[c])}"`;
}

/** A field reference segment: anything but brackets, commas and quotes. */
export const FIELD_SEGMENT = /^[^\][,"']+$/;

const BAREWORD = /^[A-Za-z_][A-Za-z0-9_]+$/;

function indent(depth: number): string {
  return '  '.repeat(depth);
}

function renderBody(body: readonly Statement[], depth: number): string {
  return body.map((s) => renderStatement(s, depth)).join('');
}

function renderStatement(s: Statement, depth: number): string {
  const pad = indent(depth);
  if (s.kind === 'plugin') return `${pad}${renderValue(s, depth)}\n`;
  const parts = s.branches.map((b, i) => `${i === 0 ? 'if' : ' else if'} ${renderCondition(b.condition)} {\n${renderBody(b.body, depth + 1)}${pad}}`);
  const otherwise = s.otherwise ? ` else {\n${renderBody(s.otherwise, depth + 1)}${pad}}` : '';
  return `${pad}${parts.join('')}${otherwise}\n`;
}

function renderValue(v: Value, depth: number): string {
  switch (v.kind) {
    case 'string':
      return quote(v.value);
    case 'number':
      return renderNumber(v.value);
    case 'bareword':
      if (!BAREWORD.test(v.value)) throw new Error(`not a Logstash bareword: ${JSON.stringify(v.value)}`);
      return v.value;
    case 'array':
      return `[${v.items.map((i) => renderValue(i, depth)).join(', ')}]`;
    case 'hash':
      if (v.entries.length === 0) return '{}';
      return `{\n${v.entries.map((e) => `${indent(depth + 1)}${quote(e.key)} => ${renderValue(e.value, depth + 1)}\n`).join('')}${indent(depth)}}`;
    case 'plugin':
      if (v.attributes.length === 0) return `${v.name} {}`;
      return `${v.name} {\n${v.attributes.map((a) => `${indent(depth + 1)}${BAREWORD.test(a.name) ? a.name : quote(a.name)} => ${renderValue(a.value, depth + 1)}\n`).join('')}${indent(depth)}}`;
  }
}

/** Logstash numbers are plain decimals: no exponent, no NaN or Infinity. */
function renderNumber(n: number): string {
  const text = String(n);
  if (!Number.isFinite(n) || /e/i.test(text)) throw new Error(`not a Logstash number: ${text}`);
  return text;
}

function renderOperand(o: Operand): string {
  switch (o.kind) {
    case 'field':
      if (o.path.length === 0 || o.path.some((p) => !FIELD_SEGMENT.test(p))) throw new Error(`not a Logstash field reference: ${JSON.stringify(o.path)}`);
      return o.path.map((p) => `[${p}]`).join('');
    case 'string':
      return quote(o.value);
    case 'number':
      return renderNumber(o.value);
    case 'list':
      // A one-item list would read back as a field reference.
      if (o.items.length < 2) throw new Error('a list operand needs at least two items');
      return `[${o.items.map(renderOperand).join(', ')}]`;
  }
}

export function renderCondition(c: Condition): string {
  switch (c.kind) {
    case 'compare':
      return `${renderOperand(c.left)} ${c.op} ${renderOperand(c.right)}`;
    case 'in':
      return `${renderOperand(c.left)} in ${renderOperand(c.right)}`;
    case 'notIn':
      return `${renderOperand(c.left)} not in ${renderOperand(c.right)}`;
    case 'truthy':
      return renderOperand(c.operand);
    case 'not':
      return `!(${renderCondition(c.condition)})`;
    case 'bool':
      return `(${renderCondition(c.left)}) ${c.op} (${renderCondition(c.right)})`;
  }
}
