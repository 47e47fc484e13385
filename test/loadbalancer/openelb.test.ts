import { validateObject } from '../../cli/validation/schemas';
import { BgpConf } from '../../constructs/openelb/bgp-conf';
import { BgpPeer } from '../../constructs/openelb/bgp-peer';
import { Eip } from '../../constructs/openelb/eip';
import { find, scope, synthesize } from '../support/harness';

describe('OpenELB resources', () => {
  const objects = synthesize((c) => {
    new Eip(c, 'eip', { name: 'vip-pool', address: '10.1.0.0/29', protocol: 'vip', interface: 'can_reach:10.1.0.1', namespaces: ['dev-ci'] });
    new BgpConf(c, 'conf', { as: 64512, routerId: '10.30.255.1' });
    new BgpPeer(c, 'peer', { name: 'tor-a', peerAs: 64500, neighborAddress: '10.30.255.253', nodeSelector: { 'node-role.kubernetes.io/edge': '' } });
  });

  test('Eip carries address, protocol, interface and namespaces; it is cluster-scoped', () => {
    const eip = find(objects, 'Eip', 'vip-pool');
    expect(eip.apiVersion).toBe('network.kubesphere.io/v1alpha2');
    expect(eip.metadata.namespace).toBeUndefined();
    expect(eip.spec).toEqual({ address: '10.1.0.0/29', protocol: 'vip', interface: 'can_reach:10.1.0.1', namespaces: ['dev-ci'] });
  });

  test('BgpConf is the single `default` one, listening off port 179; BgpPeer names its router', () => {
    expect(find(objects, 'BgpConf', 'default').spec).toEqual({ as: 64512, routerId: '10.30.255.1', listenPort: 17900 });
    expect(find(objects, 'BgpPeer', 'tor-a').spec).toEqual({
      conf: { peerAs: 64500, neighborAddress: '10.30.255.253' },
      nodeSelector: { matchLabels: { 'node-role.kubernetes.io/edge': '' } },
    });
  });

  test('all are valid against the OpenELB CRDs', () => {
    for (const o of objects) expect(validateObject(o as never)).toEqual([]);
  });

  test('errors', () => {
    expect(() => new Eip(scope('prod'), 'e', { name: 'p', address: '10.1.0.0-10.0.0.1', protocol: 'layer2' })).toThrow(
      'openelb \'test/e\' (prod): address must be an IPv4 CIDR or an ascending range a.b.c.d-e.f.g.h; got "10.1.0.0-10.0.0.1"',
    );
    expect(() => new BgpConf(scope('prod'), 'b', { as: 0, routerId: '10.0.0.1' })).toThrow(
      "openelb 'test/b' (prod): as must be a whole number between 1 and 4294967295; got 0",
    );
    expect(() => new BgpPeer(scope('prod'), 'b', { name: 'tor', peerAs: 64500, neighborAddress: 'tor.example.com' })).toThrow(
      'openelb \'test/b\' (prod): neighborAddress must be an IPv4 address; got "tor.example.com"',
    );
  });
});
