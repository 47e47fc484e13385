import { parse } from 'yaml';
import { flowsIn } from '../../constructs/common/wiring';
import { OtelCollector } from '../../constructs/tracing/otel-collector';
import { containerOf, find, kinds, synthesize, variant } from '../support/harness';
import { COLLECTOR } from '../support/observability-fixtures';

let collector!: OtelCollector;
const objects = synthesize((c) => {
  collector = new OtelCollector(c, 'otel', COLLECTOR);
  collector.exportLogsTo({
    otlpUrl: 'http://loki.prod-logging.svc:3100/otlp',
    target: { kind: 'pods', chart: 'logging', selector: { app: 'loki' } },
    port: 3100,
  });
});
const agentConfig = parse(find(objects, 'ConfigMap', 'otel-agent-config').data['config.yaml']);
const gatewayConfig = parse(find(objects, 'ConfigMap', 'otel-gateway-config').data['config.yaml']);
const agent = find(objects, 'DaemonSet', 'otel-agent');
const gateway = find(objects, 'Deployment', 'otel-gateway');

describe('OpenTelemetry Collector: agent', () => {
  test('receives OTLP on gRPC and HTTP on every node, through a node-local Service', () => {
    expect(agentConfig.receivers.otlp.protocols).toEqual({ grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } });
    const svc = find(objects, 'Service', 'otel-agent');
    expect(svc.spec.internalTrafficPolicy).toBe('Local');
    expect(svc.spec.ports.map((p: any) => p.port)).toEqual([4317, 4318]);
    expect(collector.otlpGrpcEndpoint).toBe('otel-agent:4317');
  });

  test('runs memory_limiter first and batch last, with k8sattributes between', () => {
    expect(agentConfig.service.pipelines.traces.processors).toEqual(['memory_limiter', 'k8sattributes', 'batch']);
    expect(agentConfig.processors.memory_limiter).toEqual({ check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 20 });
  });

  test('k8sattributes watches only its node’s pods, with the RBAC it needs', () => {
    expect(agentConfig.processors.k8sattributes).toMatchObject({ auth_type: 'serviceAccount', filter: { node_from_env_var: 'K8S_NODE_NAME' } });
    expect(agentConfig.processors.k8sattributes.extract.metadata).toEqual(
      expect.arrayContaining(['k8s.namespace.name', 'k8s.pod.name', 'k8s.deployment.name']),
    );
    expect(containerOf(agent, 'otel-collector').env).toContainEqual({ name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
    expect(find(objects, 'ClusterRole', 'prod-tracing-otel-agent').rules).toEqual([
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(find(objects, 'ClusterRoleBinding', 'prod-tracing-otel-agent').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'otel-agent', namespace: 'prod-tracing' },
    ]);
    expect(agent.spec.template.spec.automountServiceAccountToken).toBe(true);
    expect(gateway.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('forwards traces and logs to the gateway, spread over its pods', () => {
    expect(agentConfig.exporters).toEqual({
      'otlp_grpc/gateway': { endpoint: 'dns:///otel-gateway-headless:4317', tls: { insecure: true }, balancer_name: 'round_robin' },
    });
    expect(agentConfig.service.pipelines.logs.exporters).toEqual(['otlp_grpc/gateway']);
  });
});

describe('OpenTelemetry Collector: gateway', () => {
  test('exports traces to Jaeger over OTLP/gRPC and logs to Loki over OTLP/HTTP', () => {
    expect(gatewayConfig.exporters).toEqual({
      'otlp_grpc/jaeger': { endpoint: 'jaeger:4317', tls: { insecure: true } },
      'otlp_http/loki': { endpoint: 'http://loki.prod-logging.svc:3100/otlp' },
    });
    expect(gatewayConfig.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['otlp_grpc/jaeger'] });
    expect(gatewayConfig.service.pipelines.logs.exporters).toEqual(['otlp_http/loki']);
  });

  test('is scaled by an HPA (no fixed replicas) and protected by a PDB', () => {
    expect(gateway.spec.replicas).toBeUndefined();
    expect(find(objects, 'HorizontalPodAutoscaler', 'otel-gateway').spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 6,
      scaleTargetRef: { kind: 'Deployment', name: 'otel-gateway' },
    });
    expect(find(objects, 'PodDisruptionBudget', 'otel-gateway').spec.maxUnavailable).toBe(1);
  });

  test('a single fixed replica has neither HPA nor PDB', () => {
    const o = synthesize(
      (c) =>
        new OtelCollector(
          c,
          'otel',
          variant(COLLECTOR, (d) => {
            delete d.gateway.autoscaling;
          }),
        ),
    );
    expect(find(o, 'Deployment', 'otel-gateway').spec.replicas).toBe(1);
    expect(kinds(o).filter((k) => k.startsWith('HorizontalPodAutoscaler') || k.startsWith('PodDisruptionBudget'))).toEqual([]);
    // No logs destination wired: no logs pipeline anywhere.
    expect(parse(find(o, 'ConfigMap', 'otel-gateway-config').data['config.yaml']).service.pipelines.logs).toBeUndefined();
  });
});

describe('OpenTelemetry Collector: both roles', () => {
  test('health_check extension backs distinct probes', () => {
    for (const w of [agent, gateway]) {
      const c = containerOf(w, 'otel-collector');
      expect(c.readinessProbe.httpGet).toEqual({ path: '/', port: 'health', scheme: 'HTTP' });
      expect(c.livenessProbe.tcpSocket).toEqual({ port: 'otlp-grpc' });
      expect(new Set([c.startupProbe, c.livenessProbe, c.readinessProbe].map((p) => JSON.stringify(p))).size).toBe(3);
      expect(c.args).toEqual(['--config=/etc/otelcol-contrib/config.yaml']);
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    }
    expect(agentConfig.extensions.health_check.endpoint).toBe('0.0.0.0:13133');
    expect(agentConfig.service.extensions).toEqual(['health_check']);
  });

  test('sets GOMEMLIMIT below the memory limit', () => {
    expect(containerOf(gateway, 'otel-collector').env).toContainEqual({ name: 'GOMEMLIMIT', value: '1638MiB' });
  });

  test('rolls pods when the late-wired config changes (checksum follows the rendered config)', () => {
    const other = synthesize((c) => new OtelCollector(c, 'otel', COLLECTOR));
    const a = gateway.spec.template.metadata.annotations['keelson.io/config-checksum'];
    const b = find(other, 'Deployment', 'otel-gateway').spec.template.metadata.annotations['keelson.io/config-checksum'];
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });

  test('records agent → API server, agent → gateway → Jaeger and gateway → Loki', () => {
    expect(flowsIn(collector).map((f) => [f.purpose, f.ports.map((p) => p.port)])).toEqual([
      ['pod metadata for spans (k8sattributes)', [443, 6443]],
      ['telemetry forwarding (agent to gateway)', [4317]],
      ['trace export (OTLP)', [4317]],
      ['log export (OTLP)', [3100]],
    ]);
  });
});
