import { parse } from 'yaml';
import { Jaeger } from '../../constructs/tracing/jaeger';
import { containerOf, find, kinds, synthesize, variant } from '../support/harness';
import { JAEGER_ES, JAEGER_MEMORY } from '../support/observability-fixtures';

const config = (objects: any[]) => parse(find(objects, 'ConfigMap', 'jaeger-config').data['config.yaml']);
const memory = synthesize((c) => new Jaeger(c, 'jaeger', JAEGER_MEMORY));
const memConfig = config(memory);
const c = containerOf(find(memory, 'Deployment', 'jaeger'), 'jaeger');

describe('Jaeger v2', () => {
  test('receives OTLP on 4317/4318 and stores through jaeger_storage_exporter', () => {
    expect(memConfig.receivers.otlp.protocols).toEqual({ grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } });
    expect(memConfig.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] });
    expect(memConfig.exporters.jaeger_storage_exporter.trace_storage).toBe('traces');
  });

  test('serves query/UI on 16686 and health on 13133, all on 0.0.0.0 (the defaults bind localhost)', () => {
    expect(memConfig.extensions.jaeger_query).toEqual({
      storage: { traces: 'traces' },
      http: { endpoint: '0.0.0.0:16686' },
      grpc: { endpoint: '0.0.0.0:16685' },
    });
    expect(memConfig.extensions.healthcheckv2).toEqual({ use_v2: true, http: { endpoint: '0.0.0.0:13133' } });
    expect(memConfig.service.extensions).toEqual(['jaeger_storage', 'jaeger_query', 'remote_sampling', 'healthcheckv2']);
    const endpoints = JSON.stringify(memConfig).match(/"endpoint":"[^"]+"/g) ?? [];
    expect(endpoints.length).toBe(7);
    for (const e of endpoints) expect(e).toContain('0.0.0.0:');
    expect(c.readinessProbe.httpGet).toEqual({ path: '/status', port: 'health', scheme: 'HTTP' });
    expect(c.livenessProbe.tcpSocket).toEqual({ port: 'query' });
  });

  test('serves sampling strategies from a file it renders', () => {
    expect(memConfig.extensions.remote_sampling.file).toEqual({ path: '/etc/jaeger/sampling.json', reload_interval: '1m' });
    const strategies = JSON.parse(find(memory, 'ConfigMap', 'jaeger-config').data['sampling.json']);
    expect(strategies).toEqual({ default_strategy: { type: 'probabilistic', param: 1 }, service_strategies: [] });
    const o = synthesize(
      (s) =>
        new Jaeger(s, 'jaeger', {
          ...JAEGER_MEMORY,
          sampling: { default: { type: 'probabilistic', param: 0.1 }, services: { web: { type: 'ratelimiting', param: 5 } } },
        }),
    );
    expect(JSON.parse(find(o, 'ConfigMap', 'jaeger-config').data['sampling.json']).service_strategies).toEqual([
      { service: 'web', type: 'ratelimiting', param: 5 },
    ]);
  });

  test('memory storage: one Deployment replaced, not surged', () => {
    expect(memConfig.extensions.jaeger_storage.backends.traces).toEqual({ memory: { max_traces: 50000 } });
    expect(find(memory, 'Deployment', 'jaeger').spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
  });

  test('badger storage: a StatefulSet with a retained, protected volume', () => {
    const o = synthesize((s) => new Jaeger(s, 'jaeger', { ...JAEGER_MEMORY, storage: { kind: 'badger', volume: { size: '20Gi' }, retentionHours: 48 } }));
    expect(config(o).extensions.jaeger_storage.backends.traces).toEqual({
      badger: { ephemeral: false, directories: { keys: '/badger/keys', values: '/badger/values' }, ttl: { spans: '48h' } },
    });
    const sts = find(o, 'StatefulSet', 'jaeger');
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(sts.spec.template.spec.securityContext).toMatchObject({ runAsUser: 10001, fsGroup: 10001 });
    expect(containerOf(sts, 'jaeger').volumeMounts).toContainEqual({ name: 'data', mountPath: '/badger' });
    expect(kinds(o)).toContain('Service/jaeger-headless');
  });

  test('elasticsearch storage: credentials from the Secret via environment variables, replicated', () => {
    const o = synthesize((s) => new Jaeger(s, 'jaeger', JAEGER_ES));
    expect(config(o).extensions.jaeger_storage.backends.traces.elasticsearch).toEqual({
      server_urls: ['https://es.example.com:9200'],
      auth: { basic: { username: '${env:JAEGER_ES_USERNAME}', password: '${env:JAEGER_ES_PASSWORD}' } },
      indices: { index_prefix: 'jaeger', spans: { shards: 3, replicas: 1 }, services: { shards: 3, replicas: 1 } },
    });
    const d = find(o, 'Deployment', 'jaeger');
    expect(d.spec.replicas).toBe(2);
    expect(containerOf(d, 'jaeger').env).toEqual([
      { name: 'JAEGER_ES_USERNAME', valueFrom: { secretKeyRef: { name: 'jaeger-es', key: 'username' } } },
      { name: 'JAEGER_ES_PASSWORD', valueFrom: { secretKeyRef: { name: 'jaeger-es', key: 'password' } } },
    ]);
    const os = synthesize(
      (s) =>
        new Jaeger(
          s,
          'jaeger',
          variant(JAEGER_ES, (x) => (x.storage.kind = 'opensearch')),
        ),
    );
    expect(Object.keys(config(os).extensions.jaeger_storage.backends.traces)).toEqual(['opensearch']);
  });

  test('exposes OTLP and query endpoints, qualified for other namespaces', () => {
    synthesize((s) => {
      const j = new Jaeger(s, 'traces', JAEGER_MEMORY);
      expect([j.otlpGrpcEndpoint, j.queryUrl, j.queryUrlFrom('prod-tracing')]).toEqual([
        'traces:4317',
        'http://traces:16686',
        'http://traces.prod-tracing.svc:16686',
      ]);
    });
  });
});
