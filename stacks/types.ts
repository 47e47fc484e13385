import { JenkinsAgentPoolSpec, JenkinsControllerSpec, JenkinsCredentialSpec, KubernetesCloudSpec } from '../constructs/jenkins/jenkins-cluster';
import { PluginSource } from '../constructs/jenkins/plugins';
import { SecretKeyRef } from '../constructs/common/secrets';
import { ResourceSpec } from '../constructs/common/resources';
import { VolumeSpec } from '../constructs/common/storage';
import { LokiLimits } from '../constructs/logging/loki-config';
import { LokiStorage } from '../constructs/logging/loki';
import { JaegerStorage } from '../constructs/tracing/jaeger';
import { SamplingConfig } from '../constructs/tracing/jaeger-config';
import { CollectorAgentSpec, CollectorGatewaySpec } from '../constructs/tracing/otel-collector';

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
  readonly logging: LoggingSettings;
  readonly tracing: TracingSettings;
}
