import { Construct } from 'constructs';
import { Checks, ensured } from '../common/errors';
import { Exposure } from '../common/exposure';
import { Advertisement } from '../metallb/advertisement';
import { IpAddressPool } from '../metallb/ip-address-pool';
import { Eip } from '../openelb/eip';
import { AddressPoolSpec, checkAddressPool, LoadBalancerBackend } from './address-pool';
import { blockContains, Ipv4Block, parseIpv4, parseIpv4Block } from './ipv4';

/** OpenELB's documented Service annotations. */
export const OPENELB_ANNOTATIONS = {
  enable: 'lb.kubesphere.io/v1alpha1',
  pool: 'eip.openelb.kubesphere.io/v1alpha2',
  fixedIp: 'eip.openelb.kubesphere.io/v1alpha1',
} as const;
/** MetalLB's documented Service annotations. */
export const METALLB_ANNOTATIONS = { pool: 'metallb.io/address-pool', fixedIp: 'metallb.io/loadBalancerIPs' } as const;

export interface LoadBalancerPoolProps {
  readonly backend: LoadBalancerBackend;
  readonly pool: AddressPoolSpec;
}

/** Options of one Service exposed from the pool. */
export interface PoolExposureOptions {
  /** A fixed address inside the pool (for DNS records that must not move). @default undefined (any free address) */
  readonly fixedIp?: string;
  /** 'Local' keeps client source addresses. @default 'Cluster' */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
}

/**
 * An environment's external address pool on the selected backend, and the way Services take
 * addresses from it. Consumers only see `annotations()`/`exposure()`, so the backend can change
 * without touching them.
 */
export class LoadBalancerPool extends Construct {
  readonly backend: LoadBalancerBackend;
  /** Name of the pool object (Eip or IPAddressPool). */
  readonly poolName: string;
  readonly block: Ipv4Block;
  readonly addresses: string;
  /** Number of addresses in the pool. */
  readonly size: number;
  private readonly bindings: { readonly field: string; readonly services: number; readonly fixedIp?: string }[] = [];

  constructor(scope: Construct, id: string, props: LoadBalancerPoolProps) {
    super(scope, id);
    const backend = props.backend;
    const checks: Checks = new Checks(this, 'load-balancer');
    checks.that(['openelb', 'metallb'].includes(backend?.kind), 'backend.kind', backend?.kind, "must be 'openelb' or 'metallb'");
    checkAddressPool(checks, 'pool', props.pool);
    const a = props.pool.announcement;
    if (backend.kind === 'metallb' && a.kind === 'layer2' && a.interface?.startsWith('can_reach:')) {
      checks.fail('pool.announcement.interface', a.interface, "must name an interface with the MetalLB backend ('can_reach:' is OpenELB only)");
    }

    this.backend = backend;
    this.poolName = props.pool.name;
    this.addresses = props.pool.addresses;
    this.block = ensured(parseIpv4Block(props.pool.addresses), 'the parsed pool.addresses');
    this.size = this.block.last - this.block.first + 1;

    if (backend.kind === 'openelb') {
      new Eip(this, 'Eip', {
        name: props.pool.name,
        address: props.pool.addresses,
        protocol: a.kind,
        interface: a.kind === 'layer2' ? a.interface : undefined,
      });
    } else {
      const namespace = backend.namespace ?? 'metallb-system';
      new IpAddressPool(this, 'IpAddressPool', { name: props.pool.name, namespace, addresses: [props.pool.addresses] });
      new Advertisement(this, 'Advertisement', {
        name: props.pool.name,
        namespace,
        pools: [props.pool.name],
        mode: a.kind === 'layer2' ? { kind: 'layer2', interfaces: a.interface ? [a.interface] : undefined } : { kind: 'bgp' },
      });
    }
  }

  /**
   * Annotations that bind `services` LoadBalancer Services to this pool. `checks` and `field`
   * belong to the consumer, so a bad fixed IP is reported as the consumer's `<field>.fixedIp`.
   */
  annotations(checks: Checks, field: string, fixedIp?: string, services = 1): Record<string, string> {
    if (fixedIp !== undefined) {
      const ip = parseIpv4(fixedIp);
      const f = `${field}.fixedIp`;
      checks.that(ip !== undefined, f, fixedIp, 'must be an IPv4 address');
      checks.that(blockContains(this.block, ip), f, fixedIp, `must be inside load-balancer pool '${this.poolName}' (${this.addresses})`);
      const taken = this.bindings.find((b) => b.fixedIp === fixedIp);
      checks.that(taken === undefined, f, fixedIp, `must not be the fixed address of ${taken?.field} too`);
    }
    this.bindings.push({ field, services, fixedIp });
    if (this.backend.kind === 'openelb') {
      return fixedIp === undefined
        ? { [OPENELB_ANNOTATIONS.enable]: 'openelb', [OPENELB_ANNOTATIONS.pool]: this.poolName }
        : { [OPENELB_ANNOTATIONS.enable]: 'openelb', [OPENELB_ANNOTATIONS.fixedIp]: fixedIp };
    }
    return fixedIp === undefined
      ? { [METALLB_ANNOTATIONS.pool]: this.poolName }
      : { [METALLB_ANNOTATIONS.pool]: this.poolName, [METALLB_ANNOTATIONS.fixedIp]: fixedIp };
  }

  /**
   * Fails when the Services bound so far need more addresses than the pool holds. Called once
   * every consumer is bound (stacks/platform.ts).
   */
  checkCapacity(): void {
    const needed = this.bindings.reduce((n, b) => n + b.services, 0);
    const who = this.bindings.map((b) => `${b.field}: ${b.services}`).join(', ');
    const checks: Checks = new Checks(this, 'load-balancer');
    checks.that(
      needed <= this.size,
      'pool.addresses',
      this.addresses,
      `must hold the ${needed} LoadBalancer Services bound to it (${who}); it has ${this.size} addresses`,
    );
  }

  /** A LoadBalancer `Exposure` from this pool, for constructs that take one. */
  exposure(checks: Checks, field: string, options: PoolExposureOptions = {}): Exposure {
    return { kind: 'loadBalancer', annotations: this.annotations(checks, field, options.fixedIp), externalTrafficPolicy: options.externalTrafficPolicy };
  }
}
