import { App } from 'cdk8s';
import { parse } from 'yaml';
import { LoggingChart } from '../../charts/logging';
import { TracingChart } from '../../charts/tracing';
import { renderEnvironment } from '../../render';
import { IMAGES, imageName } from '../../constructs/common/images';
import { requiredSecrets } from '../../constructs/common/secrets';
import { flowsIn } from '../../constructs/common/wiring';
import { defineEnvironment } from '../../stacks/define';
import { getEnvironment } from '../../stacks/environments';
import { buildPlatform } from '../../stacks/platform';
import { containerOf, find, Obj } from '../support/harness';
import { namespacedEnvironments, objectsOf } from '../support/environments';

const workloads = (objects: Obj[]) => objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
const OBSERVABILITY_IMAGES = [IMAGES.loki, IMAGES.alloy, IMAGES.grafana, IMAGES.otelCollector, IMAGES.jaeger].map(imageName);

describe.each(namespacedEnvironments())('observability in %s', (env) => {
  const logging = objectsOf(env, 'logging');
  const tracing = objectsOf(env, 'tracing');

  test('has Loki, Alloy, Grafana, the collector agent and gateway, and Jaeger', () => {
    find(logging, 'StatefulSet', 'loki');
    find(logging, 'DaemonSet', 'alloy');
    find(logging, 'Deployment', 'grafana');
    find(tracing, 'DaemonSet', 'otel-agent');
    find(tracing, 'Deployment', 'otel-gateway');
    expect(workloads(tracing).filter((w) => w.metadata.name === 'jaeger')).toHaveLength(1);
    expect(find(logging, 'Namespace', `${env}-logging`).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(find(tracing, 'Namespace', `${env}-tracing`).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('every container: pinned image, three distinct probes, restricted, memory limit', () => {
    const containers = workloads([...logging, ...tracing]).flatMap((w) => w.spec.template.spec.containers.map((c: Obj) => [w, c] as const));
    expect(containers).toHaveLength(6);
    for (const [w, c] of containers) {
      expect(OBSERVABILITY_IMAGES).toContain(c.image);
      expect(new Set([c.startupProbe, c.livenessProbe, c.readinessProbe].map((p) => JSON.stringify(p))).size).toBe(3);
      expect(c.securityContext).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(w.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(c.resources.limits.memory).toBeDefined();
    }
  });

  test('Grafana links Loki log lines to the Jaeger datasource, reached across namespaces', () => {
    const ds = parse(find(logging, 'ConfigMap', 'grafana-datasources').data['datasources.yaml']).datasources;
    const loki = ds.find((d: Obj) => d.type === 'loki');
    const jaeger = ds.find((d: Obj) => d.type === 'jaeger');
    expect(loki.url).toBe('http://loki:3100');
    expect(jaeger.url).toBe(`http://jaeger.${env}-tracing.svc:16686`);
    expect(loki.jsonData.derivedFields[0].datasourceUid).toBe(jaeger.uid);
  });

  test('Alloy pushes to Loki and the gateway exports logs to Loki over OTLP', () => {
    expect(find(logging, 'ConfigMap', 'alloy-config').data['config.alloy']).toContain('url = "http://loki:3100/loki/api/v1/push"');
    expect(find(logging, 'ConfigMap', 'alloy-config').data['config.alloy']).toContain(`cluster = "${env}"`);
    const gateway = parse(find(tracing, 'ConfigMap', 'otel-gateway-config').data['config.yaml']);
    expect(gateway.exporters['otlp_http/loki']).toEqual({ endpoint: `http://loki.${env}-logging.svc:3100/otlp` });
    expect(gateway.exporters['otlp_grpc/jaeger'].endpoint).toBe('jaeger:4317');
    expect(find(tracing, 'ClusterRoleBinding', `${env}-tracing-otel-agent`).subjects[0].namespace).toBe(`${env}-tracing`);
    expect(find(logging, 'ClusterRoleBinding', `${env}-logging-alloy`).subjects[0].namespace).toBe(`${env}-logging`);
  });

  test('records every connection, and tracing is deployed before logging', () => {
    const platform = buildPlatform(getEnvironment(env));
    const ids = platform.charts.map((c) => c.node.id);
    expect(ids.indexOf('tracing')).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf('tracing')).toBeLessThan(ids.indexOf('logging'));
    const flows = flowsIn(platform.app).filter((f) => f.from.chart === 'tracing' || f.from.chart === 'logging');
    const storage =
      env === 'prod'
        ? ['tracing->opensearch.platform.example.com:9200 span storage (opensearch)', 'logging->s3.platform.example.com:443 chunk and index storage (S3)']
        : [];
    expect(
      flows.map((f) => `${f.from.chart}->${f.to.kind === 'pods' ? f.to.chart : f.to.host}:${f.ports.map((p) => p.port).join(',')} ${f.purpose}`).sort(),
    ).toEqual(
      [
        'tracing->tracing:4317 telemetry forwarding (agent to gateway)',
        'tracing->tracing:4317 trace export (OTLP)',
        'tracing->logging:3100 log export (OTLP)',
        'tracing->kubernetes.default.svc:443,6443 pod metadata for spans (k8sattributes)',
        'logging->logging:3100 log push',
        'logging->logging:3100 log queries',
        'logging->tracing:16686 trace queries',
        'logging->kubernetes.default.svc:443,6443 pod discovery and log tailing',
        'logging->grafana.com:443 plugin preinstall',
        ...storage,
      ].sort(),
    );
  });
});

describe('per-environment shape', () => {
  test('dev: small filesystem Loki, in-memory Jaeger, a single gateway', () => {
    const logging = objectsOf('dev', 'logging');
    const tracing = objectsOf('dev', 'tracing');
    expect(find(logging, 'StatefulSet', 'loki').spec.volumeClaimTemplates[0].spec).toMatchObject({
      resources: { requests: { storage: '5Gi' } },
      storageClassName: 'standard',
    });
    expect(parse(find(logging, 'ConfigMap', 'loki-config').data['config.yaml']).limits_config.retention_period).toBe('72h');
    expect(parse(find(tracing, 'ConfigMap', 'jaeger-config').data['config.yaml']).extensions.jaeger_storage.backends.traces).toEqual({
      memory: { max_traces: 20000 },
    });
    expect(find(tracing, 'Deployment', 'otel-gateway').spec.replicas).toBe(1);
    expect(tracing.filter((o) => o.kind === 'HorizontalPodAutoscaler' || o.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  test('staging: Jaeger on Badger with a retained volume, Grafana persisted', () => {
    const sts = find(objectsOf('staging', 'tracing'), 'StatefulSet', 'jaeger');
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ resources: { requests: { storage: '20Gi' } }, storageClassName: 'ceph-rbd' });
    expect(find(objectsOf('staging', 'logging'), 'PersistentVolumeClaim', 'grafana-data').spec.storageClassName).toBe('ceph-rbd');
  });

  test('prod: Loki on S3-compatible storage with Secret credentials, Jaeger on OpenSearch, gateway HPA and PDB', () => {
    const logging = objectsOf('prod', 'logging');
    const tracing = objectsOf('prod', 'tracing');
    const loki = parse(find(logging, 'ConfigMap', 'loki-config').data['config.yaml']);
    expect(loki.common.storage.s3).toMatchObject({ endpoint: 's3.platform.example.com', bucketnames: 'keelson-loki' });
    expect(loki.limits_config.retention_period).toBe('720h');
    expect(containerOf(find(logging, 'StatefulSet', 'loki'), 'loki').env.map((e: Obj) => e.valueFrom.secretKeyRef.name)).toEqual([
      'loki-object-storage',
      'loki-object-storage',
    ]);
    expect(Object.keys(parse(find(tracing, 'ConfigMap', 'jaeger-config').data['config.yaml']).extensions.jaeger_storage.backends.traces)).toEqual([
      'opensearch',
    ]);
    expect(find(tracing, 'Deployment', 'jaeger').spec.replicas).toBe(2);
    expect(find(tracing, 'HorizontalPodAutoscaler', 'otel-gateway').spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect(find(tracing, 'PodDisruptionBudget', 'otel-gateway').spec.maxUnavailable).toBe(1);
  });

  test('prod lists the Secrets the observability stack needs', () => {
    const secrets = requiredSecrets(buildPlatform(getEnvironment('prod')).app).map((s) => `${s.name}:${s.keys.join(',')}`);
    expect(secrets).toEqual(
      expect.arrayContaining(['grafana-admin:password,username', 'jaeger-opensearch:password,username', 'loki-object-storage:access-key-id,secret-access-key']),
    );
  });

  test('prod serves Grafana and Jenkins over HTTPS, and lists their certificate Secrets', () => {
    const secrets = requiredSecrets(buildPlatform(getEnvironment('prod')).app).map((s) => `${s.name}:${s.keys.join(',')}`);
    expect(secrets).toEqual(expect.arrayContaining(['grafana-tls:tls.crt,tls.key', 'jenkins-tls:tls.crt,tls.key', 'jenkins-tls-keystore:password']));
    const grafana = find(objectsOf('prod', 'logging'), 'Service', 'grafana-external');
    expect(grafana.spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP', appProtocol: 'https' }]);
    expect(find(objectsOf('prod', 'ci'), 'Service', 'jenkins-external').spec.ports).toEqual([
      { name: 'https', port: 443, targetPort: 'https', protocol: 'TCP', appProtocol: 'https' },
    ]);
  });
});

describe('observability errors in an environment name the construct path', () => {
  test.each<[string, Partial<Parameters<typeof defineEnvironment>[1]>, string]>([
    [
      'bad retention',
      { logging: { loki: { retentionDays: 0 } } },
      "loki 'logging/loki' (broken): retentionDays must be a whole number between 1 and 3650; got 0",
    ],
    [
      'object storage without credentials',
      { logging: { loki: { storage: { kind: 's3', endpoint: 'minio:9000', bucket: 'loki', volume: { size: '10Gi' } } as never } } },
      "loki 'logging/loki' (broken): storage.accessKeyId must reference a Secret key ({ name, key }); got nothing",
    ],
    [
      'gateway HPA min > max',
      { tracing: { collector: { gateway: { autoscaling: { minReplicas: 5, maxReplicas: 2 } } } } },
      "otel-collector 'tracing/otel' (broken): gateway.autoscaling.minReplicas must not exceed maxReplicas (2); got 5",
    ],
    [
      'replicated in-memory Jaeger',
      { tracing: { jaeger: { replicas: 2 } } },
      "jaeger 'tracing/jaeger' (broken): replicas must be 1 with memory storage (each replica would hold its own traces); use elasticsearch or opensearch to replicate; got 2",
    ],
  ])('%s', (_name, overrides, message) => {
    expect(() => renderEnvironment(defineEnvironment('broken', { tier: 'development', ...overrides }))).toThrow(message);
  });
});

describe('observability charts need a namespace (their ClusterRoleBindings name it)', () => {
  const env = getEnvironment('dev');

  test('tracing', () => {
    const app = new App();
    expect(() => new TracingChart(app, 'tracing', { settings: env.tracing })).toThrow(
      "tracing 'tracing': namespace must be set (the collector's ClusterRoleBinding names its ServiceAccount's namespace); got nothing",
    );
  });

  test('logging', () => {
    const app = new App();
    expect(() => new LoggingChart(app, 'logging', { settings: env.logging, domain: 'example.com' })).toThrow(
      "logging 'logging': namespace must be set (Alloy's ClusterRoleBinding names its ServiceAccount's namespace); got nothing",
    );
  });
});
