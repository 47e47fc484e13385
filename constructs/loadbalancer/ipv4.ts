/** IPv4 address blocks as written in load-balancer pools: a CIDR (`192.0.2.0/28`) or a range (`192.0.2.10-192.0.2.20`). */
export interface Ipv4Block {
  /** First address, as an unsigned 32-bit number. */
  readonly first: number;
  /** Last address, inclusive. */
  readonly last: number;
}

const OCTETS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a dotted-quad IPv4 address; undefined when malformed. */
export function parseIpv4(text: string): number | undefined {
  const m = OCTETS.exec(typeof text === 'string' ? text.trim() : '');
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p, i) => p > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith('0')))) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses a CIDR with no host bits set, or an ascending range; undefined when malformed. */
export function parseIpv4Block(text: string): Ipv4Block | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.includes('/')) {
    const [addr, bits, ...rest] = text.split('/');
    const first = parseIpv4(addr);
    if (rest.length || first === undefined || !/^\d{1,2}$/.test(bits) || Number(bits) > 32) return undefined;
    const size = 2 ** (32 - Number(bits));
    if (first % size !== 0) return undefined;
    return { first, last: first + size - 1 };
  }
  if (text.includes('-')) {
    const [a, b, ...rest] = text.split('-');
    const first = parseIpv4(a);
    const last = parseIpv4(b);
    if (rest.length || first === undefined || last === undefined || last < first) return undefined;
    return { first, last };
  }
  return undefined;
}

export function blockContains(block: Ipv4Block, address: number): boolean {
  return address >= block.first && address <= block.last;
}

export function blocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.first <= b.last && b.first <= a.last;
}
