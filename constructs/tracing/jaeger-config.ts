/**
 * Typed model of the Jaeger v2 configuration (an OpenTelemetry Collector configuration with
 * Jaeger's extensions) and of its sampling strategies file. Option names follow Jaeger 2.2x:
 * jaeger_storage backends, jaeger_query `storage.traces`, remote_sampling `file`, healthcheckv2.
 */

export const JAEGER_PORTS = { query: 16686, queryGrpc: 16685, otlpGrpc: 4317, otlpHttp: 4318, health: 13133, samplingHttp: 5778, samplingGrpc: 5779 } as const;
/** Name of the one storage backend in `jaeger_storage`. */
const STORE = 'traces';

export type JaegerBackend =
  | { readonly kind: 'memory'; readonly maxTraces: number }
  | { readonly kind: 'badger'; readonly directory: string; readonly ttlHours: number }
  | {
      readonly kind: 'elasticsearch' | 'opensearch';
      readonly serverUrls: readonly string[];
      readonly indexPrefix: string;
      readonly shards: number;
      readonly replicas: number;
      /** Environment variables holding the credentials (expanded by the collector's `${env:…}`). */
      readonly usernameEnv: string;
      readonly passwordEnv: string;
    };

export interface SamplingStrategy {
  readonly type: 'probabilistic' | 'ratelimiting';
  /** Probability (0–1) or traces per second. */
  readonly param: number;
}

export interface SamplingConfig {
  readonly default: SamplingStrategy;
  /** Per-service overrides. */
  readonly services: Readonly<Record<string, SamplingStrategy>>;
}

export interface JaegerConfigInput {
  readonly backend: JaegerBackend;
  /** Path of the sampling strategies file. */
  readonly samplingFile: string;
}

function backend(b: JaegerBackend): Record<string, unknown> {
  switch (b.kind) {
    case 'memory':
      return { memory: { max_traces: b.maxTraces } };
    case 'badger':
      return { badger: { ephemeral: false, directories: { keys: `${b.directory}/keys`, values: `${b.directory}/values` }, ttl: { spans: `${b.ttlHours}h` } } };
    case 'elasticsearch':
    case 'opensearch':
      return {
        [b.kind]: {
          server_urls: [...b.serverUrls],
          auth: { basic: { username: `\${env:${b.usernameEnv}}`, password: `\${env:${b.passwordEnv}}` } },
          indices: { index_prefix: b.indexPrefix, spans: { shards: b.shards, replicas: b.replicas }, services: { shards: b.shards, replicas: b.replicas } },
        },
      };
  }
}

const everywhere = (port: number) => `0.0.0.0:${port}`;

/** Builds the Jaeger configuration; render it with `renderYaml`. Every listener binds 0.0.0.0 (the defaults bind localhost). */
export function jaegerConfig(i: JaegerConfigInput): Record<string, unknown> {
  return {
    service: {
      extensions: ['jaeger_storage', 'jaeger_query', 'remote_sampling', 'healthcheckv2'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
      telemetry: { resource: { 'service.name': 'jaeger' }, logs: { level: 'info' } },
    },
    extensions: {
      healthcheckv2: { use_v2: true, http: { endpoint: everywhere(JAEGER_PORTS.health) } },
      jaeger_query: {
        storage: { traces: STORE },
        http: { endpoint: everywhere(JAEGER_PORTS.query) },
        grpc: { endpoint: everywhere(JAEGER_PORTS.queryGrpc) },
      },
      jaeger_storage: { backends: { [STORE]: backend(i.backend) } },
      remote_sampling: {
        file: { path: i.samplingFile, reload_interval: '1m' },
        http: { endpoint: everywhere(JAEGER_PORTS.samplingHttp) },
        grpc: { endpoint: everywhere(JAEGER_PORTS.samplingGrpc) },
      },
    },
    receivers: {
      otlp: { protocols: { grpc: { endpoint: everywhere(JAEGER_PORTS.otlpGrpc) }, http: { endpoint: everywhere(JAEGER_PORTS.otlpHttp) } } },
    },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: STORE } },
  };
}

/** The sampling strategies file served to SDKs by remote_sampling. */
export function samplingStrategies(s: SamplingConfig): Record<string, unknown> {
  return {
    default_strategy: { type: s.default.type, param: s.default.param },
    service_strategies: Object.entries(s.services)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([service, x]) => ({ service, type: x.type, param: x.param })),
  };
}
