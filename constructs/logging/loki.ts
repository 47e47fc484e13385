import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { Checks } from '../common/errors';
import { IMAGES, ImageRef, checkImage } from '../common/images';
import { recommendedLabels, selectorLabels } from '../common/labels';
import { checkProbes, HealthProbes, httpGet, tcpSocket } from '../common/probes';
import { checkResources, ResourceSpec } from '../common/resources';
import { requireSecret, SecretKeyRef, secretEnv } from '../common/secrets';
import { restrictedPodSecurityContext } from '../common/security';
import { checkVolume, statefulSetStorage, VolumeSpec } from '../common/storage';
import { renderYaml } from '../common/render/yaml';
import { configMapVolume, container, scratchVolume } from '../common/workload';
import { LokiLimits, LokiObjectStore, lokiConfig } from './loki-config';
import { chartIdOf, externalEndpoint, recordFlow } from '../common/wiring';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

const COMPONENT = 'loki';
/** The image runs Loki as uid/gid 10001. */
export const LOKI_UID = 10001;
export const LOKI_HTTP_PORT = 3100;
export const LOKI_GRPC_PORT = 9095;
const DATA_DIR = '/loki';
const ACCESS_KEY_ENV = 'LOKI_S3_ACCESS_KEY_ID';
const SECRET_KEY_ENV = 'LOKI_S3_SECRET_ACCESS_KEY';

/**
 * First day of the v13/tsdb schema. Fixed on purpose: Loki reads data with the schema period it
 * was written under, so this date must never move once an environment has data. A future schema
 * change is a new period appended after this one.
 */
export const LOKI_SCHEMA_START = '2026-01-01';

/** Where Loki keeps chunks and index. A local volume always holds the WAL and compactor work. */
export type LokiStorage =
  | {
      readonly kind: 'filesystem';
      /** Holds everything: chunks, index, WAL. */
      readonly volume: VolumeSpec;
    }
  | {
      readonly kind: 's3';
      /** host[:port] of the S3-compatible endpoint (Ceph RGW, MinIO …), without scheme. */
      readonly endpoint: string;
      readonly bucket: string;
      /** @default undefined (endpoints such as Ceph RGW ignore the region) */
      readonly region?: string;
      /** Plain HTTP to the endpoint. @default false */
      readonly insecure?: boolean;
      /** Path-style bucket URLs, which Ceph RGW and MinIO need. @default true */
      readonly forcePathStyle?: boolean;
      readonly accessKeyId: SecretKeyRef;
      readonly secretAccessKey: SecretKeyRef;
      /** Local volume for the WAL, the index cache and compactor work. */
      readonly volume: VolumeSpec;
    };

export interface LokiProps {
  readonly storage: LokiStorage;
  /** How long logs are kept, in whole days (Loki's minimum retention is 24h). */
  readonly retentionDays: number;
  readonly resources: ResourceSpec;
  /** @default LOKI_DEFAULT_LIMITS (sized for a platform's own logs) */
  readonly limits?: Partial<LokiLimits>;
  /** @default LOKI_SCHEMA_START (fixed; see its comment) */
  readonly schemaStart?: string;
  /** @default IMAGES.loki */
  readonly image?: ImageRef;
  /** @default LOKI_PROBES */
  readonly probes?: HealthProbes;
}

export const LOKI_DEFAULT_LIMITS: LokiLimits = { ingestionRateMb: 8, ingestionBurstSizeMb: 16, maxQuerySeries: 1000, maxEntriesLimitPerQuery: 5000 };

export const LOKI_PROBES: HealthProbes = {
  // WAL replay after a crash can take minutes: up to 10 before liveness counts.
  startup: { action: httpGet('/ready', 'http'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 },
  // The process answers on its port; /ready would restart Loki while it waits for its ring.
  liveness: { action: tcpSocket('http'), periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
  readiness: { action: httpGet('/ready', 'http'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
};

const HOST_PORT = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Monolithic Loki (-target=all) as a single-replica StatefulSet with its data on a retained volume (or an emptyDir when ephemeral). */
export class Loki extends Construct {
  readonly name: string;
  readonly selector: Record<string, string>;
  readonly httpPort = LOKI_HTTP_PORT;
  readonly grpcPort = LOKI_GRPC_PORT;
  /** Base URL for queries (what Grafana's datasource points at). */
  readonly queryUrl: string;
  /** Where log shippers push (Loki's push API). */
  readonly pushUrl: string;
  /** OTLP/HTTP base URL; an OTLP exporter appends /v1/logs. */
  readonly otlpUrl: string;

  constructor(scope: Construct, id: string, props: LokiProps) {
    super(scope, id);
    const checks: Checks = new Checks(this, COMPONENT);
    checks.knownFields(props, PROP_SHAPES.LokiProps);
    const name = checks.dnsLabel('id', id, 40);

    // Defaults, in one place.
    const image = props.image ?? IMAGES.loki;
    const probes = props.probes ?? LOKI_PROBES;
    const limits: LokiLimits = { ...LOKI_DEFAULT_LIMITS, ...props.limits };
    const schemaStart = props.schemaStart ?? LOKI_SCHEMA_START;
    const s = props.storage;

    // Validation, before anything is created.
    checks.that(s !== undefined && (s.kind === 'filesystem' || s.kind === 's3'), 'storage.kind', s?.kind, "must be 'filesystem' or 's3'");
    checks.integer('retentionDays', props.retentionDays, 1, 3650);
    checks.that(/^\d{4}-\d{2}-\d{2}$/.test(schemaStart) && !Number.isNaN(Date.parse(schemaStart)), 'schemaStart', schemaStart, 'must be a date YYYY-MM-DD');
    checkImage(checks, 'image', image);
    checkResources(checks, 'resources', props.resources);
    checkProbes(checks, 'probes', probes);
    checkVolume(checks, 'storage.volume', s.volume);
    checks.integer('limits.ingestionRateMb', limits.ingestionRateMb, 1, 1024);
    checks.integer('limits.ingestionBurstSizeMb', limits.ingestionBurstSizeMb, limits.ingestionRateMb, 4096);
    checks.integer('limits.maxQuerySeries', limits.maxQuerySeries, 1);
    checks.integer('limits.maxEntriesLimitPerQuery', limits.maxEntriesLimitPerQuery, 1);
    let store: LokiObjectStore = { kind: 'filesystem' };
    const env: k8s.EnvVar[] = [];
    if (s.kind === 's3') {
      checks.that(
        typeof s.endpoint === 'string' && HOST_PORT.test(s.endpoint),
        'storage.endpoint',
        s.endpoint,
        'must be host[:port] without a scheme (set insecure for plain HTTP)',
      );
      checks.that(
        typeof s.bucket === 'string' && BUCKET.test(s.bucket),
        'storage.bucket',
        s.bucket,
        'must be an S3 bucket name (3–63 lower-case letters, digits, "." and "-")',
      );
      const accessKey = requireSecret(this, checks, 'storage.accessKeyId', s.accessKeyId, 'Loki object storage access key id');
      const secretKey = requireSecret(this, checks, 'storage.secretAccessKey', s.secretAccessKey, 'Loki object storage secret access key');
      store = {
        kind: 's3',
        endpoint: s.endpoint,
        bucket: s.bucket,
        region: s.region,
        insecure: s.insecure ?? false,
        forcePathStyle: s.forcePathStyle ?? true,
        accessKeyIdEnv: ACCESS_KEY_ENV,
        secretAccessKeyEnv: SECRET_KEY_ENV,
      };
      env.push(secretEnv(ACCESS_KEY_ENV, accessKey), secretEnv(SECRET_KEY_ENV, secretKey));
    }

    this.name = name;
    this.selector = selectorLabels({ name: 'loki', instance: name, component: 'server' });
    this.queryUrl = `http://${name}:${LOKI_HTTP_PORT}`;
    this.pushUrl = `${this.queryUrl}/loki/api/v1/push`;
    this.otlpUrl = `${this.queryUrl}/otlp`;
    if (s.kind === 's3') {
      const store = externalEndpoint(s.endpoint, s.insecure ? 80 : 443);
      recordFlow(this, {
        from: { chart: chartIdOf(this), selector: this.selector },
        to: store.to,
        ports: [{ port: store.port }],
        purpose: 'chunk and index storage (S3)',
      });
    }
    const labels = recommendedLabels({ name: 'loki', instance: name, component: 'server', version: image.tag });
    const data = statefulSetStorage('data', s.volume, labels);

    const config = renderYaml(
      lokiConfig({
        httpPort: LOKI_HTTP_PORT,
        grpcPort: LOKI_GRPC_PORT,
        dataDir: DATA_DIR,
        store,
        schemaStart,
        retentionHours: props.retentionDays * 24,
        limits,
      }),
    );
    const configMap = new k8s.KubeConfigMap(this, 'Config', { metadata: { name: `${name}-config`, labels }, data: { 'config.yaml': config } });

    const ports = [
      { name: 'http', port: LOKI_HTTP_PORT },
      { name: 'grpc', port: LOKI_GRPC_PORT },
    ];
    const servicePorts = ports.map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromString(p.name), protocol: 'TCP' }));
    const headless = `${name}-headless`;
    new k8s.KubeService(this, 'Service', { metadata: { name, labels }, spec: { type: 'ClusterIP', selector: this.selector, ports: servicePorts } });
    new k8s.KubeService(this, 'Headless', {
      metadata: { name: headless, labels },
      spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector: this.selector, ports: servicePorts },
    });

    new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: { name, labels, annotations: data.annotations },
      spec: {
        // Monolithic mode with an in-memory ring: one instance, which also runs the singleton compactor.
        replicas: 1,
        serviceName: headless,
        selector: { matchLabels: this.selector },
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        persistentVolumeClaimRetentionPolicy: data.persistentVolumeClaimRetentionPolicy,
        volumeClaimTemplates: data.volumeClaimTemplates,
        template: {
          metadata: { labels, annotations: { 'keelson.io/config-checksum': createHash('sha256').update(config).digest('hex') } },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext({ user: LOKI_UID }),
            // Let the ingester flush its in-memory chunks on shutdown.
            terminationGracePeriodSeconds: 300,
            containers: [
              container({
                name: 'loki',
                image,
                args: ['-config.file=/etc/loki/config.yaml', '-target=all', ...(s.kind === 's3' ? ['-config.expand-env=true'] : [])],
                ports,
                env: env.length ? env : undefined,
                resources: props.resources,
                probes,
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/loki', readOnly: true },
                  { name: 'data', mountPath: DATA_DIR },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              }),
            ],
            volumes: [configMapVolume('config', configMap.name), scratchVolume('tmp', '1Gi'), ...data.volumes],
          },
        },
      },
    });
  }

  /** OTLP/HTTP base URL as seen from another namespace (fully qualified), or from this one when the namespace is not known. */
  otlpUrlFrom(namespace: string | undefined): string {
    return namespace === undefined ? this.otlpUrl : `http://${this.name}.${namespace}.svc:${LOKI_HTTP_PORT}/otlp`;
  }
}
