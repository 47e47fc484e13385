import { layer } from '../../stacks/merge';

describe('layer (environment overrides)', () => {
  const base = {
    size: '10Gi',
    nested: { a: 1, b: 2 },
    list: [1, 2, 3],
    exposure: { kind: 'ingress', className: 'nginx', tls: true } as { kind: string; [k: string]: unknown },
  };

  test('objects merge key by key; untouched keys keep their defaults', () => {
    expect(layer(base, { nested: { b: 5 } })).toEqual({ ...base, nested: { a: 1, b: 5 } });
  });

  test('arrays are replaced whole, not merged', () => {
    expect(layer(base, { list: [9] }).list).toEqual([9]);
  });

  test('a union member whose kind changes is replaced whole (no leaked fields)', () => {
    expect(layer(base, { exposure: { kind: 'loadBalancer' } }).exposure).toEqual({ kind: 'loadBalancer' });
  });

  test('the same kind merges', () => {
    expect(layer(base, { exposure: { kind: 'ingress', tls: false } }).exposure).toEqual({ kind: 'ingress', className: 'nginx', tls: false });
  });

  test('defaults are not mutated', () => {
    layer(base, { nested: { a: 7 } });
    expect(base.nested.a).toBe(1);
  });
});
