import {
  BooleanOperator,
  CompareOperator,
  Condition,
  Conditional,
  HashEntry,
  Operand,
  PipelineConfig,
  Plugin,
  Section,
  SectionType,
  Statement,
  Value,
} from './model';

/**
 * A parser for the Logstash pipeline configuration language, written from its documented
 * grammar (sections, plugins, attributes, values, if/else if/else with conditions). Strings are
 * unescaped as Logstash does with `config.support_escapes: true`. Comments are skipped.
 * Regular expressions and method calls in conditions are not part of keelson's model and are
 * reported as errors.
 */
export function parsePipeline(text: string): PipelineConfig {
  return new Parser(text).config();
}

export class PipelineSyntaxError extends Error {}

const SECTION_TYPES: readonly SectionType[] = ['input', 'filter', 'output'];
const COMPARE: readonly CompareOperator[] = ['==', '!=', '<=', '>=', '<', '>'];
const BOOLEAN: readonly BooleanOperator[] = ['and', 'or', 'xor', 'nand'];
const UNESCAPE: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', r: '\r', t: '\t', '0': '\0' };

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  config(): PipelineConfig {
    const sections: Section[] = [];
    this.skip();
    while (this.pos < this.text.length) {
      sections.push(this.section());
      this.skip();
    }
    if (sections.length === 0) this.fail('expected a section (input, filter or output)');
    return { sections };
  }

  private section(): Section {
    const word = this.word();
    if (!SECTION_TYPES.includes(word as SectionType)) this.fail(`expected input, filter or output, found ${JSON.stringify(word)}`);
    this.skip();
    return { type: word as SectionType, body: this.block() };
  }

  /** `{ (plugin | conditional)* }` */
  private block(): Statement[] {
    this.expect('{');
    const body: Statement[] = [];
    for (;;) {
      this.skip();
      if (this.eat('}')) return body;
      if (this.pos >= this.text.length) this.fail("unexpected end of input, expected '}'");
      body.push(this.statement());
    }
  }

  private statement(): Statement {
    const save = this.pos;
    const word = this.word();
    if (word === 'if') return this.conditional();
    this.pos = save;
    return this.plugin();
  }

  private conditional(): Conditional {
    const branches: { condition: Condition; body: Statement[] }[] = [];
    branches.push({ condition: this.condition(), body: (this.skip(), this.block()) });
    let otherwise: Statement[] | undefined;
    for (;;) {
      const save = this.pos;
      this.skip();
      if (!this.peekWord('else')) {
        this.pos = save;
        break;
      }
      this.word();
      this.skip();
      if (this.peekWord('if')) {
        this.word();
        branches.push({ condition: this.condition(), body: (this.skip(), this.block()) });
      } else {
        otherwise = this.block();
        break;
      }
    }
    return otherwise ? { kind: 'if', branches, otherwise } : { kind: 'if', branches };
  }

  private plugin(): Plugin {
    this.skip();
    const name = this.name();
    this.skip();
    this.expect('{');
    const attributes: { name: string; value: Value }[] = [];
    for (;;) {
      this.skip();
      if (this.eat('}')) return { kind: 'plugin', name, attributes };
      const attr = this.name();
      this.skip();
      this.expect('=>');
      this.skip();
      attributes.push({ name: attr, value: this.value() });
    }
  }

  /** A plugin or attribute name: a word of letters, digits, '_' and '-', or a quoted string. */
  private name(): string {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") return this.string();
    const m = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected a name');
    this.pos += m[0].length;
    return m[0];
  }

  private value(): Value {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") return { kind: 'string', value: this.string() };
    if (c === '[') return this.array();
    if (c === '{') return this.hash();
    if (c === '-' || (c >= '0' && c <= '9')) return { kind: 'number', value: this.number() };
    const save = this.pos;
    const word = this.bareword();
    const after = this.pos;
    this.skip();
    if (this.text[this.pos] === '{') {
      this.pos = save;
      return this.plugin();
    }
    this.pos = after;
    return { kind: 'bareword', value: word };
  }

  private array(): Value {
    this.expect('[');
    const items: Value[] = [];
    this.skip();
    if (this.eat(']')) return { kind: 'array', items };
    for (;;) {
      this.skip();
      items.push(this.value());
      this.skip();
      if (this.eat(']')) return { kind: 'array', items };
      this.expect(',');
    }
  }

  private hash(): Value {
    this.expect('{');
    const entries: HashEntry[] = [];
    for (;;) {
      this.skip();
      if (this.eat('}')) return { kind: 'hash', entries };
      const c = this.text[this.pos];
      const key = c === '"' || c === "'" ? this.string() : c === '-' || (c >= '0' && c <= '9') ? String(this.number()) : this.bareword();
      this.skip();
      this.expect('=>');
      this.skip();
      entries.push({ key, value: this.value() });
    }
  }

  private string(): string {
    const q = this.text[this.pos++];
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated string');
      const c = this.text[this.pos++];
      if (c === q) return out;
      if (c === '\\' && this.pos < this.text.length) {
        const n = this.text[this.pos];
        if (n in UNESCAPE) {
          out += UNESCAPE[n];
          this.pos++;
          continue;
        }
      }
      out += c;
    }
  }

  private number(): number {
    const m = /^-?[0-9]+(\.[0-9]*)?/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected a number');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private bareword(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_]+/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected a value');
    this.pos += m[0].length;
    return m[0];
  }

  // Conditions: expression (boolean_operator expression)*, evaluated left to right.
  private condition(): Condition {
    this.skip();
    let left = this.expression();
    for (;;) {
      const save = this.pos;
      this.skip();
      const op = BOOLEAN.find((b) => this.peekWord(b));
      if (!op) {
        this.pos = save;
        return left;
      }
      this.pos += op.length;
      this.skip();
      left = { kind: 'bool', op, left, right: this.expression() };
    }
  }

  private expression(): Condition {
    if (this.eat('(')) {
      const inner = this.condition();
      this.skip();
      this.expect(')');
      return inner;
    }
    if (this.text[this.pos] === '!' && this.text[this.pos + 1] !== '=') {
      this.pos++;
      this.skip();
      if (this.eat('(')) {
        const inner = this.condition();
        this.skip();
        this.expect(')');
        return { kind: 'not', condition: inner };
      }
      return { kind: 'not', condition: { kind: 'truthy', operand: this.selector() } };
    }
    const left = this.operand();
    const save = this.pos;
    this.skip();
    const op = COMPARE.find((o) => this.text.startsWith(o, this.pos));
    if (op) {
      this.pos += op.length;
      this.skip();
      return { kind: 'compare', op, left, right: this.operand() };
    }
    if (this.text.startsWith('=~', this.pos) || this.text.startsWith('!~', this.pos)) this.fail('regular expression matches are not supported');
    if (this.peekWord('in')) {
      this.pos += 2;
      this.skip();
      return { kind: 'in', left, right: this.operand() };
    }
    if (this.peekWord('not')) {
      this.pos += 3;
      this.skip();
      if (!this.peekWord('in')) this.fail("expected 'in' after 'not'");
      this.pos += 2;
      this.skip();
      return { kind: 'notIn', left, right: this.operand() };
    }
    this.pos = save;
    return { kind: 'truthy', operand: left };
  }

  private operand(): Operand {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") return { kind: 'string', value: this.string() };
    if (c === '-' || (c >= '0' && c <= '9')) return { kind: 'number', value: this.number() };
    if (c === '[') {
      if (/^\[[^\][,"']+\]/.test(this.text.slice(this.pos))) return this.selector();
      this.pos++;
      const items: Operand[] = [];
      for (;;) {
        this.skip();
        items.push(this.operand());
        this.skip();
        if (this.eat(']')) return { kind: 'list', items };
        this.expect(',');
      }
    }
    return this.fail('expected a field reference, string, number or list');
  }

  private selector(): Operand {
    const path: string[] = [];
    for (;;) {
      const m = /^\[([^\][,]+)\]/.exec(this.text.slice(this.pos));
      if (!m) break;
      path.push(m[1]);
      this.pos += m[0].length;
    }
    if (path.length === 0) this.fail('expected a field reference such as [field][sub]');
    return { kind: 'field', path };
  }

  // Lexical helpers.
  private skip(): void {
    for (;;) {
      const m = /^(\s+|#[^\n]*)/.exec(this.text.slice(this.pos, this.pos + 4096));
      if (!m) return;
      this.pos += m[0].length;
    }
  }

  private word(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected a word');
    this.pos += m[0].length;
    return m[0];
  }

  private peekWord(w: string): boolean {
    return this.text.startsWith(w, this.pos) && !/[A-Za-z0-9_]/.test(this.text[this.pos + w.length] ?? '');
  }

  private eat(token: string): boolean {
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.eat(token)) this.fail(`expected '${token}'`);
  }

  private fail(message: string): never {
    const before = this.text.slice(0, this.pos);
    const line = before.split('\n').length;
    const column = this.pos - before.lastIndexOf('\n');
    throw new PipelineSyntaxError(`line ${line}, column ${column}: ${message}`);
  }
}
