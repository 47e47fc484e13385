import { parse } from 'yaml';
import { emitYaml, fastPathAgrees, fastYaml, referenceYaml, YamlCache } from '../../constructs/common/render/yaml-emitter';
import { renderedEnvironments } from '../support/environments';

// The committed manifests are the `yaml` package's bytes (yaml 2.9.1, stringify with lineWidth 0,
// no aliases); emitYaml may take the faster js-yaml 5.5.0 route only where both write the same
// bytes. The golden test holds every committed file to them; these tests hold the rule itself.

const positions = (v: unknown): [string, unknown][] => [
  ['value', { k: v }],
  ['sequence item', [v]],
  ['nested', { a: { b: [{ c: v }] } }],
  ...(typeof v === 'string' ? ([['key', { [v]: 1 }]] as [string, unknown][]) : []),
];

describe('emitYaml', () => {
  const objects = renderedEnvironments().flatMap((r) =>
    r.charts.flatMap((c) => c.objects.map((o) => ({ at: `${r.env}/${c.name}/${o.kind}/${o.metadata.name}`, o }))),
  );

  test('every rendered object is emitted with the bytes of the yaml package', () => {
    const differ = objects.filter(({ o }) => emitYaml(o) !== referenceYaml(o)).map(({ at }) => at);
    expect(differ).toEqual([]);
    // and the emitted YAML reads back as the object (yaml 2.9.1 parse, YAML 1.2 core schema)
    for (const { o } of objects.slice(0, 40)) expect(parse(emitYaml(o))).toEqual(JSON.parse(JSON.stringify(o)));
  });

  test('the fast route is the one taken for the platform objects (otherwise the speed-up is gone)', () => {
    const slow = objects.filter(({ o }) => !fastPathAgrees(o)).map(({ at }) => at);
    expect(slow.length).toBeLessThanOrEqual(objects.length / 20);
  });

  // Each case is one where js-yaml 5.5.0 and yaml 2.9.1 really write different bytes (the first
  // expectation proves the rule is needed), so emitYaml must leave it to the yaml package.
  test.each([
    ['a string holding a double quote (yaml single-quotes it)', { k: '"a"' }],
    ['a lone = (js-yaml quotes the YAML 1.1 value key)', { k: '=' }],
    ['a tab (js-yaml escapes it)', { k: 'a\tb' }],
    ['a no-break space (js-yaml escapes it)', { k: '\u00a0' }],
    ['a byte order mark', { k: '\ufeff' }],
    ['a lone surrogate (escaped in upper and lower case)', { k: '\ud800' }],
    ['a multi-line key (js-yaml writes an explicit ? key)', { 'a\nb': 1 }],
    ['a key ... (js-yaml writes it bare, a document end marker)', { '...': 1 }],
    ['a literal block kept with |+ (js-yaml ends it with ...)', { k: 'a\nb\n\n' }],
    ['a multi-line string starting with a line break', { k: '\na' }],
    ['a lone line break', { k: '\n' }],
    ['a number written with an exponent (1.e+21 against 1e+21)', { k: 1e21 }],
    ['negative zero (-0.0 against -0)', { k: -0 }],
  ])('%s goes to the yaml package', (_why, value) => {
    expect(fastYaml(value)).not.toBe(referenceYaml(value));
    expect(fastPathAgrees(value)).toBe(false);
    expect(emitYaml(value)).toBe(referenceYaml(value));
  });

  test('values that must be quoted are quoted alike', () => {
    const cases = [
      '-10',
      '0',
      'true',
      'false',
      'null',
      '~',
      '',
      '1.0',
      '0x1F',
      '-ec',
      '{{.number}}',
      '*.svc',
      'a: b',
      'a #b',
      '#a',
      ' a',
      'a ',
      '- a',
      '? a',
      ':',
      '@a',
      '`a',
      "it's",
      '[]',
      '{}',
      'yes',
      'on',
      '2024-01-01',
      '12:30',
    ];
    for (const s of cases) {
      for (const [where, v] of positions(s)) {
        expect(fastPathAgrees(v)).toBe(true);
        expect([s, where, emitYaml(v)]).toEqual([s, where, referenceYaml(v)]);
      }
    }
  });

  test('generated strings of YAML indicators, in every position, come out as the yaml package writes them', () => {
    const alphabet = [
      'a',
      '-',
      ':',
      '#',
      ' ',
      '"',
      "'",
      '\n',
      '{',
      '}',
      '[',
      ']',
      ',',
      '&',
      '*',
      '!',
      '|',
      '>',
      '%',
      '@',
      '`',
      '?',
      '0',
      '1',
      '.',
      'e',
      '~',
      '=',
      '\\',
      '/',
      '$',
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    let fast = 0;
    const differ: string[] = [];
    for (let i = 0; i < 600; i++) {
      let s = '';
      for (let n = Math.floor(next() * 9); n > 0; n--) s += alphabet[Math.floor(next() * alphabet.length)];
      for (const [where, v] of positions(s)) {
        if (fastPathAgrees(v)) fast++;
        if (emitYaml(v) !== referenceYaml(v)) differ.push(`${JSON.stringify(s)} as ${where}`);
      }
    }
    expect(differ).toEqual([]);
    // most of them take the fast route, so the comparison above tests it
    expect(fast).toBeGreaterThan(1200);
  });

  test('numbers, booleans, null and empty collections', () => {
    for (const v of [0, 1, -1, 42, 2 ** 53 - 1, 0.5, -3.75, 0.1, 1 / 3, 123456.789, true, false, null, [], {}, [[]], [{}], { a: [] }, [{ a: 1, b: [2] }]]) {
      for (const [, x] of positions(v)) {
        expect(fastPathAgrees(x)).toBe(true);
        expect(emitYaml(x)).toBe(referenceYaml(x));
      }
    }
  });

  test('undefined, class instances and non-finite numbers go to the yaml package', () => {
    for (const v of [{ a: undefined }, [undefined], { d: new Date(0) }, { n: Infinity }, { n: NaN }]) {
      expect(fastPathAgrees(v)).toBe(false);
      expect(emitYaml(v)).toBe(referenceYaml(v));
    }
  });

  describe('YamlCache: equal values are emitted once', () => {
    test('a value changed after it was emitted is emitted anew (the cache holds text, not the object)', () => {
      const cache = new YamlCache();
      const o = { metadata: { name: 'jenkins', labels: { tier: 'ci' } }, spec: { replicas: 1 } };
      const before = cache.emit(o);
      expect(before).toBe(emitYaml(o));
      o.metadata.labels.tier = 'changed';
      o.spec.replicas = 2;
      expect(cache.emit(o)).toBe(referenceYaml(o));
      expect(cache.emit(o)).not.toBe(before);
      // and an equal value built apart gets the bytes emitted first
      expect(cache.emit({ metadata: { name: 'jenkins', labels: { tier: 'ci' } }, spec: { replicas: 1 } })).toBe(before);
    });

    test('values equal but for a type or the order of their keys are told apart', () => {
      const cache = new YamlCache();
      const pairs: [unknown, unknown][] = [
        [{ a: '1' }, { a: 1 }],
        [{ a: 'true' }, { a: true }],
        [{ a: 'null' }, { a: null }],
        [{ a: [] }, { a: {} }],
        [
          { a: 1, b: 2 },
          { b: 2, a: 1 },
        ],
        [['x'], 'x'],
      ];
      for (const [x, y] of pairs) {
        expect(cache.emit(x)).toBe(referenceYaml(x));
        expect(cache.emit(y)).toBe(referenceYaml(y));
        expect(cache.emit(x)).not.toBe(cache.emit(y));
      }
    });

    test('values the fast path refuses go to the yaml package, uncached', () => {
      const cache = new YamlCache();
      for (const v of [{ a: undefined }, { d: new Date(0) }, { n: NaN }, { k: '"a"' }]) expect(cache.emit(v)).toBe(referenceYaml(v));
      expect(cache.size).toBe(0);
    });

    test('the cache stays bounded however many values pass through it', () => {
      const cache = new YamlCache(16);
      const shared = { kind: 'Shared', data: { a: 'b' } };
      for (let i = 0; i < 100; i++) {
        expect(cache.emit({ kind: 'OneOff', i })).toBe(`kind: OneOff\ni: ${i}\n`);
        expect(cache.emit(shared)).toBe(referenceYaml(shared));
      }
      expect(cache.size).toBe(16);
    });
  });
});
