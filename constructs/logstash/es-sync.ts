import { Construct } from 'constructs';
import { ImageRef } from '../common/images';
import { recommendedLabels, selectorLabels } from '../common/labels';
import { Named } from '../common/named';
import { HealthProbes } from '../common/probes';
import { Size, toMebibytes } from '../common/quantity';
import { ResourceSpec } from '../common/resources';
import { VolumeSpec } from '../common/storage';
import { chartIdOf, recordFlow } from '../common/wiring';
import { PipelineConfig } from './config/model';
import { Duration } from './duration';
import { FullCopyJob } from './full-copy-job';
import { fullCopyScript } from './full-copy-script';
import { LogstashConfig } from './logstash-config';
import { LogstashProcess } from './logstash-pod';
import { DLQ_PATH, replayPipeline, syncPipeline, SyncPipelineInput } from './pipelines';
import {
  ES_SYNC_COMPONENT,
  isContinuous,
  MIN_HEAP_BYTES,
  needsFullCopy,
  REPLAY_QUEUE_BYTES,
  ResolvedEsSync,
  ResolvedSync,
  resolveEsSync,
} from './es-sync-resolved';
import { API_PORT, DATA_DIR, DlqStoragePolicy, LOGSTASH_HOME, PIPELINE_DIR, PipelineEntry, SETTINGS_DIR } from './settings';
import { EsClusterSpec, SyncSpec } from './spec';
import { SyncStatefulSet } from './sync-statefulset';

export { DRAIN_FLOOR_BYTES_PER_SECOND, keepAliveFor, MAX_KEEP_ALIVE_SECONDS } from './es-sync-resolved';

export interface EsSyncProps {
  readonly source: EsClusterSpec;
  readonly destination: EsClusterSpec;
  /**
   * The copies, keyed by name: the key is the pipeline id and the stem of its files and folders
   * (a DNS label of at most 40 characters, not 'replay'). Used in insertion order.
   */
  readonly syncs: Named<SyncSpec>;
  /** Volume of each Logstash instance (the continuous StatefulSet and the full-copy Job). */
  readonly storage: VolumeSpec;
  readonly resources: ResourceSpec;
  /** JVM heap (-Xms = -Xmx). Must leave a quarter of the memory limit to off-heap memory. */
  readonly heap: Size;
  /** Persisted queue of each sync pipeline. @default { maxBytes: '1Gi', checkpointWrites: 1024 } */
  readonly queue?: { readonly maxBytes: Size; /** @default 1024 (Logstash's default) */ readonly checkpointWrites?: number };
  /**
   * Dead-letter queue of each sync pipeline. drop_older keeps the newest rejects when full,
   * since the replay pipeline drains the queue continuously.
   * @default { maxBytes: '1Gi', storagePolicy: 'drop_older', retainAge: '7d' }
   */
  readonly deadLetterQueue?: { readonly maxBytes: Size; readonly storagePolicy?: DlqStoragePolicy; readonly retainAge?: Duration };
  /** Index on the destination receiving rejected documents. @default '<id>-quarantine' */
  readonly quarantineIndex?: string;
  /**
   * Time a stopping pod gets to drain its persisted queues (`queue.drain`) before it is killed.
   * @default 600 (ten minutes: a full queue of a few GiB at a slow destination)
   */
  readonly drainSeconds?: number;
  /**
   * Failed pods the full-copy Job retries before it is failed. A pod fails unless every copy
   * finished; its retry skips the copies already finished and restarts the unfinished one.
   * @default 2
   */
  readonly fullCopyBackoffLimit?: number;
  /**
   * Point-in-time keep-alive of every search (the input's `scroll`): how long the source keeps
   * the point in time between two page requests. A full persisted queue blocks the input
   * between two pages for as long as the destination takes to make room, so the default is the
   * time to drain a whole queue at a floor rate of 1 MiB/s (`queue.maxBytes` / 1 MiB/s, rounded
   * up to minutes, at least 5m). It must not exceed the source's `search.max_keep_alive` (24h
   * by default). @default derived from queue.maxBytes as described
   */
  readonly pointInTimeKeepAlive?: Duration;
  /** @default IMAGES.logstash */
  readonly image?: ImageRef;
  /** @default LOGSTASH_PROBES */
  readonly probes?: HealthProbes;
}

/** The full-copy Job's replay sidecar: a small Logstash (512Mi heap) on its own API port. */
const REPLAY_RESOURCES: ResourceSpec = { requests: { cpu: '100m', memory: '1Gi' }, limits: { memory: '1Gi' } };
const REPLAY_API_PORT = API_PORT + 1;
/** The full-copy Job's entrypoint (ConfigMap key) and its completion markers (under path.data's volume). */
const FULL_COPY_SCRIPT = 'full-copy.sh';
const FULL_COPY_STATE = 'copy-state';
const REPLAY_ENTRY: PipelineEntry = { id: 'replay', file: 'replay.conf', workers: 1, batchSize: 125, queueMaxBytes: REPLAY_QUEUE_BYTES };

/** Where an incremental pipeline's cursor lives: its own folder, created before start (see prepareDirs). */
const cursorDir = (id: string) => `${DATA_DIR}/plugins/inputs/elasticsearch/${id}`;
const lastRunPath = (id: string) => `${cursorDir(id)}/last_run_value`;

/** One sync pipeline of an instance: its pipelines.yml entry and its configuration. */
interface Pipeline {
  readonly entry: PipelineEntry;
  readonly config: PipelineConfig;
}

/**
 * Copies Elasticsearch indices between clusters with Logstash: a full-copy Job for `full` and
 * `fullThenIncremental` syncs, a StatefulSet running the incremental pipelines and the replay
 * of rejected documents, persisted queues and dead-letter queues on retained volumes.
 *
 * The props are resolved first (es-sync-resolved.ts: defaults, validation, sizes), then built from the
 * resolved values only.
 */
export class EsSync extends Construct {
  readonly statefulSet?: SyncStatefulSet;
  readonly fullCopy?: FullCopyJob;
  /** Rendered pipeline configurations by file name, per instance (for tests and reviews). */
  readonly continuousConfig?: LogstashConfig;
  readonly fullCopyConfig?: LogstashConfig;
  readonly quarantineIndex: string;

  constructor(scope: Construct, id: string, props: EsSyncProps) {
    super(scope, id);
    const r = resolveEsSync(this, id, props);
    this.quarantineIndex = r.quarantineIndex;
    const continuous = r.syncs.filter(isContinuous);
    const full = r.syncs.filter(needsFullCopy);
    if (continuous.length) [this.continuousConfig, this.statefulSet] = this.buildContinuous(r, continuous);
    if (full.length) [this.fullCopyConfig, this.fullCopy] = this.buildFullCopy(r, full);
  }

  /** The StatefulSet running the incremental pipelines and the replay of rejected documents. */
  private buildContinuous(r: ResolvedEsSync, syncs: readonly ResolvedSync[]): [LogstashConfig, SyncStatefulSet] {
    const labels = recommendedLabels({ name: 'logstash', instance: r.name, component: ES_SYNC_COMPONENT, version: r.image.tag });
    const selector = selectorLabels({ name: 'logstash', instance: r.name, component: ES_SYNC_COMPONENT });
    const pipelines: Pipeline[] = syncs.map((s) => pipeline(r, s, s.name, true));
    pipelines.push({
      entry: REPLAY_ENTRY,
      config: replayPipeline(
        syncs.map((s) => s.name),
        r.quarantineIndex,
        r.destination,
      ),
    });
    const config = new LogstashConfig(this, 'Config', {
      name: `${r.name}-config`,
      labels,
      settings: r.settings,
      processes: [{ pipelinesYml: 'pipelines.yml', pipelines }],
    });
    const statefulSet = new SyncStatefulSet(this, 'Logstash', {
      ...common(r),
      main: mainProcess(r),
      name: r.name,
      labels,
      selector,
      checksum: config.checksum,
      configMapName: config.configMapName,
      pipelineFiles: config.pipelineFiles,
      // The plugin creates no folder for an explicit last_run_metadata_path, and the replay's
      // dead-letter readers watch each writer's folder, which its pipeline may not have made yet.
      prepareDirs: syncs.flatMap((s) => [cursorDir(s.name), `${DLQ_PATH}/${s.name}`]),
    });
    this.recordFlows(r, selector, 'continuous Logstash');
    return [config, statefulSet];
  }

  /** The Job copying every `full` and `fullThenIncremental` sync once, with its replay sidecar. */
  private buildFullCopy(r: ResolvedEsSync, syncs: readonly ResolvedSync[]): [LogstashConfig, FullCopyJob] {
    const labels = recommendedLabels({ name: 'logstash', instance: r.name, component: 'full-copy', version: r.image.tag });
    const selector = selectorLabels({ name: 'logstash', instance: r.name, component: 'full-copy' });
    const pipelines = syncs.map((s) => pipeline(r, s, `${s.name}-full`, false));
    // The copy and its replay sidecar are two processes with their own path.data on one claim.
    const copyData = `${DATA_DIR}/copy`;
    const replay: Pipeline = {
      entry: REPLAY_ENTRY,
      config: replayPipeline(
        pipelines.map((p) => p.entry.id),
        r.quarantineIndex,
        r.destination,
        `${copyData}/dead_letter_queue`,
      ),
    };
    // Each copy runs in its own Logstash, so that one copy's failure fails the Job (see full-copy-script.ts).
    const script = fullCopyScript({
      logstash: `${LOGSTASH_HOME}/bin/logstash`,
      args: ['--path.settings', SETTINGS_DIR, '--path.data', copyData],
      pipelineDir: PIPELINE_DIR,
      stateDir: `${DATA_DIR}/${FULL_COPY_STATE}`,
      tmpDir: '/tmp',
      copies: pipelines.map((p) => ({ id: p.entry.id, file: p.entry.file, workers: p.entry.workers, batchSize: p.entry.batchSize })),
    });
    const config = new LogstashConfig(this, 'FullCopyConfig', {
      name: `${r.name}-full-config`,
      labels,
      settings: r.settings,
      processes: [
        { pipelinesYml: 'pipelines.yml', pipelines },
        { pipelinesYml: 'replay-pipelines.yml', pipelines: [replay] },
      ],
      extraFiles: { [FULL_COPY_SCRIPT]: script },
    });
    const job = new FullCopyJob(this, 'FullCopy', {
      ...common(r),
      main: {
        ...mainProcess(r, copyData),
        entrypoint: {
          configKey: FULL_COPY_SCRIPT,
          // Completion markers are kept per Job: a retry skips finished copies, a new Job copies again.
          env: [{ name: 'JOB_UID', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/controller-uid']" } } }],
        },
      },
      sidecar: {
        name: 'replay',
        pipelinesYml: 'replay-pipelines.yml',
        port: { name: 'replay-api', number: REPLAY_API_PORT },
        pathData: `${DATA_DIR}/replay`,
        resources: REPLAY_RESOURCES,
        heapMebibytes: toMebibytes(MIN_HEAP_BYTES),
        probes: r.probes,
      },
      name: `${r.name}-full`,
      labels,
      checksum: config.checksum,
      configMapName: config.configMapName,
      pipelineFiles: config.pipelineFiles,
      // The sidecar starts first: the copy's dead-letter folders must exist before it reads them.
      prepareDirs: [copyData, `${DATA_DIR}/replay`, `${DATA_DIR}/${FULL_COPY_STATE}`, ...pipelines.map((p) => `${copyData}/dead_letter_queue/${p.entry.id}`)],
      backoffLimit: r.fullCopyBackoffLimit,
    });
    this.recordFlows(r, selector, 'full-copy Job');
    return [config, job];
  }

  /** The pods' connections to every host of both clusters, for the generated network isolation. */
  private recordFlows(r: ResolvedEsSync, selector: Record<string, string>, who: string): void {
    const chart = chartIdOf(this);
    const clusters = { source: r.source, destination: r.destination };
    for (const role of ['source', 'destination'] as const) {
      for (const host of clusters[role].hosts) {
        const url = new URL(host);
        const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
        recordFlow(this, {
          from: { chart, selector },
          to: { kind: 'external', host: url.hostname },
          ports: [{ port, protocol: 'TCP' }],
          purpose: `${who} ${role === 'source' ? 'reads the source' : 'writes the destination'} Elasticsearch`,
        });
      }
    }
  }
}

/** What the StatefulSet and the Job share. */
function common(r: ResolvedEsSync) {
  return { image: r.image, clusters: { source: r.source, destination: r.destination }, terminationGracePeriodSeconds: r.drainSeconds, storage: r.storage };
}

/** The main Logstash process of an instance. */
function mainProcess(r: ResolvedEsSync, pathData?: string): LogstashProcess {
  return {
    name: 'logstash',
    pipelinesYml: 'pipelines.yml',
    port: { name: 'api', number: API_PORT },
    pathData,
    resources: r.resources,
    heapMebibytes: r.heapMebibytes,
    probes: r.probes,
  };
}

/** The pipeline `id` of sync `s`: tracked (scheduled, cursor on the volume) or a one-shot copy. */
function pipeline(r: ResolvedEsSync, s: ResolvedSync, id: string, tracked: boolean): Pipeline {
  const input: SyncPipelineInput = {
    id,
    indices: s.indices,
    rename: s.rename,
    softDelete: s.softDelete,
    keepAlive: r.keepAlive,
    keepFields: s.keepFields,
    slices: s.slices,
    pageSize: s.pageSize,
    source: r.source,
    destination: r.destination,
    incremental: tracked && s.tracked ? { ...s.tracked, lastRunPath: lastRunPath(id) } : undefined,
  };
  return {
    entry: {
      id,
      file: `${id}.conf`,
      workers: s.workers,
      batchSize: s.batchSize,
      queueMaxBytes: r.settings.queue.maxBytes,
      dlqMaxBytes: r.settings.deadLetterQueue.maxBytes,
    },
    config: syncPipeline(input),
  };
}
