import { PipelineConfig, field, lit, plugin } from '../../constructs/logstash/config/model';
import { parsePipeline } from '../../constructs/logstash/config/parse';
import { quote, renderCondition, renderPipeline } from '../../constructs/logstash/config/render';

const NASTY = [
  'plain',
  'say "hi"',
  "it's",
  'C:\\path\\to\\file',
  'ends with backslash \\',
  '\\"',
  '${ES_PASSWORD}',
  '${VAR:default value}',
  '%{[@metadata][doc][_id]}',
  'line one\nline two\ttabbed\r',
  '{"query":{"term":{"msg":"a \\"quoted\\" \\\\ path"}},"sort":["_doc"]}',
  'unicode ✓ ü',
  '# not a comment',
  '=> } { ] [',
  '',
];

function roundTrip(config: PipelineConfig): void {
  const text = renderPipeline(config);
  expect(parsePipeline(text)).toEqual(config);
  // Rendering is a fixed point: the parsed model renders to the same text.
  expect(renderPipeline(parsePipeline(text))).toBe(text);
}

describe('pipeline configuration renderer and parser', () => {
  test.each(NASTY)('a string attribute survives a round trip: %j', (value) => {
    roundTrip({
      sections: [
        { type: 'filter', body: [plugin('mutate', { add_field: lit.hash({ [value]: value }), tag: lit.str(value), list: lit.strs([value, value]) })] },
      ],
    });
  });

  test('quotes with backslash escapes only', () => {
    expect(quote('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(quote('${X}')).toBe('"${X}"');
  });

  test('numbers, barewords, nested arrays, empty hashes and codecs round-trip', () => {
    roundTrip({
      sections: [
        {
          type: 'input',
          body: [
            plugin('generator', {
              count: lit.num(3),
              ratio: lit.num(-0.25),
              enabled: lit.bool(true),
              codec: plugin('json', { charset: lit.str('UTF-8') }),
              empty: { kind: 'hash', entries: [] },
              nested: { kind: 'array', items: [lit.strs(['a']), lit.num(1)] },
            }),
          ],
        },
        { type: 'output', body: [plugin('stdout', {})] },
      ],
    });
  });

  test('conditionals with else if, else, negation, in / not in and boolean operators round-trip', () => {
    const s = (value: string) => ({ kind: 'string' as const, value });
    roundTrip({
      sections: [
        {
          type: 'filter',
          body: [
            {
              kind: 'if',
              branches: [
                {
                  condition: { kind: 'compare', op: '==', left: field('@metadata', 'doc', '_index'), right: s('a "quoted" \\ index') },
                  body: [plugin('drop', {})],
                },
                {
                  condition: {
                    kind: 'bool',
                    op: 'and',
                    left: { kind: 'in', left: s('x'), right: field('tags') },
                    right: { kind: 'not', condition: { kind: 'truthy', operand: field('deleted') } },
                  },
                  body: [
                    {
                      kind: 'if',
                      branches: [
                        {
                          condition: { kind: 'notIn', left: field('a b'), right: { kind: 'list', items: [s('1'), s('2')] } },
                          body: [plugin('mutate', { id: lit.str('inner') })],
                        },
                      ],
                    },
                  ],
                },
                {
                  condition: {
                    kind: 'bool',
                    op: 'or',
                    left: { kind: 'compare', op: '>=', left: field('n'), right: { kind: 'number', value: 10 } },
                    right: { kind: 'compare', op: '!=', left: field('m'), right: { kind: 'number', value: -1.5 } },
                  },
                  body: [],
                },
              ],
              otherwise: [plugin('mutate', { remove_field: lit.strs(['@version']) })],
            },
          ],
        },
      ],
    });
  });

  test('renders compound conditions fully parenthesised', () => {
    expect(
      renderCondition({
        kind: 'bool',
        op: 'xor',
        left: { kind: 'truthy', operand: field('a') },
        right: { kind: 'not', condition: { kind: 'truthy', operand: field('b', 'c') } },
      }),
    ).toBe('([a]) xor (!([b][c]))');
  });

  test('parses hand-written configuration: comments, single quotes, bare names, hash keys and escapes', () => {
    const text = `
# copy everything
input {
  elasticsearch { hosts => ["https://es:9200"] query => '{ "sort": [ "_doc" ] }' size => 500 docinfo => true } # trailing
}
filter {
  if [a] == 'it\\'s' and ![b] { mutate { add_field => { foo => "bar" 1 => "\\t" } } }
  else if ([x][y] in ["p", "q"]) { drop {} } else { mutate {} }
}
output { stdout { codec => rubydebug } }
`;
    expect(parsePipeline(text)).toEqual({
      sections: [
        {
          type: 'input',
          body: [
            plugin('elasticsearch', {
              hosts: lit.strs(['https://es:9200']),
              query: lit.str('{ "sort": [ "_doc" ] }'),
              size: lit.num(500),
              docinfo: lit.bool(true),
            }),
          ],
        },
        {
          type: 'filter',
          body: [
            {
              kind: 'if',
              branches: [
                {
                  condition: {
                    kind: 'bool',
                    op: 'and',
                    left: { kind: 'compare', op: '==', left: field('a'), right: { kind: 'string', value: "it's" } },
                    right: { kind: 'not', condition: { kind: 'truthy', operand: field('b') } },
                  },
                  body: [
                    plugin('mutate', {
                      add_field: {
                        kind: 'hash',
                        entries: [
                          { key: 'foo', value: lit.str('bar') },
                          { key: '1', value: lit.str('\t') },
                        ],
                      },
                    }),
                  ],
                },
                {
                  condition: {
                    kind: 'in',
                    left: field('x', 'y'),
                    right: {
                      kind: 'list',
                      items: [
                        { kind: 'string', value: 'p' },
                        { kind: 'string', value: 'q' },
                      ],
                    },
                  },
                  body: [plugin('drop', {})],
                },
              ],
              otherwise: [plugin('mutate', {})],
            },
          ],
        },
        // A codec without settings is a bareword, as the grammar reads it.
        { type: 'output', body: [plugin('stdout', { codec: { kind: 'bareword', value: 'rubydebug' } })] },
      ],
    });
  });

  test.each([
    ['an unknown section', 'inputs { }', 'line 1, column 7: expected input, filter or output, found "inputs"'],
    ['an unterminated string', 'input { x { a => "b } }', 'line 1, column 24: unterminated string'],
    ['a missing arrow', 'filter { mutate { a "b" } }', "line 1, column 21: expected '=>'"],
    ['a regular expression match', 'filter { if [a] =~ /x/ { drop {} } }', 'line 1, column 17: regular expression matches are not supported'],
    ['an unclosed section', 'output {\n  stdout {}\n', "line 3, column 1: unexpected end of input, expected '}'"],
    ['nothing at all', '# only a comment\n', 'line 2, column 1: expected a section (input, filter or output)'],
  ])('reports %s with its position', (_name, text, message) => {
    expect(() => parsePipeline(text)).toThrow(message);
  });

  test('refuses to render what would read back differently', () => {
    const one = {
      sections: [
        {
          type: 'filter' as const,
          body: [
            {
              kind: 'if' as const,
              branches: [
                {
                  condition: { kind: 'in' as const, left: field('a'), right: { kind: 'list' as const, items: [{ kind: 'string' as const, value: 'x' }] } },
                  body: [],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(() => renderPipeline(one)).toThrow('a list operand needs at least two items');
    expect(() => renderPipeline({ sections: [{ type: 'input', body: [plugin('x', { n: lit.num(1e21) })] }] })).toThrow('not a Logstash number: 1e+21');
    expect(() => renderPipeline({ sections: [{ type: 'input', body: [plugin('x', { b: { kind: 'bareword', value: 'two words' } })] }] })).toThrow(
      'not a Logstash bareword: "two words"',
    );
    expect(() => renderCondition({ kind: 'truthy', operand: field('a]b') })).toThrow('not a Logstash field reference: ["a]b"]');
  });
});
