/**
 * Typed model of the OpenTelemetry Collector configuration for keelson's two collector roles,
 * and the function that builds it. Component names follow collector-contrib 0.16x: the OTLP
 * exporters are `otlp_grpc` and `otlp_http` (the old `otlp`/`otlphttp` names are deprecated).
 */

export interface OtlpPorts {
  readonly grpc: number;
  readonly http: number;
  readonly health: number;
}

export interface MemoryLimiterSpec {
  /** Hard limit as a share of the container memory limit. */
  readonly limitPercentage: number;
  /** Headroom kept for bursts between checks. */
  readonly spikeLimitPercentage: number;
}

/** Where a pipeline sends its data. */
export type OtlpDestination =
  /** OTLP over gRPC to host:port; `roundRobin` spreads load over every address the name resolves to. */
  | { readonly kind: 'grpc'; readonly endpoint: string; readonly roundRobin: boolean }
  /** OTLP over HTTP to a base URL (the exporter appends /v1/traces, /v1/logs). */
  | { readonly kind: 'http'; readonly endpoint: string };

export interface CollectorConfigInput {
  readonly ports: OtlpPorts;
  readonly memoryLimiter: MemoryLimiterSpec;
  /** Kubernetes metadata on every span and log record; agents only see pods of their node. */
  readonly kubernetesAttributes?: { readonly nodeNameEnv: string };
  readonly traces: { readonly name: string; readonly to: OtlpDestination };
  /** @default undefined (no logs pipeline) */
  readonly logs?: { readonly name: string; readonly to: OtlpDestination };
}

/** Metadata the k8sattributes processor adds; `apps` replicasets (RBAC) give k8s.deployment.name. */
export const EXTRACTED_METADATA = ['k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.deployment.name', 'k8s.node.name'] as const;

function exporter(to: OtlpDestination): Record<string, unknown> {
  if (to.kind === 'http') return { endpoint: to.endpoint };
  return {
    endpoint: to.roundRobin ? `dns:///${to.endpoint}` : to.endpoint,
    // In-cluster traffic; the NetworkPolicies limit who can reach the receivers.
    tls: { insecure: true },
    balancer_name: to.roundRobin ? 'round_robin' : undefined,
  };
}

function exporterId(to: OtlpDestination, name: string): string {
  return `${to.kind === 'grpc' ? 'otlp_grpc' : 'otlp_http'}/${name}`;
}

/** Builds the collector configuration; render it with `renderYaml`. */
export function collectorConfig(i: CollectorConfigInput): Record<string, unknown> {
  const processors: Record<string, unknown> = {
    // First in every pipeline: refuses data before the process runs out of memory.
    memory_limiter: { check_interval: '1s', limit_percentage: i.memoryLimiter.limitPercentage, spike_limit_percentage: i.memoryLimiter.spikeLimitPercentage },
  };
  const chain = ['memory_limiter'];
  if (i.kubernetesAttributes) {
    processors.k8sattributes = {
      auth_type: 'serviceAccount',
      passthrough: false,
      filter: { node_from_env_var: i.kubernetesAttributes.nodeNameEnv },
      extract: {
        metadata: [...EXTRACTED_METADATA],
        labels: [{ tag_name: 'app.kubernetes.io/name', key: 'app.kubernetes.io/name', from: 'pod' }],
      },
      pod_association: [
        { sources: [{ from: 'resource_attribute', name: 'k8s.pod.ip' }] },
        { sources: [{ from: 'resource_attribute', name: 'k8s.pod.uid' }] },
        { sources: [{ from: 'connection' }] },
      ],
    };
    chain.push('k8sattributes');
  }
  // Last before export: fewer, larger requests.
  processors.batch = { send_batch_size: 8192, timeout: '5s' };
  chain.push('batch');

  const exporters: Record<string, unknown> = { [exporterId(i.traces.to, i.traces.name)]: exporter(i.traces.to) };
  const pipelines: Record<string, unknown> = {
    traces: { receivers: ['otlp'], processors: chain, exporters: [exporterId(i.traces.to, i.traces.name)] },
  };
  if (i.logs) {
    exporters[exporterId(i.logs.to, i.logs.name)] = exporter(i.logs.to);
    pipelines.logs = { receivers: ['otlp'], processors: chain, exporters: [exporterId(i.logs.to, i.logs.name)] };
  }

  return {
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `0.0.0.0:${i.ports.grpc}` },
          http: { endpoint: `0.0.0.0:${i.ports.http}` },
        },
      },
    },
    processors,
    exporters,
    extensions: { health_check: { endpoint: `0.0.0.0:${i.ports.health}` } },
    service: {
      extensions: ['health_check'],
      pipelines,
      telemetry: { logs: { level: 'info' } },
    },
  };
}
