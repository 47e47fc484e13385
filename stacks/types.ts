import { JenkinsAgentPoolSpec, JenkinsControllerSpec, JenkinsCredentialSpec, KubernetesCloudSpec } from '../constructs/jenkins/jenkins-cluster';
import { PluginSource } from '../constructs/jenkins/plugins';
import { SecretKeyRef } from '../constructs/common/secrets';

/** How an environment's user-facing endpoints are reached. */
export type EndpointExposure =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'ingress';
      /** @default undefined (the cluster's default IngressClass) */
      readonly className?: string;
      /** Serve HTTPS with a certificate in Secret `<component>-tls`. */
      readonly tls: boolean;
      /** @default {} */
      readonly annotations?: Record<string, string>;
    }
  | {
      readonly kind: 'loadBalancer';
      /** @default {} */
      readonly annotations?: Record<string, string>;
    };

/** The `ci` chart: one Jenkins cluster. */
export interface CiSettings {
  /** The initial Jenkins administrator (a Secret created out of band or by `pulumi up`). */
  readonly admin: { readonly username: SecretKeyRef; readonly password: SecretKeyRef };
  readonly controller: JenkinsControllerSpec;
  readonly agents: JenkinsAgentPoolSpec;
  readonly kubernetesCloud: KubernetesCloudSpec;
  /** @default undefined (the construct's pinned DEFAULT_PLUGINS, installed at start) */
  readonly plugins?: PluginSource;
  readonly credentials: readonly JenkinsCredentialSpec[];
  readonly networkPolicy: boolean;
  readonly exposure: EndpointExposure;
}

/** Everything that differs between environments. Constructs never see this type. */
export interface EnvironmentConfig {
  /** dev, staging, prod, preview … (DNS label). */
  readonly name: string;
  /**
   * Each chart deploys into `<namespacePrefix>-<chart>`, which the chart creates.
   * Undefined makes the output namespace-agnostic (the deployer picks the namespace).
   */
  readonly namespacePrefix?: string;
  /** Base DNS domain of user-facing hosts, e.g. `jenkins.<domain>`. */
  readonly domain: string;
  /** StorageClass for volumes that do not name one. @default undefined (the cluster default) */
  readonly storageClass?: string;
  readonly ci: CiSettings;
  /** Assumptions of the environment overview (`keelson report`, `docs/environments/`). */
  readonly overview: OverviewSettings;
}

/** What the resource budget assumes about the cluster it cannot see. */
export interface OverviewSettings {
  /**
   * Nodes a DaemonSet runs on: the budget counts each DaemonSet pod once per node.
   * `keelson report --nodes N` overrides it for one run.
   */
  readonly nodes: number;
}
