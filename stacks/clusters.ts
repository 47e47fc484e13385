import { Construct } from 'constructs';
import { Checks } from '../constructs/common/errors';
import { blocksOverlap, parseIpv4Block } from '../constructs/loadbalancer/ipv4';
import { EnvironmentConfig } from './types';

/**
 * Environments that share a Kubernetes cluster share its load balancer: their pools must not
 * overlap, or two Services in different environments could be handed the same address.
 */
export function checkSharedCluster(scope: Construct, env: EnvironmentConfig, others: readonly EnvironmentConfig[]): void {
  // A namespace-agnostic environment (a PR preview) has no address pool of its own.
  const hasPool = (e: EnvironmentConfig) => e.namespacePrefix !== undefined;
  if (!hasPool(env)) return;
  const checks = new Checks(scope, 'load-balancer');
  checks.dnsLabel('loadBalancing.cluster', env.loadBalancing.cluster);
  const mine = parseIpv4Block(env.loadBalancing.pool.addresses);
  if (mine === undefined) return; // reported with the field's rule by the pool itself
  for (const other of others) {
    if (other.name === env.name || !hasPool(other) || other.loadBalancing.cluster !== env.loadBalancing.cluster) continue;
    const theirs = parseIpv4Block(other.loadBalancing.pool.addresses);
    if (theirs === undefined) continue;
    checks.that(
      !blocksOverlap(mine, theirs),
      'loadBalancing.pool.addresses',
      env.loadBalancing.pool.addresses,
      `must not overlap the pool of environment '${other.name}' (${other.loadBalancing.pool.addresses}), which shares cluster '${env.loadBalancing.cluster}'`,
    );
  }
}
