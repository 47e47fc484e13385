import { Construct } from 'constructs';
import { Checks } from '../constructs/common/errors';
import { LoadBalancerPool } from '../constructs/loadbalancer/load-balancer-pool';
import { BgpConf } from '../constructs/openelb/bgp-conf';
import { BgpPeer } from '../constructs/openelb/bgp-peer';
import { EndpointExposure } from './exposure';
import { KeelsonChart } from './keelson-chart';
import { markCustomResources, SYNC_WAVES } from './sync-waves';
import { AddressPoolSpec, LoadBalancerBackend } from '../constructs/loadbalancer/address-pool';

/** The `network` chart: the environment's external address pool on a bare-metal load balancer. */
export interface LoadBalancingSettings {
  /**
   * The Kubernetes cluster the environment runs in. Pools of environments in the same cluster
   * must not overlap (checked across environments).
   */
  readonly cluster: string;
  /** OpenELB or MetalLB: switching an environment is this one field. */
  readonly backend: LoadBalancerBackend;
  /** The pool (named `<environment>-pool`). */
  readonly pool: Pick<AddressPoolSpec, 'addresses' | 'announcement'>;
  /** OpenELB BGP speaker settings, when the pool is announced over BGP. @default undefined */
  readonly bgp?: {
    readonly localAs: number;
    readonly routerId: string;
    readonly peers: readonly { readonly name: string; readonly peerAs: number; readonly address: string }[];
  };
}

export interface NetworkChartProps {
  readonly environment: string;
  readonly settings: LoadBalancingSettings;
  /** Render the cluster-wide BGP settings (one environment per cluster owns them). */
  readonly ownsClusterBgp: boolean;
}

/**
 * The environment's external address pool. Its objects are cluster-scoped (OpenELB) or live in
 * MetalLB's namespace, so the chart owns no namespace of its own.
 */
export class NetworkChart extends KeelsonChart {
  readonly pool: LoadBalancerPool;

  constructor(scope: Construct, id: string, props: NetworkChartProps) {
    super(scope, id, {});
    const s = props.settings;
    const speaker = s.backend.kind === 'openelb' && s.pool.announcement?.kind === 'bgp' && props.ownsClusterBgp;
    if (speaker) {
      const checks: Checks = new Checks(this, 'load-balancer');
      checks.that(s.bgp !== undefined, 'loadBalancing.bgp', s.bgp, 'must set the BGP speaker (localAs, routerId, peers) when the pool is announced over BGP');
    }
    this.pool = new LoadBalancerPool(this, 'pool', {
      backend: s.backend,
      pool: { name: `${props.environment}-pool`, addresses: s.pool.addresses, announcement: s.pool.announcement },
    });
    if (speaker) {
      new BgpConf(this, 'bgp', { as: s.bgp!.localAs, routerId: s.bgp!.routerId });
      new Checks(this, 'load-balancer').unique('loadBalancing.bgp.peers', s.bgp!.peers, (p) => p.name, 'name', 'BGP peers');
      s.bgp!.peers.forEach((p) => new BgpPeer(this, `peer-${p.name}`, { name: p.name, peerAs: p.peerAs, neighborAddress: p.address }));
    }
    markCustomResources(this, SYNC_WAVES.addressPools);
  }

  /** Resolves an endpoint bound to the pool into a plain LoadBalancer exposure with the pool's annotations. */
  resolve(e: EndpointExposure, checks: Checks, field: string): EndpointExposure {
    if (e.kind !== 'addressPool') return e;
    return { kind: 'loadBalancer', annotations: this.pool.annotations(checks, field, e.fixedIp), tls: e.tls };
  }
}
