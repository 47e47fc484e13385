import { Construct } from 'constructs';
import { Checks } from '../constructs/common/errors';
import { Exposure } from '../constructs/common/exposure';
import { ImagePullSecret } from '../constructs/harbor/image-pull-secret';
import { HTTP_PORT } from '../constructs/jenkins/controller';
import { JenkinsCluster, JenkinsClusterProps, JenkinsCredentialSpec } from '../constructs/jenkins/jenkins-cluster';
import { recordFlow } from '../constructs/common/wiring';
import { KeelsonChart, KeelsonChartProps } from './keelson-chart';
import { withStorageClass } from '../constructs/common/storage';
import { EndpointExposure } from './exposure';

/**
 * The `ci` chart: one Jenkins cluster. Jenkins' own fields are JenkinsCluster's props (documented
 * on JenkinsClusterProps); those the construct defaults, every environment states (base.ts).
 * The parts keep the order fields are listed in to users (missing-field messages); a Pick of
 * several keys may list them in another order.
 */
export type CiSettings = Pick<JenkinsClusterProps, 'admin'> &
  Pick<JenkinsClusterProps, 'controller'> &
  Required<Pick<JenkinsClusterProps, 'agents' | 'kubernetesCloud'>> &
  Pick<JenkinsClusterProps, 'plugins'> &
  Required<Pick<JenkinsClusterProps, 'credentials' | 'networkPolicy'>> & {
    /** Served at `jenkins.<domain>`. */
    readonly exposure: EndpointExposure;
  } & Required<Pick<JenkinsClusterProps, 'authorization'>>;

export interface CiChartProps extends KeelsonChartProps {
  readonly settings: CiSettings;
  /** Base DNS domain; Jenkins is served at `jenkins.<domain>`. */
  readonly domain: string;
  /** StorageClass for persistent volumes that do not name one. @default undefined (cluster default) */
  readonly storageClass?: string;
  /**
   * The image registry CI works with: agents pull build images with `pullSecret`, pipelines
   * push with the `push` credential. @default undefined (public images only)
   */
  readonly registry?: { readonly host: string; readonly port: number; readonly pullSecret: string; readonly push: JenkinsCredentialSpec };
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
    case 'addressPool':
      // stacks/platform.ts binds it to the environment's pool (NetworkChart.resolve) first.
      throw new Error(`exposure of ${host} is bound to an address pool that was not resolved`);
  }
}

/** Whether the component terminates TLS itself behind a load balancer (certificate in `<component>-tls`). */
export function servesHttps(e: EndpointExposure): boolean {
  return e.kind === 'loadBalancer' && e.tls === true;
}

/** Jenkins' external URL: a LoadBalancer Service serves HTTPS on 443 or its own HTTP port, an Ingress serves 80/443. */
function jenkinsUrl(exposure: Exposure, host: string, https: boolean): string {
  if (exposure.kind === 'loadBalancer') return https ? `https://${host}` : `http://${host}:${HTTP_PORT}`;
  return `${exposure.kind === 'ingress' && exposure.tlsSecretName === undefined ? 'http' : 'https'}://${host}`;
}

/** Delivery: the Jenkins cluster. */
export class CiChart extends KeelsonChart {
  readonly jenkins: JenkinsCluster;

  constructor(scope: Construct, id: string, props: CiChartProps) {
    super(scope, id, props);
    const s = props.settings;
    // An unknown kind would otherwise fall through to no exposure at all, silently.
    const checks: Checks = new Checks(this, 'ci');
    checks.that(
      ['none', 'ingress', 'loadBalancer'].includes(s.exposure?.kind),
      'exposure.kind',
      s.exposure?.kind,
      "must be 'none', 'ingress' or 'loadBalancer'",
    );
    const host = `jenkins.${props.domain}`;
    const exposure = exposureFor(s.exposure, host, 'jenkins-tls');
    const pull = props.registry && new ImagePullSecret(this, 'registry-pull', { secretName: props.registry.pullSecret, registry: props.registry.host });
    this.jenkins = new JenkinsCluster(this, 'jenkins', {
      url: jenkinsUrl(exposure, host, servesHttps(s.exposure)),
      admin: s.admin,
      controller: { ...s.controller, storage: withStorageClass(s.controller.storage, props.storageClass) },
      agents: s.agents,
      kubernetesCloud: s.kubernetesCloud,
      plugins: s.plugins,
      credentials: [...s.credentials, ...(props.registry ? [props.registry.push] : [])],
      authorization: s.authorization,
      imagePullSecrets: pull ? [pull.secretName] : undefined,
      networkPolicy: s.networkPolicy,
      exposure,
      https: servesHttps(s.exposure) ? { tlsSecretName: 'jenkins-tls', keystorePassword: { name: 'jenkins-tls-keystore', key: 'password' } } : undefined,
    });
    if (props.registry) {
      // Builds pull their images from, and pipelines push images to, the registry's external address.
      for (const component of ['swarm-agent', 'kubernetes-agent']) {
        recordFlow(this, {
          from: { chart: id, selector: { 'app.kubernetes.io/instance': this.jenkins.name, 'app.kubernetes.io/component': component } },
          to: { kind: 'external', host: props.registry.host },
          ports: [{ port: props.registry.port }],
          purpose: 'jenkins pushes images',
        });
      }
    }
  }
}
