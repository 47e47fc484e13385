import { createHash } from 'node:crypto';
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { AutoscalingSpec, checkAutoscaling, HorizontalAutoscaler } from '../common/autoscaling';
import { PodDisruptionBudget } from '../common/disruption';
import { Checks } from '../common/errors';
import { isAbsoluteHttpUrl } from '../common/urls';
import { IMAGES, ImageRef, checkImage } from '../common/images';
import { recommendedLabels, selectorLabels } from '../common/labels';
import { checkProbes, HealthProbes, httpGet, tcpSocket } from '../common/probes';
import { toMebibytes } from '../common/quantity';
import { checkResources, ResourceFigures, ResourceSpec } from '../common/resources';
import { restrictedPodSecurityContext } from '../common/security';
import { renderYaml } from '../common/render/yaml';
import { configMapVolume, container, scratchVolume, topologySpread } from '../common/workload';
import { chartIdOf, FlowTarget, recordApiServerFlow, recordFlow } from '../common/wiring';
import { collectorConfig, CollectorConfigInput, MemoryLimiterSpec, OtlpDestination, OtlpPorts } from './otel-config';
import { clusterScopedName } from '../common/kinds';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

const COMPONENT = 'otel-collector';
/** The contrib image runs the collector as uid 10001. */
export const OTEL_UID = 10001;
export const OTLP_PORTS: OtlpPorts = { grpc: 4317, http: 4318, health: 13133 };
const NODE_NAME_ENV = 'K8S_NODE_NAME';
const CONFIG_DIR = '/etc/otelcol-contrib';

/** What k8sattributes reads: pods and namespaces, and replicasets to name a pod's Deployment. */
export const K8S_ATTRIBUTES_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
];

export interface CollectorAgentSpec {
  readonly resources: ResourceSpec;
}

export interface CollectorGatewaySpec {
  readonly resources: ResourceSpec;
  /** Fixed replica count; not set together with `autoscaling`. @default 1 */
  readonly replicas?: number;
  /** An HPA instead of a fixed count. @default undefined (fixed replicas) */
  readonly autoscaling?: AutoscalingSpec;
}

/** Where the gateway sends logs (Loki's OTLP endpoint) and who receives them. */
export interface LogsDestination {
  /** OTLP/HTTP base URL, e.g. Loki's `/otlp`. */
  readonly otlpUrl: string;
  /** The receiving pods, for the wiring record. */
  readonly target: FlowTarget;
  readonly port: number;
}

export interface OtelCollectorProps {
  /** Namespace of the agents' ServiceAccount (a ClusterRoleBinding must name it). */
  readonly namespace: string;
  /** Trace backend (Jaeger): its OTLP/gRPC host:port and its pods, for the wiring record. */
  readonly tracesTo: { readonly endpoint: string; readonly target: FlowTarget };
  readonly agent: CollectorAgentSpec;
  readonly gateway: CollectorGatewaySpec;
  /** @default { limitPercentage: 80, spikeLimitPercentage: 20 } */
  readonly memoryLimiter?: MemoryLimiterSpec;
  /** @default IMAGES.otelCollector */
  readonly image?: ImageRef;
  /** @default COLLECTOR_PROBES */
  readonly probes?: HealthProbes;
}

export const COLLECTOR_PROBES: HealthProbes = {
  startup: { action: httpGet('/', 'health'), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 24 },
  liveness: { action: tcpSocket('otlp-grpc'), periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
  readiness: { action: httpGet('/', 'health'), periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
};

const HOST_PORT = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?:[0-9]{1,5}$/;

/**
 * OpenTelemetry Collector in the agent/gateway pattern: an agent on every node receives OTLP
 * from local pods (a node-local Service), adds Kubernetes metadata and forwards to a gateway
 * Deployment, which batches and exports traces to Jaeger and, once wired, logs to Loki.
 */
export class OtelCollector extends Construct {
  readonly agentName: string;
  readonly gatewayName: string;
  readonly agentSelector: Record<string, string>;
  readonly gatewaySelector: Record<string, string>;
  /** Where applications send OTLP/gRPC: the agent on their own node. */
  readonly otlpGrpcEndpoint: string;
  readonly otlpHttpEndpoint: string;
  private logs?: LogsDestination;
  private readonly memoryLimiter: MemoryLimiterSpec;
  private readonly tracesEndpoint: string;

  constructor(scope: Construct, id: string, props: OtelCollectorProps) {
    super(scope, id);
    const checks: Checks = new Checks(this, COMPONENT);
    checks.knownFields(props, PROP_SHAPES.OtelCollectorProps);
    const name = checks.dnsLabel('id', id, 40);

    // Defaults, in one place.
    const image = props.image ?? IMAGES.otelCollector;
    const probes = props.probes ?? COLLECTOR_PROBES;
    const memoryLimiter = props.memoryLimiter ?? { limitPercentage: 80, spikeLimitPercentage: 20 };
    const g = props.gateway;

    // Validation, before anything is created.
    checks.dnsLabel('namespace', props.namespace);
    checks.that(HOST_PORT.test(props.tracesTo?.endpoint ?? ''), 'tracesTo.endpoint', props.tracesTo?.endpoint, 'must be host:port of an OTLP/gRPC receiver');
    checkImage(checks, 'image', image);
    checkProbes(checks, 'probes', probes);
    const agentFigures = checkResources(checks, 'agent.resources', props.agent?.resources);
    const gatewayFigures = checkResources(checks, 'gateway.resources', g?.resources);
    checks.integer('memoryLimiter.limitPercentage', memoryLimiter.limitPercentage, 10, 95);
    checks.integer('memoryLimiter.spikeLimitPercentage', memoryLimiter.spikeLimitPercentage, 1, memoryLimiter.limitPercentage - 1);
    checks.that(
      !(g.replicas !== undefined && g.autoscaling !== undefined),
      'gateway.replicas',
      g.replicas,
      'must not be set together with gateway.autoscaling (the autoscaler owns the replica count)',
    );
    if (g.replicas !== undefined) checks.integer('gateway.replicas', g.replicas, 1, 100);
    if (g.autoscaling !== undefined) checkAutoscaling(checks, 'gateway.autoscaling', g.autoscaling);

    this.memoryLimiter = memoryLimiter;
    this.tracesEndpoint = props.tracesTo.endpoint;
    this.agentName = `${name}-agent`;
    this.gatewayName = `${name}-gateway`;
    this.agentSelector = selectorLabels({ name: 'otel-collector', instance: name, component: 'agent' });
    this.gatewaySelector = selectorLabels({ name: 'otel-collector', instance: name, component: 'gateway' });
    this.otlpGrpcEndpoint = `${this.agentName}:${OTLP_PORTS.grpc}`;
    this.otlpHttpEndpoint = `http://${this.agentName}:${OTLP_PORTS.http}`;
    const agentLabels = recommendedLabels({ name: 'otel-collector', instance: name, component: 'agent', version: image.tag });
    const gatewayLabels = recommendedLabels({ name: 'otel-collector', instance: name, component: 'gateway', version: image.tag });
    const chart = chartIdOf(this);

    // The config is produced at synthesis, so a logs destination wired later is included.
    const agentConfig = () => this.renderAgentConfig();
    const gatewayConfig = () => this.renderGatewayConfig();

    // Agent: RBAC for k8sattributes, config, node-local Service, DaemonSet.
    new k8s.KubeServiceAccount(this, 'AgentServiceAccount', { metadata: { name: this.agentName, labels: agentLabels }, automountServiceAccountToken: false });
    const agentClusterName = clusterScopedName(props.namespace, this.agentName);
    new k8s.KubeClusterRole(this, 'AgentClusterRole', {
      metadata: { name: agentClusterName, labels: agentLabels },
      rules: K8S_ATTRIBUTES_RULES.map((r) => ({ apiGroups: [...(r.apiGroups ?? [])], resources: [...(r.resources ?? [])], verbs: [...r.verbs] })),
    });
    new k8s.KubeClusterRoleBinding(this, 'AgentClusterRoleBinding', {
      metadata: { name: agentClusterName, labels: agentLabels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: agentClusterName },
      subjects: [{ kind: 'ServiceAccount', name: this.agentName, namespace: props.namespace }],
    });
    const agentMap = new k8s.KubeConfigMap(this, 'AgentConfig', {
      metadata: { name: `${this.agentName}-config`, labels: agentLabels },
      data: { 'config.yaml': Lazy.any({ produce: agentConfig }) },
    });
    new k8s.KubeService(this, 'AgentService', {
      metadata: { name: this.agentName, labels: agentLabels },
      spec: {
        type: 'ClusterIP',
        // Each pod reaches the agent on its own node: no cross-node hop for telemetry.
        internalTrafficPolicy: 'Local',
        selector: this.agentSelector,
        ports: otlpServicePorts(),
      },
    });
    new k8s.KubeDaemonSet(this, 'Agent', {
      metadata: { name: this.agentName, labels: agentLabels },
      spec: {
        selector: { matchLabels: this.agentSelector },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') } },
        template: this.podTemplate({
          labels: agentLabels,
          checksum: agentConfig,
          serviceAccountName: this.agentName,
          configMap: agentMap.name,
          image,
          probes,
          resources: props.agent.resources,
          figures: agentFigures,
          extraEnv: [{ name: NODE_NAME_ENV, valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
        }),
      },
    });

    // Gateway: config, Services (headless for client-side load balancing), Deployment, HPA, PDB.
    const gatewayMap = new k8s.KubeConfigMap(this, 'GatewayConfig', {
      metadata: { name: `${this.gatewayName}-config`, labels: gatewayLabels },
      data: { 'config.yaml': Lazy.any({ produce: gatewayConfig }) },
    });
    new k8s.KubeService(this, 'GatewayService', {
      metadata: { name: this.gatewayName, labels: gatewayLabels },
      spec: { type: 'ClusterIP', selector: this.gatewaySelector, ports: otlpServicePorts() },
    });
    new k8s.KubeService(this, 'GatewayHeadless', {
      metadata: { name: `${this.gatewayName}-headless`, labels: gatewayLabels },
      spec: { clusterIp: 'None', selector: this.gatewaySelector, ports: otlpServicePorts() },
    });
    const replicas = g.autoscaling ? g.autoscaling.minReplicas : (g.replicas ?? 1);
    const gatewayTemplate = this.podTemplate({
      labels: gatewayLabels,
      checksum: gatewayConfig,
      configMap: gatewayMap.name,
      image,
      probes,
      resources: g.resources,
      figures: gatewayFigures,
      extraEnv: [],
    });
    // Spread whenever the gateway can run more than one pod (the HPA may add them).
    const maxReplicas = g.autoscaling ? g.autoscaling.maxReplicas : replicas;
    new k8s.KubeDeployment(this, 'Gateway', {
      metadata: { name: this.gatewayName, labels: gatewayLabels },
      spec: {
        replicas: g.autoscaling ? undefined : replicas,
        selector: { matchLabels: this.gatewaySelector },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
        template:
          maxReplicas > 1
            ? { ...gatewayTemplate, spec: { ...gatewayTemplate.spec, topologySpreadConstraints: topologySpread(this.gatewaySelector) } }
            : gatewayTemplate,
      },
    });
    if (g.autoscaling) {
      new HorizontalAutoscaler(this, 'GatewayAutoscaler', {
        spec: g.autoscaling,
        target: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.gatewayName },
        name: this.gatewayName,
        labels: gatewayLabels,
        component: COMPONENT,
        field: 'gateway.autoscaling',
      });
    }
    if (replicas > 1) {
      new PodDisruptionBudget(this, 'GatewayDisruptionBudget', {
        name: this.gatewayName,
        labels: gatewayLabels,
        selector: this.gatewaySelector,
        budget: { maxUnavailable: 1 },
      });
    }

    const otlpGrpc = [{ port: OTLP_PORTS.grpc }];
    recordApiServerFlow(this, { chart, selector: this.agentSelector }, 'pod metadata for spans (k8sattributes)');
    recordFlow(this, {
      from: { chart, selector: this.agentSelector },
      to: { kind: 'pods', chart, selector: this.gatewaySelector },
      ports: otlpGrpc,
      purpose: 'telemetry forwarding (agent to gateway)',
    });
    const tracesPort = Number(props.tracesTo.endpoint.split(':')[1]);
    recordFlow(this, {
      from: { chart, selector: this.gatewaySelector },
      to: props.tracesTo.target,
      ports: [{ port: tracesPort }],
      purpose: 'trace export (OTLP)',
    });
  }

  /** Adds a logs pipeline (agent → gateway → destination); call once, before synthesis. */
  exportLogsTo(destination: LogsDestination): void {
    const checks: Checks = new Checks(this, COMPONENT);
    checks.that(this.logs === undefined, 'logs', destination.otlpUrl, 'must be wired once');
    checks.that(isAbsoluteHttpUrl(destination.otlpUrl), 'logs.otlpUrl', destination.otlpUrl, 'must be an absolute http(s) URL');
    this.logs = destination;
    recordFlow(this, {
      from: { chart: chartIdOf(this), selector: this.gatewaySelector },
      to: destination.target,
      ports: [{ port: destination.port }],
      purpose: 'log export (OTLP)',
    });
  }

  /** Records that `from` pods send OTLP to the agents. */
  acceptFrom(scope: Construct, from: { readonly chart: string; readonly selector: Record<string, string> }, purpose: string): void {
    recordFlow(scope, {
      from,
      to: { kind: 'pods', chart: chartIdOf(this), selector: this.agentSelector },
      ports: [{ port: OTLP_PORTS.grpc }, { port: OTLP_PORTS.http }],
      purpose,
    });
  }

  /** The agent's configuration document. */
  agentConfigDocument(): Record<string, unknown> {
    const toGateway: OtlpDestination = { kind: 'grpc', endpoint: `${this.gatewayName}-headless:${OTLP_PORTS.grpc}`, roundRobin: true };
    return collectorConfig(
      this.input({
        kubernetesAttributes: { nodeNameEnv: NODE_NAME_ENV },
        traces: { name: 'gateway', to: toGateway },
        logs: this.logs ? { name: 'gateway', to: toGateway } : undefined,
      }),
    );
  }

  /** The gateway's configuration document. */
  gatewayConfigDocument(): Record<string, unknown> {
    return collectorConfig(
      this.input({
        traces: { name: 'jaeger', to: { kind: 'grpc', endpoint: this.tracesEndpoint, roundRobin: false } },
        logs: this.logs ? { name: 'loki', to: { kind: 'http', endpoint: this.logs.otlpUrl } } : undefined,
      }),
    );
  }

  private input(i: Pick<CollectorConfigInput, 'kubernetesAttributes' | 'traces' | 'logs'>): CollectorConfigInput {
    return { ports: OTLP_PORTS, memoryLimiter: this.memoryLimiter, ...i };
  }

  private renderAgentConfig(): string {
    return renderYaml(this.agentConfigDocument());
  }

  private renderGatewayConfig(): string {
    return renderYaml(this.gatewayConfigDocument());
  }

  private podTemplate(o: {
    labels: Record<string, string>;
    checksum: () => string;
    serviceAccountName?: string;
    configMap: string;
    image: ImageRef;
    probes: HealthProbes;
    resources: ResourceSpec;
    figures: ResourceFigures;
    extraEnv: k8s.EnvVar[];
  }): k8s.PodTemplateSpec & { readonly spec: k8s.PodSpec } {
    // The Go runtime collects garbage harder as it nears this soft limit, below the container's hard one.
    const goMemLimit = Math.floor(toMebibytes(o.figures.memoryLimitBytes) * 0.8);
    return {
      metadata: {
        labels: o.labels,
        annotations: { 'keelson.io/config-checksum': Lazy.any({ produce: () => createHash('sha256').update(o.checksum()).digest('hex') }) },
      },
      spec: {
        serviceAccountName: o.serviceAccountName,
        // Only the agent talks to the API server (k8sattributes).
        automountServiceAccountToken: o.serviceAccountName !== undefined,
        enableServiceLinks: false,
        securityContext: restrictedPodSecurityContext({ user: OTEL_UID }),
        containers: [
          container({
            name: 'otel-collector',
            image: o.image,
            args: [`--config=${CONFIG_DIR}/config.yaml`],
            ports: [
              { name: 'otlp-grpc', port: OTLP_PORTS.grpc },
              { name: 'otlp-http', port: OTLP_PORTS.http },
              { name: 'health', port: OTLP_PORTS.health },
            ],
            env: [{ name: 'GOMEMLIMIT', value: `${goMemLimit}MiB` }, ...o.extraEnv],
            resources: o.resources,
            probes: o.probes,
            volumeMounts: [
              { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
              { name: 'tmp', mountPath: '/tmp' },
            ],
          }),
        ],
        volumes: [configMapVolume('config', o.configMap), scratchVolume('tmp', '256Mi')],
      },
    };
  }
}

function otlpServicePorts(): k8s.ServicePort[] {
  return [
    { name: 'otlp-grpc', port: OTLP_PORTS.grpc, targetPort: k8s.IntOrString.fromString('otlp-grpc'), protocol: 'TCP', appProtocol: 'grpc' },
    { name: 'otlp-http', port: OTLP_PORTS.http, targetPort: k8s.IntOrString.fromString('otlp-http'), protocol: 'TCP', appProtocol: 'http' },
  ];
}
