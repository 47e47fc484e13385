import type { EndpointExposure } from '../charts/exposure';
import type { CiSettings } from '../charts/ci';
import type { EsSyncSettings } from '../charts/es-sync';
import type { LoggingSettings } from '../charts/logging';
import type { TracingSettings } from '../charts/tracing';
import type { SecretBackend } from '../charts/external-secrets';
import type { LoadBalancingSettings } from '../charts/network';
import type { OperatorSettings } from '../charts/operators';
import type { KafkaTopicSettings, KafkaUserSettings, MessagingSettings } from '../charts/messaging';
import type { RegistrySettings } from '../charts/registry';
import type { PullRequestSource, DeliverySettings } from '../charts/argocd';

/** Each chart owns its settings type; the environment model composes them. */
export type {
  EndpointExposure,
  CiSettings,
  EsSyncSettings,
  LoggingSettings,
  TracingSettings,
  SecretBackend,
  LoadBalancingSettings,
  OperatorSettings,
  KafkaTopicSettings,
  KafkaUserSettings,
  MessagingSettings,
  RegistrySettings,
  PullRequestSource,
  DeliverySettings,
};

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

/** What the resource budget assumes about the cluster it cannot see. */
export interface OverviewSettings {
  /**
   * Nodes a DaemonSet runs on: the budget counts each DaemonSet pod once per node.
   * `keelson report --nodes N` overrides it for one run.
   */
  readonly nodes: number;
}
