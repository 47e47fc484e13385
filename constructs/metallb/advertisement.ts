import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { HELM_CHARTS } from '../common/helm-charts';
import { recommendedLabels } from '../common/labels';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

export interface AdvertisementProps {
  readonly name: string;
  readonly namespace: string;
  /** Pools announced. */
  readonly pools: readonly string[];
  /**
   * `layer2` answers ARP (optionally only on some interfaces); `bgp` announces routes to the
   * BGP peers configured in MetalLB.
   */
  readonly mode: { readonly kind: 'layer2'; readonly interfaces?: readonly string[] } | { readonly kind: 'bgp'; readonly peers?: readonly string[] };
}

/** How MetalLB announces pools: an L2Advertisement or a BGPAdvertisement (metallb.io/v1beta1). */
export class Advertisement extends Construct {
  constructor(scope: Construct, id: string, props: AdvertisementProps) {
    super(scope, id);
    const checks: Checks = new Checks(this, 'metallb');
    checks.knownFields(props, PROP_SHAPES.AdvertisementProps);
    checks.dnsLabel('name', props.name);
    checks.nonEmpty('pools', props.pools);
    const m = props.mode;
    const layer2 = m.kind === 'layer2';
    new ApiObject(this, 'Resource', {
      apiVersion: 'metallb.io/v1beta1',
      kind: layer2 ? 'L2Advertisement' : 'BGPAdvertisement',
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: recommendedLabels({ name: 'metallb', instance: props.name, component: 'advertisement', version: HELM_CHARTS.metallb.version }),
      },
      spec: layer2
        ? { ipAddressPools: [...props.pools], interfaces: m.interfaces?.length ? [...m.interfaces] : undefined }
        : { ipAddressPools: [...props.pools], peers: m.peers?.length ? [...m.peers] : undefined },
    });
  }
}
