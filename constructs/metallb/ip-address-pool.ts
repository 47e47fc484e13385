import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { HELM_CHARTS } from '../common/helm-charts';
import { recommendedLabels } from '../common/labels';
import { parseIpv4Block } from '../loadbalancer/ipv4';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

export interface IpAddressPoolProps {
  /** Pool name, unique in MetalLB's namespace. */
  readonly name: string;
  /** MetalLB's namespace (pools are read only there). */
  readonly namespace: string;
  /** CIDRs or inclusive ranges. */
  readonly addresses: readonly string[];
  /**
   * Hand out addresses to Services that do not name a pool. Off: every Service names its pool,
   * so environments sharing MetalLB never take each other's addresses.
   * @default false
   */
  readonly autoAssign?: boolean;
}

/** A MetalLB address pool (metallb.io/v1beta1 IPAddressPool). */
export class IpAddressPool extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: IpAddressPoolProps) {
    super(scope, id);
    const autoAssign = props.autoAssign ?? false;
    const checks: Checks = new Checks(this, 'metallb');
    checks.knownFields(props, PROP_SHAPES.IpAddressPoolProps);
    checks.dnsLabel('name', props.name);
    checks.dnsLabel('namespace', props.namespace);
    checks.nonEmpty('addresses', props.addresses);
    props.addresses.forEach((a, i) =>
      checks.that(parseIpv4Block(a) !== undefined, `addresses[${i}]`, a, 'must be an IPv4 CIDR or an ascending range a.b.c.d-e.f.g.h'),
    );
    this.name = props.name;
    new ApiObject(this, 'Resource', {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: recommendedLabels({ name: 'metallb', instance: props.name, component: 'address-pool', version: HELM_CHARTS.metallb.version }),
      },
      spec: { addresses: [...props.addresses], autoAssign },
    });
  }
}
