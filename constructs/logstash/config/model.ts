/**
 * A typed model of the Logstash pipeline configuration language: sections hold plugins and
 * conditionals; plugins hold attributes whose values are strings, numbers, barewords, arrays,
 * hashes or nested plugins (codecs). `render` turns it into text and `parse` reads it back.
 */

export type SectionType = 'input' | 'filter' | 'output';

export type Value =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  /** Unquoted words such as `true`, `false` or `json`. */
  | { readonly kind: 'bareword'; readonly value: string }
  | { readonly kind: 'array'; readonly items: readonly Value[] }
  | { readonly kind: 'hash'; readonly entries: readonly HashEntry[] }
  | Plugin;

export interface HashEntry {
  readonly key: string;
  readonly value: Value;
}

export interface Attribute {
  readonly name: string;
  readonly value: Value;
}

export interface Plugin {
  readonly kind: 'plugin';
  readonly name: string;
  readonly attributes: readonly Attribute[];
}

/** Something a condition compares: a field reference (`[a][b]`), a literal or a list. */
export type Operand =
  | { readonly kind: 'field'; readonly path: readonly string[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'list'; readonly items: readonly Operand[] };

export type CompareOperator = '==' | '!=' | '<' | '>' | '<=' | '>=';
export type BooleanOperator = 'and' | 'or' | 'xor' | 'nand';

export type Condition =
  | { readonly kind: 'compare'; readonly op: CompareOperator; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'in' | 'notIn'; readonly left: Operand; readonly right: Operand }
  /** A bare operand: true when the field exists and is truthy. */
  | { readonly kind: 'truthy'; readonly operand: Operand }
  | { readonly kind: 'not'; readonly condition: Condition }
  | { readonly kind: 'bool'; readonly op: BooleanOperator; readonly left: Condition; readonly right: Condition };

export interface Conditional {
  readonly kind: 'if';
  /** `if` then every `else if`, in order. */
  readonly branches: readonly { readonly condition: Condition; readonly body: readonly Statement[] }[];
  readonly otherwise?: readonly Statement[];
}

export type Statement = Plugin | Conditional;

export interface Section {
  readonly type: SectionType;
  readonly body: readonly Statement[];
}

export interface PipelineConfig {
  readonly sections: readonly Section[];
}

/** Small constructors, so pipelines read like the configuration they produce. */
export const lit = {
  str: (value: string): Value => ({ kind: 'string', value }),
  num: (value: number): Value => ({ kind: 'number', value }),
  bool: (value: boolean): Value => ({ kind: 'bareword', value: value ? 'true' : 'false' }),
  strs: (values: readonly string[]): Value => ({ kind: 'array', items: values.map((value) => ({ kind: 'string', value })) }),
  hash: (entries: Record<string, string>): Value => ({
    kind: 'hash',
    entries: Object.entries(entries).map(([key, value]) => ({ key, value: { kind: 'string', value } })),
  }),
};

export function plugin(name: string, attributes: Record<string, Value | undefined>): Plugin {
  return {
    kind: 'plugin',
    name,
    attributes: Object.entries(attributes)
      .filter((e): e is [string, Value] => e[1] !== undefined)
      .map(([n, value]) => ({ name: n, value })),
  };
}

export const field = (...path: string[]): Operand => ({ kind: 'field', path });
