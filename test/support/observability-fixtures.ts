import { AlloyProps } from '../../constructs/logging/alloy';
import { GrafanaProps } from '../../constructs/logging/grafana';
import { LokiProps } from '../../constructs/logging/loki';
import { JaegerProps } from '../../constructs/tracing/jaeger';
import { OtelCollectorProps } from '../../constructs/tracing/otel-collector';

const small = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } as const;

/** Valid inputs that tests vary. */
export const LOKI_FS: LokiProps = {
  storage: { kind: 'filesystem', volume: { size: '10Gi', storageClass: 'fast' } },
  retentionDays: 7,
  resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
};

export const LOKI_S3: LokiProps = {
  storage: {
    kind: 's3',
    endpoint: 'rgw.example.com:8080',
    bucket: 'loki-chunks',
    insecure: true,
    accessKeyId: { name: 'loki-s3', key: 'access-key-id' },
    secretAccessKey: { name: 'loki-s3', key: 'secret-access-key' },
    volume: { size: '20Gi' },
  },
  retentionDays: 30,
  resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } },
};

export const ALLOY: AlloyProps = {
  lokiPushUrl: 'http://loki:3100/loki/api/v1/push',
  namespace: 'prod-logging',
  resources: small,
  externalLabels: { cluster: 'prod' },
};

export const GRAFANA: GrafanaProps = {
  lokiUrl: 'http://loki:3100',
  jaegerUrl: 'http://jaeger.prod-tracing.svc:16686',
  admin: { user: { name: 'grafana-admin', key: 'username' }, password: { name: 'grafana-admin', key: 'password' } },
  resources: small,
};

export const COLLECTOR: OtelCollectorProps = {
  namespace: 'prod-tracing',
  tracesTo: { endpoint: 'jaeger:4317', target: { kind: 'pods', chart: 'test', selector: { app: 'jaeger' } } },
  agent: { resources: small },
  gateway: { resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } }, autoscaling: { minReplicas: 2, maxReplicas: 6 } },
};

export const JAEGER_MEMORY: JaegerProps = { storage: { kind: 'memory' }, resources: small };

export const JAEGER_ES: JaegerProps = {
  storage: {
    kind: 'elasticsearch',
    serverUrls: ['https://es.example.com:9200'],
    username: { name: 'jaeger-es', key: 'username' },
    password: { name: 'jaeger-es', key: 'password' },
  },
  replicas: 2,
  resources: small,
};
