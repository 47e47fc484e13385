/**
 * Configuration keys of Loki 3.7, recorded by hand from its configuration reference
 * (grafana/loki docs/sources/shared/configuration.md, "Supported contents and default values of
 * loki.yaml", as published for v3.7.x; read 2026-12-01). Only the blocks keelson renders are
 * recorded, each with its keys as the reference lists them; a nested block is an object, a
 * list of blocks (schema_config.configs) is a one-element array. Loki refuses a configuration
 * with an unknown key at start ("field x not found in type ..."), so every key keelson writes
 * must be here. Extend it from the reference, never from our own output.
 */
export type KeyTree = { readonly [key: string]: true | KeyTree | readonly [KeyTree] };

const S3_STORAGE_CONFIG: KeyTree = {
  s3: true,
  s3forcepathstyle: true,
  bucketnames: true,
  endpoint: true,
  region: true,
  access_key_id: true,
  secret_access_key: true,
  session_token: true,
  insecure: true,
  chunk_delimiter: true,
  http_config: { timeout: true, idle_conn_timeout: true, response_header_timeout: true, insecure_skip_verify: true, ca_file: true },
  signature_version: true,
  storage_class: true,
  sse: { type: true, kms_key_id: true, kms_encryption_context: true },
  backoff_config: { min_period: true, max_period: true, max_retries: true },
  disable_dualstack: true,
};

const KVSTORE: KeyTree = {
  store: true,
  prefix: true,
  consul: true,
  etcd: true,
  multi: { primary: true, secondary: true, mirror_enabled: true, mirror_timeout: true },
};

export const LOKI_3_7_KEYS: KeyTree = {
  target: true,
  auth_enabled: true,
  ballast_bytes: true,
  server: {
    http_listen_network: true,
    http_listen_address: true,
    http_listen_port: true,
    http_listen_conn_limit: true,
    grpc_listen_network: true,
    grpc_listen_address: true,
    grpc_listen_port: true,
    grpc_listen_conn_limit: true,
    graceful_shutdown_timeout: true,
    http_server_read_timeout: true,
    http_server_write_timeout: true,
    http_server_idle_timeout: true,
    grpc_server_max_recv_msg_size: true,
    grpc_server_max_send_msg_size: true,
    log_format: true,
    log_level: true,
    http_path_prefix: true,
  },
  common: {
    path_prefix: true,
    storage: {
      s3: S3_STORAGE_CONFIG,
      gcs: true,
      azure: true,
      alibabacloud: true,
      bos: true,
      swift: true,
      filesystem: { chunks_directory: true, rules_directory: true },
      hedging: { at: true, up_to: true, max_per_second: true },
      cos: true,
      congestion_control: true,
      object_store: true,
    },
    persist_tokens: true,
    replication_factor: true,
    ring: {
      kvstore: KVSTORE,
      heartbeat_period: true,
      heartbeat_timeout: true,
      tokens_file_path: true,
      zone_awareness_enabled: true,
      num_tokens: true,
      replication_factor: true,
      instance_id: true,
      instance_interface_names: true,
      instance_port: true,
      instance_addr: true,
      instance_availability_zone: true,
      instance_enable_ipv6: true,
    },
    instance_interface_names: true,
    instance_addr: true,
    compactor_address: true,
    compactor_grpc_address: true,
  },
  schema_config: {
    configs: [
      {
        from: true,
        store: true,
        object_store: true,
        schema: true,
        index: { path_prefix: true, prefix: true, period: true, tags: true },
        chunks: { prefix: true, period: true, tags: true },
        row_shards: true,
      },
    ],
  },
  compactor: {
    working_directory: true,
    compaction_interval: true,
    apply_retention_interval: true,
    retention_enabled: true,
    retention_delete_delay: true,
    retention_delete_worker_count: true,
    retention_table_timeout: true,
    delete_request_store: true,
    delete_request_store_key_prefix: true,
    delete_request_store_db_type: true,
    delete_batch_size: true,
    delete_request_cancel_period: true,
    delete_max_interval: true,
    max_compaction_parallelism: true,
    upload_parallelism: true,
    compactor_ring: true,
    tables_to_compact: true,
    skip_latest_n_tables: true,
  },
  limits_config: {
    ingestion_rate_strategy: true,
    ingestion_rate_mb: true,
    ingestion_burst_size_mb: true,
    max_label_name_length: true,
    max_label_value_length: true,
    max_label_names_per_series: true,
    reject_old_samples: true,
    reject_old_samples_max_age: true,
    creation_grace_period: true,
    max_line_size: true,
    max_line_size_truncate: true,
    discover_service_name: true,
    discover_log_levels: true,
    max_streams_per_user: true,
    max_global_streams_per_user: true,
    per_stream_rate_limit: true,
    per_stream_rate_limit_burst: true,
    max_chunks_per_query: true,
    max_query_series: true,
    max_query_lookback: true,
    max_query_length: true,
    max_query_parallelism: true,
    max_entries_limit_per_query: true,
    query_timeout: true,
    split_queries_by_interval: true,
    volume_enabled: true,
    volume_max_series: true,
    deletion_mode: true,
    retention_period: true,
    retention_stream: true,
    allow_structured_metadata: true,
    max_structured_metadata_size: true,
    max_structured_metadata_entries_count: true,
    otlp_config: {
      resource_attributes: { ignore_defaults: true, attributes_config: true },
      scope_attributes: true,
      log_attributes: true,
      severity_text_as_label: true,
    },
  },
  ruler: {
    external_url: true,
    evaluation_interval: true,
    poll_interval: true,
    // Deprecated in favour of ruler_storage, still read.
    storage: {
      type: true,
      azure: true,
      alibabacloud: true,
      gcs: true,
      s3: S3_STORAGE_CONFIG,
      bos: true,
      swift: true,
      cos: true,
      local: { directory: true },
    },
    rule_path: true,
    alertmanager_url: true,
    enable_api: true,
    wal: { dir: true, truncate_frequency: true, min_age: true, max_age: true },
  },
  ruler_storage: { backend: true, local: { directory: true } },
  storage_config: true,
  chunk_store_config: true,
  ingester: true,
  querier: true,
  query_range: true,
  frontend: true,
  memberlist: true,
  runtime_config: { period: true, file: true },
  analytics: { reporting_enabled: true, usage_stats_url: true, proxy_url: true, tls_config: true },
  tracing: true,
  shutdown_delay: true,
};

/** Key paths of a document that the tree does not list (`a.b[].c`); a `true` leaf admits any content. */
export function unknownKeys(doc: unknown, tree: KeyTree, path = ''): string[] {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [];
  return Object.entries(doc as Record<string, unknown>).flatMap(([key, value]) => {
    const here = path ? `${path}.${key}` : key;
    const allowed = tree[key];
    if (allowed === undefined) return [here];
    if (allowed === true || value === undefined || value === null) return [];
    if (Array.isArray(allowed)) {
      return Array.isArray(value) ? value.flatMap((item) => unknownKeys(item, allowed[0], `${here}[]`)) : [`${here} (must be a list)`];
    }
    return typeof value === 'object' && !Array.isArray(value) ? unknownKeys(value, allowed as KeyTree, here) : [`${here} (must be a block)`];
  });
}
