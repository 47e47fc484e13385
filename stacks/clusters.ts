import { Construct } from 'constructs';
import { Checks } from '../constructs/common/errors';
import { blocksOverlap, parseIpv4Block } from '../constructs/loadbalancer/ipv4';
import { isNamespaceAgnostic } from './facts';
import { EnvironmentConfig } from './types';

/**
 * Environments that share a Kubernetes cluster share its load balancer: their pools must not
 * overlap, or two Services in different environments could be handed the same address.
 */
export function checkSharedCluster(scope: Construct, env: EnvironmentConfig, others: readonly EnvironmentConfig[]): void {
  // A namespace-agnostic environment (a PR preview) has no address pool of its own.
  const hasPool = (e: EnvironmentConfig) => !isNamespaceAgnostic(e);
  if (!hasPool(env)) return;
  const checks: Checks = new Checks(scope, 'load-balancer');
  checks.dnsLabel('loadBalancing.cluster', env.loadBalancing.cluster);
  checkClusterAddons(new Checks(scope, 'environment'), env, others.filter(hasPool));
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

/**
 * Cluster add-ons (Strimzi watching every namespace, the load-balancer backend, metrics-server)
 * are cluster-wide: exactly one environment per cluster installs them. Two would fight over the
 * same cluster-scoped objects (CRDs, ClusterRoles, the APIService); none leaves the others' custom
 * resources unreconciled.
 */
function checkClusterAddons(checks: Checks, env: EnvironmentConfig, others: readonly EnvironmentConfig[]): void {
  const cluster = env.loadBalancing.cluster;
  // An environment checked on its own (a library user's single environment) is not compared.
  if (!others.some((o) => o.name === env.name)) return;
  const sharing = others.filter((o) => o.name !== env.name && o.loadBalancing.cluster === cluster);
  const installers = [env, ...sharing].filter((e) => e.operators.installClusterAddons).map((e) => e.name);
  if (env.operators.installClusterAddons && installers.length > 1) {
    checks.fail(
      'operators.installClusterAddons',
      true,
      `must be true in exactly one environment of cluster '${cluster}' (cluster add-ons are cluster-wide), but ${installers.map((n) => `'${n}'`).join(' and ')} ${installers.length === 2 ? 'both' : 'all'} install them`,
    );
  }
  if (installers.length === 0 && env === [env, ...sharing].sort((a, b) => a.name.localeCompare(b.name))[0]) {
    checks.fail(
      'operators.installClusterAddons',
      false,
      `must be true in exactly one environment of cluster '${cluster}', but none of ${[env, ...sharing].map((e) => `'${e.name}'`).join(', ')} installs them (nothing would reconcile their Kafka clusters and address pools)`,
    );
  }
}
