import { renderYaml } from '../common/render/yaml';
import { toMebibytes } from '../common/quantity';

/** Where things live inside the official Logstash image. */
export const LOGSTASH_HOME = '/usr/share/logstash';
export const SETTINGS_DIR = `${LOGSTASH_HOME}/config`;
export const PIPELINE_DIR = `${LOGSTASH_HOME}/pipeline`;
export const DATA_DIR = `${LOGSTASH_HOME}/data`;
export const LOGS_DIR = `${LOGSTASH_HOME}/logs`;
export const CERTS_DIR = `${LOGSTASH_HOME}/certs`;
/** The monitoring API: node info, pipeline stats and health report (also the metrics endpoint). */
export const API_PORT = 9600;

export type DlqStoragePolicy = 'drop_newer' | 'drop_older';

/** The process-wide settings rendered to logstash.yml. */
export interface LogstashSettings {
  /** Persisted queue defaults; each pipeline may override its size in pipelines.yml. */
  readonly queue: { readonly maxBytes: number; readonly checkpointWrites: number };
  readonly deadLetterQueue: { readonly maxBytes: number; readonly storagePolicy: DlqStoragePolicy; readonly retainAge: string };
}

/** One entry of pipelines.yml. */
export interface PipelineEntry {
  readonly id: string;
  /** File name of the pipeline configuration inside PIPELINE_DIR. */
  readonly file: string;
  readonly workers: number;
  readonly batchSize: number;
  readonly queueMaxBytes: number;
  /** DLQ size for this pipeline; undefined disables its DLQ (the replay pipeline must not feed itself). */
  readonly dlqMaxBytes?: number;
}

/** Logstash byte values: whole mebibytes with the `mb` unit (Logstash counts 1mb as 1024 KiB). */
export function byteValue(bytes: number): string {
  return `${toMebibytes(bytes)}mb`;
}

export function renderLogstashYml(s: LogstashSettings): string {
  return renderYaml({
    'path.data': DATA_DIR,
    'path.logs': LOGS_DIR,
    // Bound on all interfaces so the kubelet's probes and metrics scrapers reach it.
    'api.enabled': true,
    'api.http.host': '0.0.0.0',
    'api.http.port': API_PORT,
    // The pipeline renderer escapes quotes and backslashes; Logstash must read them back.
    'config.support_escapes': true,
    // Pipelines change by rolling the pod (config checksum), never in place.
    'config.reload.automatic': false,
    'log.format': 'json',
    'queue.type': 'persisted',
    'queue.max_bytes': byteValue(s.queue.maxBytes),
    'queue.checkpoint.writes': s.queue.checkpointWrites,
    // On SIGTERM, finish what is already queued before exiting (see terminationGracePeriodSeconds).
    'queue.drain': true,
    'dead_letter_queue.enable': true,
    // Also the size of a pipeline started without pipelines.yml (the full copy's, one per process).
    'dead_letter_queue.max_bytes': byteValue(s.deadLetterQueue.maxBytes),
    'dead_letter_queue.storage_policy': s.deadLetterQueue.storagePolicy,
    'dead_letter_queue.retain.age': s.deadLetterQueue.retainAge,
  });
}

export function renderPipelinesYml(entries: readonly PipelineEntry[]): string {
  return renderYaml(
    entries.map((e) => ({
      'pipeline.id': e.id,
      'path.config': `${PIPELINE_DIR}/${e.file}`,
      'pipeline.workers': e.workers,
      'pipeline.batch.size': e.batchSize,
      'queue.type': 'persisted',
      'queue.max_bytes': byteValue(e.queueMaxBytes),
      'dead_letter_queue.enable': e.dlqMaxBytes !== undefined,
      'dead_letter_queue.max_bytes': e.dlqMaxBytes === undefined ? undefined : byteValue(e.dlqMaxBytes),
    })),
  );
}
