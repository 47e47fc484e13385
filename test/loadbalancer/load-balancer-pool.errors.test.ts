import { Checks } from '../../constructs/common/errors';
import { LoadBalancerPool } from '../../constructs/loadbalancer/load-balancer-pool';
import { scope } from '../support/harness';

const pool = { name: 'dev-pool', addresses: '10.20.0.40-10.20.0.59', announcement: { kind: 'layer2' as const, interface: 'eth0' } };

describe('LoadBalancerPool errors', () => {
  const make =
    (p: object, backend: object = { kind: 'openelb' }) =>
    () =>
      new LoadBalancerPool(scope('dev'), 'pool', { backend: backend as never, pool: { ...pool, ...p } as never });

  test('a malformed address block', () => {
    const rule = "must be an IPv4 CIDR with no host bits set (e.g. '192.0.2.0/28') or an ascending range (e.g. '192.0.2.10-192.0.2.20')";
    expect(make({ addresses: '10.20.0.300/28' })).toThrow(`load-balancer 'test/pool' (dev): pool.addresses ${rule}; got "10.20.0.300/28"`);
    expect(make({ addresses: '10.20.0.5/28' })).toThrow(`load-balancer 'test/pool' (dev): pool.addresses ${rule}; got "10.20.0.5/28"`);
    expect(make({ addresses: '10.20.0.59-10.20.0.40' })).toThrow(`load-balancer 'test/pool' (dev): pool.addresses ${rule}; got "10.20.0.59-10.20.0.40"`);
  });

  test('an unknown backend or announcement', () => {
    expect(make({}, { kind: 'f5' })).toThrow("load-balancer 'test/pool' (dev): backend.kind must be 'openelb' or 'metallb'; got \"f5\"");
    expect(make({ announcement: { kind: 'vip' } })).toThrow("load-balancer 'test/pool' (dev): pool.announcement.kind must be 'layer2' or 'bgp'; got \"vip\"");
  });

  test("'can_reach:' is an OpenELB feature", () => {
    expect(make({ announcement: { kind: 'layer2', interface: 'can_reach:10.20.0.1' } }, { kind: 'metallb' })).toThrow(
      "load-balancer 'test/pool' (dev): pool.announcement.interface must name an interface with the MetalLB backend ('can_reach:' is OpenELB only); got \"can_reach:10.20.0.1\"",
    );
  });

  test('a fixed IP outside its pool, or malformed, is reported against the consumer', () => {
    const s = scope('dev');
    const p = new LoadBalancerPool(s, 'pool', { backend: { kind: 'openelb' }, pool });
    const checks: Checks = new Checks(s, 'harbor');
    expect(() => p.annotations(checks, 'exposure', '10.20.0.60')).toThrow(
      "harbor 'test' (dev): exposure.fixedIp must be inside load-balancer pool 'dev-pool' (10.20.0.40-10.20.0.59); got \"10.20.0.60\"",
    );
    expect(() => p.annotations(checks, 'exposure', '10.20.0')).toThrow('harbor \'test\' (dev): exposure.fixedIp must be an IPv4 address; got "10.20.0"');
  });

  test('two Services pinned to the same address', () => {
    const s = scope('dev');
    const p = new LoadBalancerPool(s, 'pool', { backend: { kind: 'openelb' }, pool });
    p.annotations(new Checks(s, 'ci'), 'ci.exposure', '10.20.0.45');
    expect(() => p.annotations(new Checks(s, 'registry'), 'registry.exposure', '10.20.0.45')).toThrow(
      'registry \'test\' (dev): registry.exposure.fixedIp must not be the fixed address of ci.exposure too; got "10.20.0.45"',
    );
  });

  test('more Services than addresses', () => {
    const s = scope('dev');
    const p = new LoadBalancerPool(s, 'pool', { backend: { kind: 'openelb' }, pool: { ...pool, addresses: '10.20.0.40/30' } });
    p.annotations(new Checks(s, 'ci'), 'ci.exposure');
    p.annotations(new Checks(s, 'messaging'), 'messaging.kafka.externalListener', undefined, 4);
    expect(() => p.checkCapacity()).toThrow(
      'load-balancer \'test/pool\' (dev): pool.addresses must hold the 5 LoadBalancer Services bound to it (ci.exposure: 1, messaging.kafka.externalListener: 4); it has 4 addresses; got "10.20.0.40/30"',
    );
  });
});
