import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { HELM_CHARTS } from '../common/helm-charts';
import { recommendedLabels } from '../common/labels';
import { parseIpv4 } from '../loadbalancer/ipv4';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

export interface BgpPeerProps {
  /** Cluster-wide name. */
  readonly name: string;
  /** Autonomous system number of the router. */
  readonly peerAs: number;
  /** The router's address. */
  readonly neighborAddress: string;
  /** Nodes that peer with this router. @default undefined (every node running the speaker) */
  readonly nodeSelector?: Record<string, string>;
}

/** A BGP router OpenELB announces pool addresses to. */
export class BgpPeer extends Construct {
  constructor(scope: Construct, id: string, props: BgpPeerProps) {
    super(scope, id);
    const checks: Checks = new Checks(this, 'openelb');
    checks.knownFields(props, PROP_SHAPES.BgpPeerProps);
    checks.dnsLabel('name', props.name);
    checks.integer('peerAs', props.peerAs, 1, 4294967295);
    checks.that(parseIpv4(props.neighborAddress) !== undefined, 'neighborAddress', props.neighborAddress, 'must be an IPv4 address');
    new ApiObject(this, 'Resource', {
      apiVersion: 'network.kubesphere.io/v1alpha2',
      kind: 'BgpPeer',
      metadata: {
        name: props.name,
        labels: recommendedLabels({ name: 'openelb', instance: props.name, component: 'bgp', version: HELM_CHARTS.openelb.version }),
      },
      spec: {
        conf: { peerAs: props.peerAs, neighborAddress: props.neighborAddress },
        nodeSelector: props.nodeSelector && { matchLabels: { ...props.nodeSelector } },
      },
    });
  }
}
