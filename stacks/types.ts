import { JenkinsAgentPoolSpec, JenkinsControllerSpec, JenkinsCredentialSpec, KubernetesCloudSpec } from '../constructs/jenkins/jenkins-cluster';
import { PluginSource } from '../constructs/jenkins/plugins';
import { SecretKeyRef } from '../constructs/common/secrets';
import { PullRequestProvider } from '../constructs/argocd/pull-request-previews';

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
  readonly delivery: DeliverySettings;
}

/** Where open pull requests come from, for PR preview environments ('none': no previews). */
export type PullRequestSource = { readonly kind: 'none' } | PullRequestProvider;

/** How an environment is delivered: by `pulumi up`, by Argo CD, and where its PR previews run. */
export interface DeliverySettings {
  /**
   * What `pulumi up` does: 'direct' deploys every chart's objects; 'argocd' installs only the
   * Secrets and the Argo CD root Application, and Argo CD syncs the committed manifests.
   */
  readonly mode: 'direct' | 'argocd';
  /** Git repository holding `manifests/` (what Argo CD clones). */
  readonly repoURL: string;
  /** Branch, tag or commit of `repoURL` that Argo CD follows. */
  readonly revision: string;
  readonly argocd: {
    /** Write the app-of-apps (a root Application and one Application per chart) for this environment. */
    readonly appOfApps: boolean;
    /** Namespace Argo CD watches for Applications. */
    readonly namespace: string;
    /** AppProject of the Applications. */
    readonly project: string;
    /** API server the Applications deploy to (the cluster Argo CD runs in by default). */
    readonly server: string;
  };
  /** PR previews hosted by this environment's Argo CD (an ApplicationSet over `manifests/preview`). */
  readonly previews: PullRequestSource;
}
