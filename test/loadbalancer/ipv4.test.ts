import { blockContains, blocksOverlap, formatIpv4, parseIpv4, parseIpv4Block } from '../../constructs/loadbalancer/ipv4';

describe('IPv4 blocks', () => {
  test('parses dotted quads and rejects malformed ones', () => {
    expect(formatIpv4(parseIpv4('10.20.0.40')!)).toBe('10.20.0.40');
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['10.20.0', '10.20.0.256', '10.20.0.040', 'a.b.c.d', '', '10.20.0.1.2']) expect(parseIpv4(bad)).toBeUndefined();
  });

  test('parses CIDRs and ranges into inclusive bounds', () => {
    const cidr = parseIpv4Block('10.20.1.0/27')!;
    expect([formatIpv4(cidr.first), formatIpv4(cidr.last)]).toEqual(['10.20.1.0', '10.20.1.31']);
    const range = parseIpv4Block('10.20.0.40-10.20.0.59')!;
    expect(range.last - range.first + 1).toBe(20);
    expect(parseIpv4Block('10.0.0.7/32')).toEqual({ first: parseIpv4('10.0.0.7'), last: parseIpv4('10.0.0.7') });
  });

  test('rejects host bits, descending ranges and garbage', () => {
    for (const bad of ['10.20.1.5/27', '10.20.0.59-10.20.0.40', '10.20.1.0/33', '10.20.1.0', '10.0.0.1-10.0.0.2-10.0.0.3', '10.0.0.0/8/8']) {
      expect(parseIpv4Block(bad)).toBeUndefined();
    }
  });

  test('containment and overlap are inclusive at both ends', () => {
    const a = parseIpv4Block('10.0.0.0/28')!;
    expect(blockContains(a, parseIpv4('10.0.0.15')!)).toBe(true);
    expect(blockContains(a, parseIpv4('10.0.0.16')!)).toBe(false);
    expect(blocksOverlap(a, parseIpv4Block('10.0.0.15-10.0.0.20')!)).toBe(true);
    expect(blocksOverlap(a, parseIpv4Block('10.0.0.16-10.0.0.20')!)).toBe(false);
  });
});
