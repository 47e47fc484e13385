import { JenkinsAgentPoolSpec, JenkinsControllerSpec, JenkinsCredentialSpec, KubernetesCloudSpec } from '../constructs/jenkins/jenkins-cluster';
import { PluginSource } from '../constructs/jenkins/plugins';
import { AuthorizationStrategy } from '../constructs/jenkins/casc';
import { SecretKeyRef } from '../constructs/common/secrets';
import { EsSyncProps } from '../constructs/logstash/es-sync';
import { AnnouncementMode, LoadBalancerBackend } from '../constructs/loadbalancer/address-pool';
import { KafkaNodeLayout } from '../constructs/kafka/node-pools';
import { KafkaAcl } from '../constructs/kafka/kafka-user';
import { HarborDatabase, HarborImageStorage, HarborRedis } from '../constructs/harbor/harbor';
import { VolumeSpec } from '../constructs/common/storage';
import { PullRequestProvider } from '../constructs/argocd/pull-request-previews';
import { ResourceSpec } from '../constructs/common/resources';
import { LokiLimits } from '../constructs/logging/loki-config';
import { LokiStorage } from '../constructs/logging/loki';
import { JaegerStorage } from '../constructs/tracing/jaeger';
import { SamplingConfig } from '../constructs/tracing/jaeger-config';
import { CollectorAgentSpec, CollectorGatewaySpec } from '../constructs/tracing/otel-collector';
import { SecretStoreRef } from '../constructs/external-secrets/external-secret';

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
      /**
       * The component serves HTTPS itself with the certificate in Secret `<component>-tls` (the
       * load balancer passes TCP through). @default false
       */
      readonly tls?: boolean;
    }
  | {
      /** A LoadBalancer Service with an address from the environment's pool (`loadBalancing`). */
      readonly kind: 'addressPool';
      /** A fixed address inside the pool. @default undefined (any free address) */
      readonly fixedIp?: string;
      /** As for `loadBalancer`. @default false */
      readonly tls?: boolean;
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
  /** Rows of the global matrix beside the administrator and the Swarm user, which are always there. */
  readonly authorization: AuthorizationStrategy;
}

/** The `es-sync` chart: one EsSync (Logstash copying indices between two clusters). */
export interface EsSyncSettings extends EsSyncProps {
  /** Whether the environment runs the `es-sync` chart (PR previews do not copy data). */
  readonly enabled: boolean;
  /** Construct id: names the StatefulSet, the Job and their companions. */
  readonly name: string;
}

/** The `logging` chart: Loki, Alloy, Grafana. */
export interface LoggingSettings {
  readonly loki: {
    readonly storage: LokiStorage;
    /** Days logs are kept. */
    readonly retentionDays: number;
    readonly resources: ResourceSpec;
    /** @default LOKI_DEFAULT_LIMITS */
    readonly limits?: Partial<LokiLimits>;
  };
  readonly alloy: { readonly resources: ResourceSpec };
  readonly grafana: {
    readonly admin: { readonly user: SecretKeyRef; readonly password: SecretKeyRef };
    readonly resources: ResourceSpec;
    /** @default undefined (emptyDir; everything that matters is provisioned) */
    readonly persistence?: VolumeSpec;
    /** @default undefined (no Prometheus datasource) */
    readonly prometheusUrl?: string;
    readonly exposure: EndpointExposure;
  };
}

/** The `tracing` chart: OpenTelemetry Collector agents and gateway, Jaeger v2. */
export interface TracingSettings {
  readonly jaeger: {
    readonly storage: JaegerStorage;
    readonly resources: ResourceSpec;
    /** @default 1 */
    readonly replicas?: number;
    /** @default DEFAULT_SAMPLING */
    readonly sampling?: SamplingConfig;
  };
  readonly collector: { readonly agent: CollectorAgentSpec; readonly gateway: CollectorGatewaySpec };
  /** The gateway also exports logs (OTLP) to Loki. */
  readonly logsToLoki: boolean;
}

/**
 * What an environment is for. Rules that depend on it (production data safety and high
 * availability, preview credentials, review order) read the tier, never the environment's name.
 */
export type EnvironmentTier = 'production' | 'staging' | 'development' | 'preview';

/**
 * Where an environment's objects live. 'namespaced': each chart owns `<namespacePrefix>-<chart>`
 * and the cluster-level charts (operators, address pool) are built. 'namespace-agnostic': the
 * output names no namespace and holds no cluster-scoped object (the deployer picks the namespace,
 * as for PR previews on a host cluster that already runs the add-ons).
 */
export type EnvironmentScope = 'namespaced' | 'namespace-agnostic';

/** Everything that differs between environments. Constructs never see this type. */
export interface EnvironmentConfig {
  /** dev, staging, prod, preview … (DNS label). */
  readonly name: string;
  /** What the environment is for (no default: every environment says it). */
  readonly tier: EnvironmentTier;
  /** @default 'namespaced' */
  readonly scope: EnvironmentScope;
  /**
   * Each chart deploys into `<namespacePrefix>-<chart>`, which the chart creates. Set (to the
   * environment's name unless overridden) exactly when the scope is 'namespaced'.
   */
  readonly namespacePrefix?: string;
  /** Base DNS domain of user-facing hosts, e.g. `jenkins.<domain>`. */
  readonly domain: string;
  /** StorageClass for volumes that do not name one. @default undefined (the cluster default) */
  readonly storageClass?: string;
  readonly ci: CiSettings;
  readonly esSync: EsSyncSettings;
  /**
   * Isolate every chart namespace: a default-deny NetworkPolicy (ingress and egress) plus allow
   * rules generated from the recorded wiring, DNS egress and exposure (charts/network-isolation.ts).
   */
  readonly networkIsolation: boolean;
  /**
   * Namespace of the Ingress controller, whose pods forward outside traffic to exposed services
   * when network isolation is on. @default 'ingress-nginx'
   */
  readonly ingressControllerNamespace?: string;
  readonly loadBalancing: LoadBalancingSettings;
  readonly operators: OperatorSettings;
  readonly messaging: MessagingSettings;
  readonly registry: RegistrySettings;
  readonly delivery: DeliverySettings;
  readonly logging: LoggingSettings;
  readonly tracing: TracingSettings;
  /** Assumptions of the environment overview (`keelson report`, `docs/environments/`). */
  readonly overview: OverviewSettings;
  /** Who creates the Secrets the charts reference (charts/external-secrets.ts). */
  readonly secrets: SecretBackend;
}

/**
 * Where the Secrets an environment's charts reference come from. Constructs only ever take
 * references; this decides who creates the Secrets behind them.
 */
export type SecretBackend =
  /** `pulumi up` creates each one from encrypted stack config (`keelson:secret.<secret>.<key>`); Argo CD does not. */
  | { readonly kind: 'pulumiConfig' }
  /** Someone else creates them (by hand, another tool); keelson only lists them. */
  | { readonly kind: 'outOfBand' }
  | {
      /**
       * The External Secrets Operator: every required Secret is rendered as an ExternalSecret in
       * its chart's namespace, so Argo CD and `pulumi up` alike deliver them from Git.
       */
      readonly kind: 'externalSecrets';
      readonly store: SecretStoreRef;
      /** Remote keys are `<keyPrefix>/<secret name>`, one property per Secret key (e.g. `keelson/prod`). */
      readonly keyPrefix: string;
      /**
       * Remote keys that depart from the convention, by Secret name (e.g. one pull secret shared
       * by several environments). @default {}
       */
      readonly remoteKeys?: Readonly<Record<string, string>>;
      /** How often the operator re-reads the store. @default '1h' */
      readonly refreshInterval?: string;
    };

/** The `network` chart: the environment's external address pool on a bare-metal load balancer. */
export interface LoadBalancingSettings {
  /**
   * The Kubernetes cluster the environment runs in. Pools of environments in the same cluster
   * must not overlap (checked across environments).
   */
  readonly cluster: string;
  /** OpenELB or MetalLB: switching an environment is this one field. */
  readonly backend: LoadBalancerBackend;
  /** The pool (named `<environment>-pool`). */
  readonly pool: { readonly addresses: string; readonly announcement: AnnouncementMode };
  /** OpenELB BGP speaker settings, when the pool is announced over BGP. @default undefined */
  readonly bgp?: {
    readonly localAs: number;
    readonly routerId: string;
    readonly peers: readonly { readonly name: string; readonly peerAs: number; readonly address: string }[];
  };
}

/** The `operators` chart: upstream operators and cluster add-ons installed from pinned Helm charts. */
export interface OperatorSettings {
  /**
   * Install the cluster-wide add-ons (Strimzi watching all namespaces, the load-balancer backend,
   * metrics-server). Exactly one environment per cluster does; the others rely on it.
   */
  readonly installClusterAddons: boolean;
  readonly metricsServer: {
    readonly replicas: number;
    /** Skip kubelet certificate checks (clusters whose kubelets serve self-signed certificates). */
    readonly kubeletInsecureTls: boolean;
  };
  /** Strimzi operator replicas (leader election makes extra replicas hot standbys). */
  readonly strimziReplicas: number;
  /**
   * External Secrets Operator controller and webhook replicas (more than one turns on leader
   * election). Installed in every cluster: environments and the PR previews a cluster hosts may
   * take their Secrets from it.
   */
  readonly externalSecretsReplicas: number;
}

/** A topic of the environment's Kafka cluster. */
export interface KafkaTopicSettings {
  readonly name: string;
  readonly partitions: number;
  /** @default the cluster's replication factor */
  readonly replicas?: number;
  /** @default the broker default (168) */
  readonly retentionHours?: number;
  /** @default 'delete' */
  readonly cleanupPolicy?: 'delete' | 'compact' | 'compact,delete';
}

/** The `messaging` chart: one Kafka cluster with its topics and users. */
export interface MessagingSettings {
  readonly enabled: boolean;
  readonly kafka: {
    readonly nodes: KafkaNodeLayout;
    /** @default min(3, brokers) */
    readonly replicationFactor?: number;
    /** @default replicationFactor - 1 */
    readonly minInsyncReplicas?: number;
    /** Expose a TLS listener through the environment's address pool. */
    readonly externalListener: boolean;
  };
  readonly topics: readonly KafkaTopicSettings[];
  readonly users: readonly { readonly name: string; readonly authentication: 'tls' | 'scram-sha-512'; readonly acls: readonly KafkaAcl[] }[];
}

/** The `registry` chart: Harbor, and how CI pushes to and pulls from it. */
export interface RegistrySettings {
  readonly enabled: boolean;
  /** Served at `harbor.<domain>`. */
  readonly exposure: EndpointExposure;
  readonly adminPassword: { readonly secretName: string; readonly key?: string };
  readonly encryptionKeySecret: string;
  /** Keys shared by Harbor's components (see Harbor's `internalSecret`). */
  readonly internalSecret: string;
  readonly tokenCertSecret: string;
  readonly imageStorage: HarborImageStorage;
  readonly database: HarborDatabase;
  readonly redis: HarborRedis;
  readonly trivy: { readonly enabled: false } | { readonly enabled: true; readonly volume: VolumeSpec };
  readonly replicas: number;
  /** Jenkins pushes images with a Harbor robot account (its token in a Secret of the ci namespace). */
  readonly ciPush: { readonly credentialId: string; readonly username: string; readonly password: SecretKeyRef };
  /** dockerconfigjson Secret in the ci namespace that agents pull build images with. */
  readonly ciPullSecret: string;
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
    /**
     * AppProject of the root Application, which must exist before bootstrap (e.g. `default`). The
     * Applications it syncs get projects of their own, derived from what they render:
     * `keelson-<env>` (charts), `keelson-<env>-addons` (upstream charts), `keelson-preview`.
     */
    readonly project: string;
    /** API server the Applications deploy to (the cluster Argo CD runs in by default). */
    readonly server: string;
  };
  /** PR previews hosted by this environment's Argo CD (an ApplicationSet over `manifests/preview`). */
  readonly previews: PullRequestSource;
}

/** What the resource budget assumes about the cluster it cannot see. */
export interface OverviewSettings {
  /**
   * Nodes a DaemonSet runs on: the budget counts each DaemonSet pod once per node.
   * `keelson report --nodes N` overrides it for one run.
   */
  readonly nodes: number;
}
