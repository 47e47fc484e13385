import { alloy, renderAlloy, renderValue } from '../../constructs/common/render/alloy';

describe('Alloy configuration renderer', () => {
  test('quotes and escapes strings so quotes, backslashes and newlines cannot break the file', () => {
    expect(renderValue('a "quoted" \\path\\ with\nnewline')).toBe('"a \\"quoted\\" \\\\path\\\\ with\\nnewline"');
  });

  test('renders expressions: references, calls and concatenation', () => {
    expect(renderValue(alloy.concat('spec.nodeName=', alloy.call('sys.env', 'NODE_NAME')))).toBe('"spec.nodeName=" + sys.env("NODE_NAME")');
    expect(renderValue([alloy.ref('loki.write.default.receiver')])).toBe('[loki.write.default.receiver]');
  });

  test('renders maps, quoting keys that are not identifiers', () => {
    expect(renderValue(alloy.map({ cluster: 'prod', 'team-name': 'platform' }))).toBe('{\n  cluster = "prod",\n  "team-name" = "platform",\n}');
  });

  test('renders labelled blocks with aligned attributes and nested blocks; undefined attributes vanish', () => {
    const text = renderAlloy([
      {
        name: 'loki.write',
        label: 'default',
        attributes: [
          ['max_streams', 10],
          ['tenant', undefined],
        ],
        blocks: [{ name: 'endpoint', attributes: [['url', 'http://loki:3100/loki/api/v1/push']] }],
      },
      {
        name: 'logging',
        attributes: [
          ['level', 'info'],
          ['format', 'logfmt'],
        ],
      },
    ]);
    expect(text).toBe(
      'loki.write "default" {\n  max_streams = 10\n  endpoint {\n    url = "http://loki:3100/loki/api/v1/push"\n  }\n}\n\nlogging {\n  level  = "info"\n  format = "logfmt"\n}\n',
    );
  });

  test('refuses names that are not identifiers', () => {
    expect(() => renderAlloy([{ name: 'loki.write', label: 'my label' }])).toThrow('invalid Alloy label: "my label"');
    expect(() => renderAlloy([{ name: 'x', attributes: [['bad-name', 1]] }])).toThrow('invalid Alloy attribute: "bad-name"');
    expect(() => renderValue(alloy.ref('a..b'))).toThrow('invalid Alloy reference: "a..b"');
  });
});
