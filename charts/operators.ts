import { Checks } from '../constructs/common/errors';
import { Construct } from 'constructs';
import { HELM_CHARTS } from '../constructs/common/helm-charts';
import { AnnouncementMode, LoadBalancerBackend } from '../constructs/loadbalancer/address-pool';
import { IgnoredDifference, UpstreamRelease } from '../constructs/upstream/upstream-release';
import { RESTRICTED_POD_SECURITY } from '../constructs/common/labels';
import { KeelsonChart } from './keelson-chart';
import { SYNC_WAVES } from './sync-waves';

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

export interface OperatorsChartProps {
  readonly settings: OperatorSettings;
  readonly loadBalancer: LoadBalancerBackend;
  /** How the environment's pool is announced (OpenELB runs its layer-2 speaker only when needed). */
  readonly announcement: AnnouncementMode['kind'];
}

/** Webhook CA bundles are injected at runtime by the charts' own jobs or controllers. */
const INJECTED_CA_BUNDLES: IgnoredDifference[] = [
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jqPathExpressions: ['.spec.conversion.webhook.clientConfig.caBundle'] },
];

/** These charts install CRDs: pruning a CRD deletes every resource of its kind, so they never prune. */
const KEEP_CRDS = { prune: false } as const;

/** Speakers need host networking and NET_RAW/NET_ADMIN: their namespace cannot be restricted. */
const PRIVILEGED_NAMESPACE = { 'pod-security.kubernetes.io/enforce': 'privileged' };

/** Namespace of the External Secrets Operator (one per cluster). */
export const EXTERNAL_SECRETS_NAMESPACE = 'external-secrets';

/**
 * Cluster add-ons installed from pinned upstream charts, as Argo CD Applications (and Helm
 * releases in `pulumi up`). Cluster-wide, so only the environment that owns its cluster
 * installs them; the chart owns no namespace (Applications live in Argo CD's).
 */
export class OperatorsChart extends KeelsonChart {
  readonly releases: UpstreamRelease[] = [];

  constructor(scope: Construct, id: string, props: OperatorsChartProps) {
    super(scope, id, {});
    const s = props.settings;
    if (!s.installClusterAddons) return;
    // Helm passes values through unchecked: a fraction or zero would reach the Deployments as is.
    const checks: Checks = new Checks(this, 'operators');
    checks.integer('operators.strimziReplicas', s.strimziReplicas, 1, 5);
    const metrics = s.metricsServer.replicas;
    checks.that(
      Number.isInteger(metrics) && metrics >= 1 && metrics <= 5,
      'operators.metricsServer.replicas',
      metrics,
      'must be a whole number between 1 and 5 (with none the metrics API goes unserved and every HorizontalPodAutoscaler stops scaling)',
    );
    const wave = SYNC_WAVES.operators;
    this.releases.push(
      new UpstreamRelease(this, 'strimzi', {
        name: 'strimzi',
        namespace: 'strimzi-system',
        chart: HELM_CHARTS.strimziKafkaOperator,
        // One operator serves the Kafka clusters of every environment in the cluster.
        values: {
          watchAnyNamespace: true,
          replicas: s.strimziReplicas,
          // Kafka pods run in namespaces that enforce the restricted Pod Security Standard.
          extraEnvs: [{ name: 'STRIMZI_POD_SECURITY_PROVIDER_CLASS', value: 'restricted' }],
        },
        syncWave: wave,
        ...KEEP_CRDS,
      }),
    );
    if (props.loadBalancer.kind === 'openelb') {
      this.releases.push(
        new UpstreamRelease(this, 'openelb', {
          name: 'openelb',
          namespace: 'openelb-system',
          chart: HELM_CHARTS.openelb,
          values: { speaker: { layer2: props.announcement === 'layer2', vip: false } },
          syncWave: wave,
          ...KEEP_CRDS,
          namespaceLabels: PRIVILEGED_NAMESPACE,
          ignoreDifferences: INJECTED_CA_BUNDLES,
        }),
      );
    } else {
      this.releases.push(
        new UpstreamRelease(this, 'metallb', {
          name: 'metallb',
          namespace: props.loadBalancer.namespace ?? 'metallb-system',
          chart: HELM_CHARTS.metallb,
          values: {},
          syncWave: wave,
          ...KEEP_CRDS,
          namespaceLabels: PRIVILEGED_NAMESPACE,
          ignoreDifferences: INJECTED_CA_BUNDLES,
        }),
      );
    }
    // Every Secret of an environment using the operator comes from it (charts/external-secrets.ts).
    const eso = s.externalSecretsReplicas;
    this.releases.push(
      new UpstreamRelease(this, 'external-secrets', {
        name: 'external-secrets',
        namespace: EXTERNAL_SECRETS_NAMESPACE,
        chart: HELM_CHARTS.externalSecrets,
        values: {
          installCRDs: true,
          replicaCount: eso,
          // More than one controller would reconcile every ExternalSecret twice.
          leaderElect: eso > 1,
          webhook: { replicaCount: eso },
          podDisruptionBudget: { enabled: eso > 1, minAvailable: 1 },
        },
        syncWave: wave,
        // The chart's pods run as non-root with every capability dropped and the RuntimeDefault
        // seccomp profile, without host networking: the namespace can enforce `restricted`.
        namespaceLabels: { ...RESTRICTED_POD_SECURITY },
        // Its cert-controller injects the webhook's CA into the webhook configuration and CRDs.
        ignoreDifferences: INJECTED_CA_BUNDLES,
      }),
    );
    // Appended to the chart's defaultArgs (cert dir, address types, resolution).
    const args = s.metricsServer.kubeletInsecureTls ? ['--kubelet-insecure-tls'] : [];
    this.releases.push(
      new UpstreamRelease(this, 'metrics-server', {
        name: 'metrics-server',
        namespace: 'kube-system',
        chart: HELM_CHARTS.metricsServer,
        values: {
          replicas: s.metricsServer.replicas,
          args,
          resources: { requests: { cpu: '100m', memory: '200Mi' }, limits: { memory: '400Mi' } },
          podDisruptionBudget: { enabled: s.metricsServer.replicas > 1, maxUnavailable: 1 },
        },
        syncWave: wave,
        // Plain Deployment/Service/APIService: pruning removed objects is safe.
        prune: true,
        serverSideApply: false,
      }),
    );
  }
}
