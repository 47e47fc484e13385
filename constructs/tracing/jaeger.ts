import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { Checks } from '../common/errors';
import { checkExposure, ExposedService, Exposure } from '../common/exposure';
import { IMAGES, ImageRef, checkImage } from '../common/images';
import { recommendedLabels, selectorLabels } from '../common/labels';
import { checkProbes, HealthProbes, httpGet, tcpSocket } from '../common/probes';
import { checkResources, ResourceSpec } from '../common/resources';
import { requireSecret, SecretKeyRef, secretEnv } from '../common/secrets';
import { restrictedPodSecurityContext } from '../common/security';
import { checkVolume, statefulSetStorage, VolumeSpec } from '../common/storage';
import { renderJson } from '../common/render/json';
import { renderYaml } from '../common/render/yaml';
import { PodDisruptionBudget } from '../common/disruption';
import { configMapVolume, container, scratchVolume, topologySpread } from '../common/workload';
import { JAEGER_PORTS, JaegerBackend, jaegerConfig, SamplingConfig, samplingStrategies } from './jaeger-config';
import { chartIdOf, externalEndpoint, recordFlow } from '../common/wiring';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

const COMPONENT = 'jaeger';
/** The image runs Jaeger as uid 10001. */
export const JAEGER_UID = 10001;
const CONFIG_DIR = '/etc/jaeger';
const BADGER_DIR = '/badger';
const ES_USERNAME_ENV = 'JAEGER_ES_USERNAME';
const ES_PASSWORD_ENV = 'JAEGER_ES_PASSWORD';

/** Where spans are kept. */
export type JaegerStorage =
  /** In memory: lost on restart; for dev and previews. */
  | { readonly kind: 'memory'; /** @default 50000 */ readonly maxTraces?: number }
  /** Badger on a retained volume (an emptyDir when ephemeral): one replica; for staging. */
  | { readonly kind: 'badger'; readonly volume: VolumeSpec; /** How long spans are kept. @default 72 */ readonly retentionHours?: number }
  /** An Elasticsearch or OpenSearch cluster: Jaeger itself is stateless and may be replicated. */
  | {
      readonly kind: 'elasticsearch' | 'opensearch';
      readonly serverUrls: readonly string[];
      readonly username: SecretKeyRef;
      readonly password: SecretKeyRef;
      /** @default 'jaeger' */
      readonly indexPrefix?: string;
      /** @default 3 */
      readonly shards?: number;
      /** @default 1 */
      readonly indexReplicas?: number;
    };

export interface JaegerProps {
  readonly storage: JaegerStorage;
  readonly resources: ResourceSpec;
  /** Only Elasticsearch/OpenSearch storage allows more than one. @default 1 */
  readonly replicas?: number;
  /** Strategies served to SDKs (remote sampling). @default DEFAULT_SAMPLING (every trace) */
  readonly sampling?: SamplingConfig;
  /** @default { kind: 'none' } (Grafana is the UI) */
  readonly exposure?: Exposure;
  /** @default IMAGES.jaeger */
  readonly image?: ImageRef;
  /** @default JAEGER_PROBES */
  readonly probes?: HealthProbes;
}

export const DEFAULT_SAMPLING: SamplingConfig = { default: { type: 'probabilistic', param: 1 }, services: {} };

export const JAEGER_PROBES: HealthProbes = {
  startup: { action: httpGet('/status', 'health'), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 60 },
  liveness: { action: tcpSocket('query'), periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
  readiness: { action: httpGet('/status', 'health'), periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
};

const STORAGE_KINDS = ['memory', 'badger', 'elasticsearch', 'opensearch'];

/** Jaeger v2: OTLP in, spans stored in the chosen backend, query API and UI on 16686, remote sampling. */
export class Jaeger extends Construct {
  readonly name: string;
  readonly selector: Record<string, string>;
  /** OTLP/gRPC host:port, in the same namespace. */
  readonly otlpGrpcEndpoint: string;
  readonly otlpGrpcPort = JAEGER_PORTS.otlpGrpc;
  readonly queryPort = JAEGER_PORTS.query;
  /** Query/UI base URL, in the same namespace. */
  readonly queryUrl: string;

  constructor(scope: Construct, id: string, props: JaegerProps) {
    super(scope, id);
    const checks: Checks = new Checks(this, COMPONENT);
    checks.knownFields(props, PROP_SHAPES.JaegerProps);
    const name = checks.dnsLabel('id', id, 40);

    // Defaults, in one place.
    const image = props.image ?? IMAGES.jaeger;
    const probes = props.probes ?? JAEGER_PROBES;
    const replicas = props.replicas ?? 1;
    const sampling = props.sampling ?? DEFAULT_SAMPLING;
    const exposure = props.exposure ?? { kind: 'none' as const };
    const s = props.storage;

    // Validation, before anything is created.
    checks.that(s !== undefined && STORAGE_KINDS.includes(s.kind), 'storage.kind', s?.kind, `must be one of ${STORAGE_KINDS.join(', ')}`);
    checks.integer('replicas', replicas, 1, 20);
    if (s.kind === 'memory' || s.kind === 'badger') {
      const why = s.kind === 'memory' ? 'each replica would hold its own traces' : 'Badger has a single writer on its volume';
      checks.that(replicas === 1, 'replicas', replicas, `must be 1 with ${s.kind} storage (${why}); use elasticsearch or opensearch to replicate`);
    }
    checkImage(checks, 'image', image);
    checkResources(checks, 'resources', props.resources);
    checkProbes(checks, 'probes', probes);
    checkExposure(checks, 'exposure', exposure);
    checkSampling(checks, sampling);
    const env: k8s.EnvVar[] = [];
    let backend: JaegerBackend;
    switch (s.kind) {
      case 'memory':
        backend = { kind: 'memory', maxTraces: checks.integer('storage.maxTraces', s.maxTraces ?? 50000, 1000, 10_000_000) };
        break;
      case 'badger':
        checkVolume(checks, 'storage.volume', s.volume);
        backend = { kind: 'badger', directory: BADGER_DIR, ttlHours: checks.integer('storage.retentionHours', s.retentionHours ?? 72, 1, 24 * 365) };
        break;
      default: {
        checks.nonEmpty('storage.serverUrls', s.serverUrls);
        s.serverUrls.forEach((u, i) =>
          checks.that(/^https?:\/\/[^\s/]+\/?$/.test(u), `storage.serverUrls[${i}]`, u, 'must be an http(s) URL of a cluster node, without a path'),
        );
        const user = requireSecret(this, checks, 'storage.username', s.username, `Jaeger ${s.kind} user name`);
        const password = requireSecret(this, checks, 'storage.password', s.password, `Jaeger ${s.kind} password`);
        const indexPrefix = s.indexPrefix ?? 'jaeger';
        checks.that(
          /^[a-z0-9][a-z0-9_-]{0,40}$/.test(indexPrefix),
          'storage.indexPrefix',
          indexPrefix,
          "must be a lower-case index name prefix (letters, digits, '-' and '_')",
        );
        backend = {
          kind: s.kind,
          serverUrls: s.serverUrls,
          indexPrefix,
          shards: checks.integer('storage.shards', s.shards ?? 3, 1, 100),
          replicas: checks.integer('storage.indexReplicas', s.indexReplicas ?? 1, 0, 10),
          usernameEnv: ES_USERNAME_ENV,
          passwordEnv: ES_PASSWORD_ENV,
        };
        env.push(secretEnv(ES_USERNAME_ENV, user), secretEnv(ES_PASSWORD_ENV, password));
      }
    }

    this.name = name;
    this.selector = selectorLabels({ name: 'jaeger', instance: name, component: 'all-in-one' });
    this.otlpGrpcEndpoint = `${name}:${JAEGER_PORTS.otlpGrpc}`;
    this.queryUrl = `http://${name}:${JAEGER_PORTS.query}`;
    if (s.kind === 'elasticsearch' || s.kind === 'opensearch') {
      for (const url of s.serverUrls) {
        const node = externalEndpoint(url, 9200);
        recordFlow(this, {
          from: { chart: chartIdOf(this), selector: this.selector },
          to: node.to,
          ports: [{ port: node.port }],
          purpose: `span storage (${s.kind})`,
        });
      }
    }
    const labels = recommendedLabels({ name: 'jaeger', instance: name, component: 'all-in-one', version: image.tag });

    const config = renderYaml(jaegerConfig({ backend, samplingFile: `${CONFIG_DIR}/sampling.json` }));
    const strategies = renderJson(samplingStrategies(sampling));
    const configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: `${name}-config`, labels },
      data: { 'config.yaml': config, 'sampling.json': strategies },
    });

    const ports = [
      { name: 'query', port: JAEGER_PORTS.query },
      { name: 'query-grpc', port: JAEGER_PORTS.queryGrpc },
      { name: 'otlp-grpc', port: JAEGER_PORTS.otlpGrpc },
      { name: 'otlp-http', port: JAEGER_PORTS.otlpHttp },
      { name: 'sampling-http', port: JAEGER_PORTS.samplingHttp },
      { name: 'sampling-grpc', port: JAEGER_PORTS.samplingGrpc },
      { name: 'health', port: JAEGER_PORTS.health },
    ];
    const servicePorts = ports
      .filter((p) => p.name !== 'health')
      .map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromString(p.name), protocol: 'TCP' }));
    new k8s.KubeService(this, 'Service', { metadata: { name, labels }, spec: { type: 'ClusterIP', selector: this.selector, ports: servicePorts } });

    const mounts: k8s.VolumeMount[] = [
      { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ];
    if (s.kind === 'badger') mounts.push({ name: 'data', mountPath: BADGER_DIR });
    const data = s.kind === 'badger' ? statefulSetStorage('data', s.volume, labels) : undefined;
    const podTemplate: k8s.PodTemplateSpec = {
      metadata: { labels, annotations: { 'keelson.io/config-checksum': createHash('sha256').update(config).update(strategies).digest('hex') } },
      spec: {
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        // Replicas (shared-storage backends only) go to different nodes and zones.
        topologySpreadConstraints: replicas > 1 ? topologySpread(this.selector) : undefined,
        securityContext: restrictedPodSecurityContext({ user: JAEGER_UID }),
        containers: [
          container({
            name: 'jaeger',
            image,
            args: [`--config=${CONFIG_DIR}/config.yaml`],
            ports,
            env: env.length ? env : undefined,
            resources: props.resources,
            probes,
            volumeMounts: mounts,
          }),
        ],
        volumes: [configMapVolume('config', configMap.name), scratchVolume('tmp', '256Mi'), ...(data?.volumes ?? [])],
      },
    };

    if (data) {
      const headless = `${name}-headless`;
      new k8s.KubeService(this, 'Headless', {
        metadata: { name: headless, labels },
        spec: { clusterIp: 'None', selector: this.selector, ports: servicePorts },
      });
      new k8s.KubeStatefulSet(this, 'Resource', {
        metadata: { name, labels, annotations: data.annotations },
        spec: {
          replicas: 1,
          serviceName: headless,
          selector: { matchLabels: this.selector },
          updateStrategy: { type: 'RollingUpdate' },
          persistentVolumeClaimRetentionPolicy: data.persistentVolumeClaimRetentionPolicy,
          volumeClaimTemplates: data.volumeClaimTemplates,
          template: podTemplate,
        },
      });
    } else {
      new k8s.KubeDeployment(this, 'Resource', {
        metadata: { name, labels },
        spec: {
          replicas,
          // A memory store cannot be shared: replace the pod rather than run two side by side.
          strategy:
            s.kind === 'memory'
              ? { type: 'Recreate' }
              : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
          selector: { matchLabels: this.selector },
          template: podTemplate,
        },
      });
    }
    if (replicas > 1) {
      new PodDisruptionBudget(this, 'DisruptionBudget', { name, labels, selector: this.selector, budget: { maxUnavailable: 1 } });
    }
    new ExposedService(this, 'Exposure', {
      exposure,
      name: exposure.kind === 'loadBalancer' ? `${name}-external` : name,
      labels,
      selector: this.selector,
      backend: { service: name, port: JAEGER_PORTS.query, targetPort: 'query' },
      component: COMPONENT,
      field: 'exposure',
    });
  }

  /** Query/UI URL as seen from another namespace (fully qualified), or from this one when the namespace is not known. */
  queryUrlFrom(namespace: string | undefined): string {
    return namespace === undefined ? this.queryUrl : `http://${this.name}.${namespace}.svc:${JAEGER_PORTS.query}`;
  }
}

function checkSampling(checks: Checks, s: SamplingConfig): void {
  const one = (field: string, x: SamplingStrategy) => {
    checks.that(x.type === 'probabilistic' || x.type === 'ratelimiting', `${field}.type`, x.type, "must be 'probabilistic' or 'ratelimiting'");
    if (x.type === 'probabilistic')
      checks.that(typeof x.param === 'number' && x.param >= 0 && x.param <= 1, `${field}.param`, x.param, 'must be a probability between 0 and 1');
    else
      checks.that(
        typeof x.param === 'number' && x.param > 0 && x.param <= 100000,
        `${field}.param`,
        x.param,
        'must be traces per second, above 0 and at most 100000',
      );
  };
  one('sampling.default', s.default);
  for (const [service, x] of Object.entries(s.services)) one(`sampling.services.${service}`, x);
}

type SamplingStrategy = SamplingConfig['default'];
