import { parse } from 'yaml';
import { Loki, LOKI_SCHEMA_START } from '../../constructs/logging/loki';
import { containerOf, find, kinds, synthesize } from '../support/harness';
import { LOKI_FS, LOKI_S3 } from '../support/observability-fixtures';

const fs = synthesize((c) => new Loki(c, 'loki', LOKI_FS));
const fsConfig = parse(find(fs, 'ConfigMap', 'loki-config').data['config.yaml']);
const sts = find(fs, 'StatefulSet', 'loki');
const loki = containerOf(sts, 'loki');

describe('Loki (filesystem)', () => {
  test('renders objects for a monolithic StatefulSet with HTTP, gRPC and headless Services', () => {
    expect(kinds(fs)).toEqual(['ConfigMap/loki-config', 'Service/loki', 'Service/loki-headless', 'StatefulSet/loki']);
    expect(loki.args).toEqual(['-config.file=/etc/loki/config.yaml', '-target=all']);
    expect(find(fs, 'Service', 'loki').spec.ports.map((p: any) => [p.name, p.port])).toEqual([
      ['http', 3100],
      ['grpc', 9095],
    ]);
    expect(find(fs, 'Service', 'loki-headless').spec.clusterIP).toBe('None');
    expect(sts.spec.replicas).toBe(1);
  });

  test('uses schema v13 on tsdb from a fixed start date', () => {
    expect(fsConfig.schema_config.configs).toEqual([
      { from: LOKI_SCHEMA_START, store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'index_', period: '24h' } },
    ]);
    expect(LOKI_SCHEMA_START).toBe('2026-01-01');
  });

  test('enables retention in the compactor, with the delete request store it requires', () => {
    expect(fsConfig.compactor).toMatchObject({ retention_enabled: true, delete_request_store: 'filesystem', working_directory: '/loki/compactor' });
    expect(fsConfig.limits_config.retention_period).toBe('168h');
    expect(fsConfig.limits_config).toMatchObject({ ingestion_rate_mb: 8, ingestion_burst_size_mb: 16, allow_structured_metadata: true });
  });

  test('stores chunks on the retained, protected volume', () => {
    expect(fsConfig.common.storage).toEqual({ filesystem: { chunks_directory: '/loki/chunks', rules_directory: '/loki/rules' } });
    expect(fsConfig.common).toMatchObject({ path_prefix: '/loki', replication_factor: 1, ring: { kvstore: { store: 'inmemory' } } });
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      storageClassName: 'fast',
    });
    expect(sts.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(loki.volumeMounts).toContainEqual({ name: 'data', mountPath: '/loki' });
  });

  test('readiness on /ready, a distinct cheap liveness, restricted security context', () => {
    expect(loki.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http', scheme: 'HTTP' });
    expect(loki.livenessProbe.tcpSocket).toEqual({ port: 'http' });
    expect(new Set([loki.startupProbe, loki.livenessProbe, loki.readinessProbe].map((p) => JSON.stringify(p))).size).toBe(3);
    expect(sts.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001 });
    expect(loki.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  test('exposes its URLs for the chart to wire', () => {
    synthesize((c) => {
      const l = new Loki(c, 'logs', LOKI_FS);
      expect([l.queryUrl, l.pushUrl, l.otlpUrl]).toEqual(['http://logs:3100', 'http://logs:3100/loki/api/v1/push', 'http://logs:3100/otlp']);
      expect(l.otlpUrlFrom('prod-logging')).toBe('http://logs.prod-logging.svc:3100/otlp');
    });
  });
});

describe('Loki (S3-compatible object storage)', () => {
  const s3 = synthesize((c) => new Loki(c, 'loki', LOKI_S3));
  const config = parse(find(s3, 'ConfigMap', 'loki-config').data['config.yaml']);
  const c = containerOf(find(s3, 'StatefulSet', 'loki'), 'loki');

  test('points chunks, index and delete requests at the bucket', () => {
    expect(config.common.storage.s3).toEqual({
      endpoint: 'rgw.example.com:8080',
      bucketnames: 'loki-chunks',
      access_key_id: '${LOKI_S3_ACCESS_KEY_ID}',
      secret_access_key: '${LOKI_S3_SECRET_ACCESS_KEY}',
      s3forcepathstyle: true,
      insecure: true,
    });
    expect(config.schema_config.configs[0].object_store).toBe('s3');
    expect(config.compactor.delete_request_store).toBe('s3');
    expect(config.limits_config.retention_period).toBe('720h');
  });

  test('reads credentials from the Secret through environment variables expanded by Loki', () => {
    expect(c.args).toContain('-config.expand-env=true');
    expect(c.env).toEqual([
      { name: 'LOKI_S3_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'loki-s3', key: 'access-key-id' } } },
      { name: 'LOKI_S3_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'loki-s3', key: 'secret-access-key' } } },
    ]);
    expect(JSON.stringify(s3)).not.toContain('kind":"Secret"');
  });
});
