import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { HELM_CHARTS } from '../common/helm-charts';
import { recommendedLabels } from '../common/labels';
import { parseIpv4Block } from '../loadbalancer/ipv4';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

/** The fields of OpenELB's `Eip` (network.kubesphere.io/v1alpha2) that keelson sets. */
export interface EipSpec {
  readonly address: string;
  readonly protocol: 'layer2' | 'bgp' | 'vip';
  readonly interface?: string;
  readonly namespaces?: readonly string[];
  readonly disable?: boolean;
}

export interface EipProps {
  /** Cluster-wide name of the pool (Eip is cluster-scoped). */
  readonly name: string;
  /** CIDR or inclusive range. */
  readonly address: string;
  readonly protocol: 'layer2' | 'bgp' | 'vip';
  /** NIC (or `can_reach:<ip>`) announcing layer2/vip addresses. @default undefined (OpenELB's default) */
  readonly interface?: string;
  /**
   * Namespaces whose Services may take addresses from this pool without naming it.
   * @default undefined (Services must name the pool in an annotation)
   */
  readonly namespaces?: readonly string[];
}

/** An OpenELB address pool. */
export class Eip extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: EipProps) {
    super(scope, id);
    const checks: Checks = new Checks(this, 'openelb');
    checks.knownFields(props, PROP_SHAPES.EipProps);
    checks.dnsLabel('name', props.name);
    checks.that(parseIpv4Block(props.address) !== undefined, 'address', props.address, 'must be an IPv4 CIDR or an ascending range a.b.c.d-e.f.g.h');
    checks.that(['layer2', 'bgp', 'vip'].includes(props.protocol), 'protocol', props.protocol, "must be 'layer2', 'bgp' or 'vip'");
    props.namespaces?.forEach((n, i) => checks.dnsLabel(`namespaces[${i}]`, n));

    this.name = props.name;
    const spec: EipSpec = {
      address: props.address,
      protocol: props.protocol,
      interface: props.interface,
      namespaces: props.namespaces && [...props.namespaces],
    };
    new ApiObject(this, 'Resource', {
      apiVersion: 'network.kubesphere.io/v1alpha2',
      kind: 'Eip',
      metadata: {
        name: props.name,
        labels: recommendedLabels({ name: 'openelb', instance: props.name, component: 'address-pool', version: HELM_CHARTS.openelb.version }),
      },
      spec,
    });
  }
}
