import { Checks, ensured } from '../common/errors';
import { blocksOverlap, parseIpv4Block } from './ipv4';

/**
 * Which bare-metal load balancer serves an environment's pool. OpenELB is barely maintained
 * upstream, so MetalLB is a drop-in alternative: switching is this one field.
 */
export type LoadBalancerBackend =
  | { readonly kind: 'openelb' }
  | {
      readonly kind: 'metallb';
      /** Namespace MetalLB runs in; its pools and advertisements live there. @default 'metallb-system' */
      readonly namespace?: string;
    };

/** How addresses of a pool are announced to the network. */
export type AnnouncementMode =
  | {
      readonly kind: 'layer2';
      /**
       * Node interface that answers ARP for the pool, or `can_reach:<address>` (OpenELB picks the
       * interface that reaches it). @default undefined (OpenELB: the node's default; MetalLB: all interfaces)
       */
      readonly interface?: string;
    }
  | { readonly kind: 'bgp' };

/** One pool of external addresses, as the stacks describe it (backend independent). */
export interface AddressPoolSpec {
  /** Pool name (DNS-1123 label); cluster-wide names are prefixed by the environment. */
  readonly name: string;
  /** A CIDR (`192.0.2.0/28`) or an inclusive range (`192.0.2.10-192.0.2.20`). */
  readonly addresses: string;
  readonly announcement: AnnouncementMode;
}

/** IPv4 blocks no host may be given (IANA special-purpose registry, RFC 6890 and RFC 5771). */
const RESERVED_BLOCKS = [
  { cidr: '0.0.0.0/8', purpose: '"this network"' },
  { cidr: '127.0.0.0/8', purpose: 'loopback' },
  { cidr: '224.0.0.0/4', purpose: 'multicast' },
  { cidr: '255.255.255.255/32', purpose: 'limited broadcast' },
];

/** Checks a pool's name and addresses (shared by both backends). */
export function checkAddressPool(checks: Checks, field: string, pool: AddressPoolSpec): void {
  checks.dnsLabel(`${field}.name`, pool.name);
  const block = parseIpv4Block(pool.addresses);
  checks.that(
    block !== undefined,
    `${field}.addresses`,
    pool.addresses,
    "must be an IPv4 CIDR with no host bits set (e.g. '192.0.2.0/28') or an ascending range (e.g. '192.0.2.10-192.0.2.20')",
  );
  const reserved = RESERVED_BLOCKS.find((r) => blocksOverlap(block, ensured(parseIpv4Block(r.cidr), `reserved block ${r.cidr}`)));
  checks.that(
    reserved === undefined,
    `${field}.addresses`,
    pool.addresses,
    `must not include special-purpose addresses (${reserved?.cidr}, ${reserved?.purpose}; RFC 6890): the load balancer would hand them to Services`,
  );
  checks.that(['layer2', 'bgp'].includes(pool.announcement?.kind), `${field}.announcement.kind`, pool.announcement?.kind, "must be 'layer2' or 'bgp'");
  if (pool.announcement.kind === 'layer2' && pool.announcement.interface !== undefined) {
    checks.that(
      /^([A-Za-z0-9_.-]{1,15}|can_reach:\S+)$/.test(pool.announcement.interface),
      `${field}.announcement.interface`,
      pool.announcement.interface,
      "must be a network interface name (at most 15 characters) or 'can_reach:<address>'",
    );
  }
}
