import { CORE_SCHEMA, dump } from 'js-yaml';
import { stringify } from 'yaml';

/**
 * The YAML emitter behind every file keelson writes (manifests and the configuration files
 * inside them). The committed bytes are the `yaml` package's (block style, no line folding, no
 * anchors, sequences indented under their key): users diff them, so they never change with the
 * emitter. js-yaml 5 emits the same bytes for the values it is given here about five times
 * faster, because it does not build a document model first; `emitYaml` uses it wherever both
 * emitters are known to agree (`fastPathAgrees`) and the `yaml` package everywhere else.
 * test/common/yaml-emitter.test.ts holds them to the same bytes, over every rendered object and
 * a corpus of edge cases.
 */
export function emitYaml(value: unknown): string {
  return fastPathAgrees(value) ? fastYaml(value) : referenceYaml(value);
}

/**
 * `emitYaml` for a caller that emits many equal values (the objects every PR preview shares):
 * each is emitted once, then read back. The key is the value's JSON text, taken at each call, and
 * the fast path takes plain data only, so that text names a value exactly (the same keys in the
 * same order, strings apart from numbers); a value changed after an earlier call is emitted anew,
 * and the cached YAML is an immutable string. A miss costs the JSON text, so a caller whose
 * values are all different (one `keelson synth`) uses `emitYaml` itself.
 */
export class YamlCache {
  private readonly emitted = new Map<string, string>();

  /**
   * @param entries values kept, least recently used out first (so what many environments share
   *   stays while one-off values pass through); values whose JSON text is longer than
   *   `maxChars` are emitted each time
   */
  constructor(
    private readonly entries = 256,
    private readonly maxChars = 64 * 1024,
  ) {}

  /** How many emitted values are held. */
  get size(): number {
    return this.emitted.size;
  }

  emit(value: unknown): string {
    if (!fastPathAgrees(value)) return referenceYaml(value);
    const key = JSON.stringify(value);
    const hit = this.emitted.get(key);
    if (hit !== undefined) {
      this.emitted.delete(key);
      this.emitted.set(key, hit);
      return hit;
    }
    const yaml = fastYaml(value);
    if (key.length <= this.maxChars) {
      this.emitted.set(key, yaml);
      for (const oldest of this.emitted.keys()) {
        if (this.emitted.size <= this.entries) break;
        this.emitted.delete(oldest);
      }
    }
    return yaml;
  }
}

/** The reference emitter: the `yaml` package, whose output the committed files are. */
export function referenceYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false, indentSeq: true });
}

// YAML 1.2 core schema (like `yaml`, so `yes` or `2024-01-01` stay plain), no folding, no anchors,
// and double quotes when a string must be quoted (`yaml` quotes "-1" as "-1", not '-1').
const FAST = { schema: CORE_SCHEMA, lineWidth: -1, noRefs: true, quoteStyle: 'double' } as const;

/** The fast emitter alone (js-yaml), whatever the value: `emitYaml` decides when it may be used. */
export function fastYaml(value: unknown): string {
  return dump(value, FAST);
}

// Where the two emitters part ways (found by comparing them over generated strings; the test keeps
// the cases): `yaml` single-quotes a string holding `"` and escapes differently, js-yaml quotes a
// lone `=` (a YAML 1.1 value key), writes invisible and control characters, tabs and lone
// surrogates as other escapes, turns a multi-line key into an explicit `? key`, writes a key
// `---` or `...` bare (a document marker), ends a literal block kept with `|+` by a `...` line,
// writes a literal block that starts with a blank line or space or holds trailing spaces
// differently, and writes `1.e+21` for `1e+21`.
// eslint-disable-next-line no-control-regex -- control characters are what js-yaml escapes differently
const ONE_LINE = /^[^"\x00-\x1f\x7f-\xa0\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]*$/;
// eslint-disable-next-line no-control-regex -- as above, line feeds allowed
const MULTI_LINE = /^[^\x00-\x09\x0b-\x1f\x7f-\xa0\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]*$/;

function stringAgrees(s: string, isKey: boolean): boolean {
  if (!s.includes('\n')) {
    if (s === '=' || !ONE_LINE.test(s)) return false;
    return !isKey || !(s.startsWith('---') || s.startsWith('...'));
  }
  if (isKey) return false;
  return MULTI_LINE.test(s) && s[0] !== '\n' && s[0] !== ' ' && !s.endsWith('\n\n') && !s.endsWith(' ') && !s.includes(' \n');
}

/**
 * Whether js-yaml's output for `value` is known to equal the `yaml` package's: plain data
 * (objects, arrays, strings, finite numbers, booleans, null; no undefined, which the `yaml`
 * package drops and js-yaml refuses) whose strings and numbers avoid the cases above.
 */
export function fastPathAgrees(value: unknown, isKey = false): boolean {
  switch (typeof value) {
    case 'string':
      return stringAgrees(value, isKey);
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) && !String(value).includes('e');
    case 'boolean':
      return true;
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (const v of value) if (!fastPathAgrees(v)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k in value) {
        if (!stringAgrees(k, true) || !fastPathAgrees((value as Record<string, unknown>)[k])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}
