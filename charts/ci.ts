import { Construct } from 'constructs';
import { Checks } from '../constructs/common/errors';
import { Exposure } from '../constructs/common/exposure';
import { JenkinsCluster } from '../constructs/jenkins/jenkins-cluster';
import { CiSettings, EndpointExposure } from '../stacks/types';
import { KeelsonChart, KeelsonChartProps } from './keelson-chart';

export interface CiChartProps extends KeelsonChartProps {
  readonly settings: CiSettings;
  /** Base DNS domain; Jenkins is served at `jenkins.<domain>`. */
  readonly domain: string;
  /** StorageClass for volumes that do not name one. @default undefined (cluster default) */
  readonly storageClass?: string;
}

/** Turns an environment's endpoint exposure into a construct Exposure for one host. */
export function exposureFor(e: EndpointExposure, host: string, tlsSecretName: string): Exposure {
  switch (e.kind) {
    case 'none':
      return { kind: 'none' };
    case 'loadBalancer':
      return { kind: 'loadBalancer', annotations: e.annotations };
    case 'ingress':
      return { kind: 'ingress', host, ingressClassName: e.className, tlsSecretName: e.tls ? tlsSecretName : undefined, annotations: e.annotations };
  }
}

/** Delivery: the Jenkins cluster. */
export class CiChart extends KeelsonChart {
  readonly jenkins: JenkinsCluster;

  constructor(scope: Construct, id: string, props: CiChartProps) {
    super(scope, id, props);
    const s = props.settings;
    // An unknown kind would otherwise fall through to no exposure at all, silently.
    new Checks(this, 'ci').that(['none', 'ingress', 'loadBalancer'].includes(s.exposure?.kind), 'exposure.kind', s.exposure?.kind, "must be 'none', 'ingress' or 'loadBalancer'");
    const host = `jenkins.${props.domain}`;
    const exposure = exposureFor(s.exposure, host, 'jenkins-tls');
    this.jenkins = new JenkinsCluster(this, 'jenkins', {
      url: `${exposure.kind === 'ingress' && exposure.tlsSecretName === undefined ? 'http' : 'https'}://${host}`,
      admin: s.admin,
      controller: { ...s.controller, storage: { storageClass: props.storageClass, ...s.controller.storage } },
      agents: s.agents,
      kubernetesCloud: s.kubernetesCloud,
      plugins: s.plugins,
      credentials: s.credentials,
      networkPolicy: s.networkPolicy,
      exposure,
    });
  }
}
