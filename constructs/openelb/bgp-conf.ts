import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { HELM_CHARTS } from '../common/helm-charts';
import { recommendedLabels } from '../common/labels';
import { parseIpv4 } from '../loadbalancer/ipv4';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

export interface BgpConfProps {
  /** Local autonomous system number of the cluster's speakers. */
  readonly as: number;
  /** Router ID (an IPv4 address, usually the node's). */
  readonly routerId: string;
  /** Port OpenELB's BGP speaker listens on; not 179 when the node already runs a BGP daemon (e.g. Calico). @default 17900 */
  readonly listenPort?: number;
}

/**
 * OpenELB's global BGP settings. There is exactly one per cluster and OpenELB reads it only
 * under the name `default`.
 */
export class BgpConf extends Construct {
  constructor(scope: Construct, id: string, props: BgpConfProps) {
    super(scope, id);
    const listenPort = props.listenPort ?? 17900;
    const checks: Checks = new Checks(this, 'openelb');
    checks.knownFields(props, PROP_SHAPES.BgpConfProps);
    checks.integer('as', props.as, 1, 4294967295);
    checks.that(parseIpv4(props.routerId) !== undefined, 'routerId', props.routerId, 'must be an IPv4 address');
    checks.integer('listenPort', listenPort, 1, 65535);
    new ApiObject(this, 'Resource', {
      apiVersion: 'network.kubesphere.io/v1alpha2',
      kind: 'BgpConf',
      metadata: {
        name: 'default',
        labels: recommendedLabels({ name: 'openelb', instance: 'default', component: 'bgp', version: HELM_CHARTS.openelb.version }),
      },
      spec: { as: props.as, routerId: props.routerId, listenPort },
    });
  }
}
