import { validateObject } from '../../cli/validation/schemas';
import { Checks } from '../../constructs/common/errors';
import { ExposedService } from '../../constructs/common/exposure';
import { LoadBalancerPool } from '../../constructs/loadbalancer/load-balancer-pool';
import { find, kinds, synthesize } from '../support/harness';

const pool = { name: 'dev-pool', addresses: '10.20.0.40-10.20.0.59', announcement: { kind: 'layer2' as const, interface: 'eth0' } };

describe('LoadBalancerPool', () => {
  test('OpenELB backend: a cluster-scoped Eip and the documented Service annotations', () => {
    let annotations: Record<string, string> = {};
    let fixed: Record<string, string> = {};
    const objects = synthesize((c) => {
      const p = new LoadBalancerPool(c, 'pool', { backend: { kind: 'openelb' }, pool });
      annotations = p.annotations(new Checks(c, 'test'), 'exposure');
      fixed = p.annotations(new Checks(c, 'test'), 'exposure', '10.20.0.50');
    });
    expect(kinds(objects)).toEqual(['Eip/dev-pool']);
    expect(find(objects, 'Eip', 'dev-pool').spec).toEqual({ address: '10.20.0.40-10.20.0.59', protocol: 'layer2', interface: 'eth0' });
    expect(annotations).toEqual({ 'lb.kubesphere.io/v1alpha1': 'openelb', 'eip.openelb.kubesphere.io/v1alpha2': 'dev-pool' });
    expect(fixed).toEqual({ 'lb.kubesphere.io/v1alpha1': 'openelb', 'eip.openelb.kubesphere.io/v1alpha1': '10.20.0.50' });
    for (const o of objects) expect(validateObject(o as never)).toEqual([]);
  });

  test('MetalLB backend: IPAddressPool + L2Advertisement in its namespace, and its annotations', () => {
    let fixed: Record<string, string> = {};
    const objects = synthesize((c) => {
      const p = new LoadBalancerPool(c, 'pool', { backend: { kind: 'metallb' }, pool });
      fixed = p.annotations(new Checks(c, 'test'), 'exposure', '10.20.0.41');
    });
    expect(kinds(objects)).toEqual(['IPAddressPool/dev-pool', 'L2Advertisement/dev-pool']);
    const ipPool = find(objects, 'IPAddressPool', 'dev-pool');
    expect(ipPool.metadata.namespace).toBe('metallb-system');
    expect(ipPool.spec).toEqual({ addresses: ['10.20.0.40-10.20.0.59'], autoAssign: false });
    expect(find(objects, 'L2Advertisement', 'dev-pool').spec).toEqual({ ipAddressPools: ['dev-pool'], interfaces: ['eth0'] });
    expect(fixed).toEqual({ 'metallb.io/address-pool': 'dev-pool', 'metallb.io/loadBalancerIPs': '10.20.0.41' });
    for (const o of objects) expect(validateObject(o as never)).toEqual([]);
  });

  test('MetalLB over BGP uses a BGPAdvertisement; a custom namespace is honoured', () => {
    const objects = synthesize((c) => {
      new LoadBalancerPool(c, 'pool', {
        backend: { kind: 'metallb', namespace: 'lb' },
        pool: { name: 'prod-pool', addresses: '10.30.0.0/26', announcement: { kind: 'bgp' } },
      });
    });
    expect(kinds(objects)).toEqual(['BGPAdvertisement/prod-pool', 'IPAddressPool/prod-pool']);
    expect(find(objects, 'BGPAdvertisement', 'prod-pool').metadata.namespace).toBe('lb');
    for (const o of objects) expect(validateObject(o as never)).toEqual([]);
  });

  test('an exposure from the pool turns into an annotated LoadBalancer Service', () => {
    const objects = synthesize((c) => {
      const p = new LoadBalancerPool(c, 'pool', { backend: { kind: 'openelb' }, pool });
      new ExposedService(c, 'svc', {
        exposure: p.exposure(new Checks(c, 'test'), 'exposure', { fixedIp: '10.20.0.45', externalTrafficPolicy: 'Local' }),
        name: 'web',
        labels: { app: 'web' },
        selector: { app: 'web' },
        backend: { service: 'web', port: 80, targetPort: 'http' },
        component: 'web',
        field: 'exposure',
      });
    });
    const svc = find(objects, 'Service', 'web');
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.externalTrafficPolicy).toBe('Local');
    expect(svc.metadata.annotations['eip.openelb.kubesphere.io/v1alpha1']).toBe('10.20.0.45');
  });
});
