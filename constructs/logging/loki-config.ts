/**
 * Typed model of the Loki 3.7 configuration file for a monolithic (single binary) Loki, and the
 * function that builds it. Option names follow the Loki 3.7 configuration reference.
 */

/** Where chunks and the TSDB index live. */
export type LokiObjectStore =
  | { readonly kind: 'filesystem' }
  | {
      readonly kind: 's3';
      /** host[:port] of an S3-compatible endpoint (Ceph RGW, MinIO …), without scheme. */
      readonly endpoint: string;
      readonly bucket: string;
      readonly region?: string;
      readonly insecure: boolean;
      readonly forcePathStyle: boolean;
      /** Names of the environment variables holding the credentials (expanded by -config.expand-env). */
      readonly accessKeyIdEnv: string;
      readonly secretAccessKeyEnv: string;
    };

export interface LokiLimits {
  readonly ingestionRateMb: number;
  readonly ingestionBurstSizeMb: number;
  readonly maxQuerySeries: number;
  readonly maxEntriesLimitPerQuery: number;
}

export interface LokiConfigInput {
  readonly httpPort: number;
  readonly grpcPort: number;
  /** Local data directory (the volume): WAL, TSDB index cache, compactor work, and chunks on filesystem. */
  readonly dataDir: string;
  readonly store: LokiObjectStore;
  /** First day of the v13/tsdb schema period (YYYY-MM-DD). Never changes once data exists. */
  readonly schemaStart: string;
  readonly retentionHours: number;
  readonly limits: LokiLimits;
}

/** Builds the configuration document; render it with `renderYaml`. */
export function lokiConfig(i: LokiConfigInput): Record<string, unknown> {
  const storeName = i.store.kind === 'filesystem' ? 'filesystem' : 's3';
  const storage =
    i.store.kind === 'filesystem'
      ? { filesystem: { chunks_directory: `${i.dataDir}/chunks`, rules_directory: `${i.dataDir}/rules` } }
      : {
          s3: {
            endpoint: i.store.endpoint,
            bucketnames: i.store.bucket,
            region: i.store.region,
            access_key_id: `\${${i.store.accessKeyIdEnv}}`,
            secret_access_key: `\${${i.store.secretAccessKeyEnv}}`,
            s3forcepathstyle: i.store.forcePathStyle,
            insecure: i.store.insecure,
          },
        };
  return {
    auth_enabled: false,
    server: { http_listen_port: i.httpPort, grpc_listen_port: i.grpcPort, log_level: 'info' },
    common: {
      // A single instance: the ring lives in memory and the instance talks to itself.
      instance_addr: '127.0.0.1',
      path_prefix: i.dataDir,
      replication_factor: 1,
      ring: { kvstore: { store: 'inmemory' } },
      storage,
    },
    schema_config: {
      configs: [{ from: i.schemaStart, store: 'tsdb', object_store: storeName, schema: 'v13', index: { prefix: 'index_', period: '24h' } }],
    },
    compactor: {
      working_directory: `${i.dataDir}/compactor`,
      compaction_interval: '10m',
      retention_enabled: true,
      retention_delete_delay: '2h',
      // Required with retention: the store that keeps delete requests.
      delete_request_store: storeName,
    },
    limits_config: {
      retention_period: `${i.retentionHours}h`,
      ingestion_rate_mb: i.limits.ingestionRateMb,
      ingestion_burst_size_mb: i.limits.ingestionBurstSizeMb,
      max_query_series: i.limits.maxQuerySeries,
      max_entries_limit_per_query: i.limits.maxEntriesLimitPerQuery,
      reject_old_samples: true,
      reject_old_samples_max_age: '168h',
      // OTLP log attributes land as structured metadata (needs schema v13).
      allow_structured_metadata: true,
      volume_enabled: true,
    },
    ruler: { storage: { type: 'local', local: { directory: `${i.dataDir}/rules` } } },
    analytics: { reporting_enabled: false },
  };
}
