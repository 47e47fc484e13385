import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { IMAGES, ImageRef, checkImage } from '../common/images';
import { recommendedLabels, selectorLabels } from '../common/labels';
import { checkProbes, HealthProbes } from '../common/probes';
import { SIZE_RULE, Size, parseSize, toMebibytes } from '../common/quantity';
import { checkResources, ResourceSpec } from '../common/resources';
import { requireSecret } from '../common/secrets';
import { checkVolume, VolumeSpec } from '../common/storage';
import { chartIdOf, recordFlow } from '../common/wiring';
import { PipelineConfig } from './config/model';
import { FIELD_SEGMENT } from './config/render';
import { checkCron } from './cron';
import { checkIndexNameLength, checkTrackingStart, clusterIdentity } from './value-checks';
import { DURATION_RULE, Duration, parseDuration } from './duration';
import { FullCopyJob } from './full-copy-job';
import { fullCopyScript } from './full-copy-script';
import { LogstashConfig } from './logstash-config';
import { LOGSTASH_PROBES, LogstashProcess } from './logstash-pod';
import { ClusterRole, DLQ_PATH, replayPipeline, syncPipeline, SyncPipelineInput } from './pipelines';
import { API_PORT, DATA_DIR, DlqStoragePolicy, LOGSTASH_HOME, PIPELINE_DIR, PipelineEntry, SETTINGS_DIR } from './settings';
import { EsClusterSpec, RenameRule, SyncSpec, TrackingSpec } from './spec';
import { SyncStatefulSet } from './sync-statefulset';
import { PROP_SHAPES } from '../common/prop-shapes.generated';
import { Named, namedEntries } from '../common/named';

const COMPONENT = 'es-sync';

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

const DEFAULTS = {
  queue: { maxBytes: '1Gi' as Size, checkpointWrites: 1024 },
  deadLetterQueue: { maxBytes: '1Gi' as Size, storagePolicy: 'drop_older' as DlqStoragePolicy, retainAge: '7d' as Duration },
  overlap: '5m' as Duration,
  drainSeconds: 600,
  fullCopyBackoffLimit: 2,
  slices: 1,
  pageSize: 1000,
  workers: 2,
  batchSize: 500,
};
/** The replay pipeline moves little data: a small queue, one worker. */
const REPLAY_QUEUE_BYTES = 256 * 1024 ** 2;
/** Queue pages are 64mb: a queue must hold at least two. */
const MIN_QUEUE_BYTES = 128 * 1024 ** 2;
const MIN_DLQ_BYTES = 64 * 1024 ** 2;
/** Slowest drain of a full queue the default keep-alive allows for (bytes per second). */
export const DRAIN_FLOOR_BYTES_PER_SECOND = 1024 ** 2;
const MIN_KEEP_ALIVE_SECONDS = 5 * 60;
/** Elasticsearch's default `search.max_keep_alive`: a longer point in time is refused. */
export const MAX_KEEP_ALIVE_SECONDS = 24 * 3600;
/** Share of a volume the queues may fill; the rest absorbs checkpoints, the head page and filesystem overhead. */
const VOLUME_BUDGET_PERCENT = 80;
const MIN_HEAP_BYTES = 512 * 1024 ** 2;
/** The full-copy Job's replay sidecar: a small Logstash (512Mi heap) on its own API port. */
const REPLAY_RESOURCES: ResourceSpec = { requests: { cpu: '100m', memory: '1Gi' }, limits: { memory: '1Gi' } };
const REPLAY_API_PORT = API_PORT + 1;
/** The full-copy Job's entrypoint (ConfigMap key) and its completion markers (under path.data's volume). */
const FULL_COPY_SCRIPT = 'full-copy.sh';
const FULL_COPY_STATE = 'copy-state';
/** Share of the memory limit the heap may take; queue pages, metaspace and threads live off-heap. */
const MAX_HEAP_PERCENT = 75;
const INDEX_PATTERN = /^[a-z0-9][a-z0-9._*-]*$/;
const INDEX_AFFIX = /^[a-z0-9._-]+$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const RENAME_FIELDS: Record<RenameRule['kind'], string[]> = { keep: [], prefix: ['prefix'], suffix: ['suffix'], map: ['map'] };

/** Where an incremental pipeline's cursor lives: its own folder, created before start (see prepareDirs). */
const cursorDir = (id: string) => `${DATA_DIR}/plugins/inputs/elasticsearch/${id}`;
const lastRunPath = (id: string) => `${cursorDir(id)}/last_run_value`;
const mib = (bytes: number) => `${toMebibytes(bytes)}Mi`;
/** A sync with its name (its key in `EsSyncProps.syncs`). */
type NamedSync = SyncSpec & { readonly name: string };
const isContinuous = (s: SyncSpec) => s.mode.kind !== 'full';
const needsFullCopy = (s: SyncSpec) => s.mode.kind !== 'incremental';

/** The default point-in-time keep-alive: a whole queue drained at the floor rate, in minutes. */
export function keepAliveFor(queueBytes: number): Duration {
  const seconds = Math.max(MIN_KEEP_ALIVE_SECONDS, Math.ceil(queueBytes / DRAIN_FLOOR_BYTES_PER_SECOND));
  return `${Math.ceil(seconds / 60)}m`;
}

/**
 * Copies Elasticsearch indices between clusters with Logstash: a full-copy Job for `full` and
 * `fullThenIncremental` syncs, a StatefulSet running the incremental pipelines and the replay
 * of rejected documents, persisted queues and dead-letter queues on retained volumes.
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
    const checks: Checks = new Checks(this, COMPONENT);
    const name = checks.dnsLabel('id', id, 40);

    // Defaults, in one place.
    const queue = { ...DEFAULTS.queue, ...props.queue };
    const dlq = { ...DEFAULTS.deadLetterQueue, ...props.deadLetterQueue };
    const quarantineIndex = props.quarantineIndex ?? `${name}-quarantine`;
    const drainSeconds = props.drainSeconds ?? DEFAULTS.drainSeconds;
    const backoffLimit = props.fullCopyBackoffLimit ?? DEFAULTS.fullCopyBackoffLimit;
    const image = props.image ?? IMAGES.logstash;
    const probes = props.probes ?? LOGSTASH_PROBES;
    this.quarantineIndex = quarantineIndex;

    // Validation, before anything is created.
    checkImage(checks, 'image', image);
    checkProbes(checks, 'probes', probes);
    this.checkCluster(checks, 'source', props.source);
    this.checkCluster(checks, 'destination', props.destination);
    const volumeBytes = checkVolume(checks, 'storage', props.storage);
    const figures = checkResources(checks, 'resources', props.resources);
    const heapBytes = parseSize(props.heap);
    checks.that(heapBytes !== undefined, 'heap', props.heap, SIZE_RULE);
    checks.that(heapBytes >= MIN_HEAP_BYTES, 'heap', props.heap, `must be at least ${mib(MIN_HEAP_BYTES)}`);
    const maxHeap = Math.floor((figures.memoryLimitBytes * MAX_HEAP_PERCENT) / 100);
    checks.that(
      heapBytes <= maxHeap,
      'heap',
      props.heap,
      `must fit in ${MAX_HEAP_PERCENT}% of the memory limit ${props.resources.limits.memory} (at most ${mib(maxHeap)}; the rest is off-heap memory)`,
    );
    const queueBytes = parseSize(queue.maxBytes);
    checks.that(
      queueBytes !== undefined && queueBytes >= MIN_QUEUE_BYTES,
      'queue.maxBytes',
      queue.maxBytes,
      `must be a size of at least ${mib(MIN_QUEUE_BYTES)} (two 64mb queue pages)`,
    );
    checks.integer('queue.checkpointWrites', queue.checkpointWrites, 1, 65536);
    const dlqBytes = parseSize(dlq.maxBytes);
    checks.that(
      dlqBytes !== undefined && dlqBytes >= MIN_DLQ_BYTES,
      'deadLetterQueue.maxBytes',
      dlq.maxBytes,
      `must be a size of at least ${mib(MIN_DLQ_BYTES)}`,
    );
    checks.that(
      dlq.storagePolicy === 'drop_newer' || dlq.storagePolicy === 'drop_older',
      'deadLetterQueue.storagePolicy',
      dlq.storagePolicy,
      "must be 'drop_newer' or 'drop_older'",
    );
    checks.that(parseDuration(dlq.retainAge) !== undefined, 'deadLetterQueue.retainAge', dlq.retainAge, DURATION_RULE);
    checks.that(
      INDEX_AFFIX.test(quarantineIndex ?? '') && !quarantineIndex.startsWith('.'),
      'quarantineIndex',
      quarantineIndex,
      'must be a lower-case index name (letters, digits, ".", "_" and "-")',
    );
    checks.integer('drainSeconds', drainSeconds, 30, 3600);
    checks.integer('fullCopyBackoffLimit', backoffLimit, 0, 10);
    const keepAlive = props.pointInTimeKeepAlive ?? keepAliveFor(queueBytes);
    const keepAliveSeconds = parseDuration(keepAlive);
    checks.that(keepAliveSeconds !== undefined, 'pointInTimeKeepAlive', keepAlive, DURATION_RULE);
    checks.that(
      keepAliveSeconds <= MAX_KEEP_ALIVE_SECONDS,
      'pointInTimeKeepAlive',
      keepAlive,
      "must be at most 24h (Elasticsearch's default search.max_keep_alive refuses a longer point in time)",
    );

    checks.that(
      props.syncs !== null && typeof props.syncs === 'object' && !Array.isArray(props.syncs),
      'syncs',
      props.syncs,
      'must be an object keyed by sync name, such as { orders: { indices, mode } }',
    );
    const syncs: NamedSync[] = namedEntries(props.syncs).map(([name, s]) => ({ ...s, name }));
    checks.that(syncs.length > 0, 'syncs', props.syncs, 'must hold at least one sync');
    syncs.forEach((s) => {
      checks.dnsLabel(`syncs.${s.name}`, s.name, 40);
      checks.that(s.name !== 'replay', `syncs.${s.name}`, s.name, "must not be 'replay' (the replay pipeline's id)");
      this.checkSync(checks, `syncs.${s.name}`, s);
    });
    this.checkTargets(checks, syncs, quarantineIndex, props.source.hosts, props.destination.hosts);
    // After the field checks: a rename rule with another kind's field has its own, sharper message.
    checks.knownFields(props, PROP_SHAPES.EsSyncProps);

    // Pipelines of each instance, then their sizes against the volume.
    const continuous = syncs.filter(isContinuous);
    const full = syncs.filter(needsFullCopy);
    const budget = (what: string, queues: number[]) => {
      const need = queues.reduce((a, b) => a + b, 0);
      const required = Math.ceil((need * 100) / VOLUME_BUDGET_PERCENT);
      checks.that(
        volumeBytes >= required,
        'storage.size',
        props.storage.size,
        `must hold the ${what}'s queues and dead-letter queues (${mib(need)}) with ${100 - VOLUME_BUDGET_PERCENT}% headroom, so at least ${mib(required)}`,
      );
    };
    if (continuous.length) budget('continuous Logstash', [...continuous.flatMap(() => [queueBytes, dlqBytes]), REPLAY_QUEUE_BYTES]);
    if (full.length) budget('full-copy Job', [...full.flatMap(() => [queueBytes, dlqBytes]), REPLAY_QUEUE_BYTES]);

    const instance = name;
    const clusters: Record<ClusterRole, EsClusterSpec> = { source: props.source, destination: props.destination };
    const settings = {
      queue: { maxBytes: queueBytes, checkpointWrites: queue.checkpointWrites },
      deadLetterQueue: { maxBytes: dlqBytes, storagePolicy: dlq.storagePolicy, retainAge: dlq.retainAge },
    };
    const heapMebibytes = toMebibytes(heapBytes);
    const common = { image, clusters, terminationGracePeriodSeconds: drainSeconds, storage: props.storage };
    const main = (pathData?: string): LogstashProcess => ({
      name: 'logstash',
      pipelinesYml: 'pipelines.yml',
      port: { name: 'api', number: API_PORT },
      pathData,
      resources: props.resources,
      heapMebibytes,
      probes,
    });
    const replayEntry: PipelineEntry = { id: 'replay', file: 'replay.conf', workers: 1, batchSize: 125, queueMaxBytes: REPLAY_QUEUE_BYTES };
    const entry = (id: string, s: NamedSync): PipelineEntry => ({
      id,
      file: `${id}.conf`,
      workers: s.workers ?? DEFAULTS.workers,
      batchSize: s.batchSize ?? DEFAULTS.batchSize,
      queueMaxBytes: queueBytes,
      dlqMaxBytes: dlqBytes,
    });
    const input = (s: NamedSync, id: string, incremental: boolean): SyncPipelineInput => {
      const mode = s.mode;
      const tracking = mode.kind === 'full' ? undefined : { ...mode.tracking, overlap: mode.tracking.overlap ?? DEFAULTS.overlap };
      return {
        id,
        indices: s.indices,
        rename: s.rename ?? { kind: 'keep' },
        softDelete: s.softDelete && {
          field: s.softDelete.field,
          onDestination: s.softDelete.onDestination ?? (mode.kind === 'fullThenIncremental' ? 'tombstone' : 'delete'),
        },
        keepAlive,
        keepFields: s.keepFields ?? [],
        slices: s.slices ?? DEFAULTS.slices,
        pageSize: s.pageSize ?? DEFAULTS.pageSize,
        source: props.source,
        destination: props.destination,
        incremental: incremental && tracking && mode.kind !== 'full' ? { schedule: mode.schedule, tracking, lastRunPath: lastRunPath(id) } : undefined,
      };
    };

    const chart = chartIdOf(this);
    const flowsFrom = (selector: Record<string, string>, who: string) => {
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
    };

    if (continuous.length) {
      const version = image.tag;
      const labels = recommendedLabels({ name: 'logstash', instance, component: COMPONENT, version });
      const selector = selectorLabels({ name: 'logstash', instance, component: COMPONENT });
      const pipelines: { entry: PipelineEntry; config: PipelineConfig }[] = continuous.map((s) => ({
        entry: entry(s.name, s),
        config: syncPipeline(input(s, s.name, true)),
      }));
      pipelines.push({
        entry: replayEntry,
        config: replayPipeline(
          continuous.map((s) => s.name),
          quarantineIndex,
          props.destination,
        ),
      });
      this.continuousConfig = new LogstashConfig(this, 'Config', {
        name: `${name}-config`,
        labels,
        settings,
        processes: [{ pipelinesYml: 'pipelines.yml', pipelines }],
      });
      this.statefulSet = new SyncStatefulSet(this, 'Logstash', {
        ...common,
        main: main(),
        name,
        labels,
        selector,
        checksum: this.continuousConfig.checksum,
        configMapName: this.continuousConfig.configMapName,
        pipelineFiles: this.continuousConfig.pipelineFiles,
        // The plugin creates no folder for an explicit last_run_metadata_path, and the replay's
        // dead-letter readers watch each writer's folder, which its pipeline may not have made yet.
        prepareDirs: continuous.flatMap((s) => [cursorDir(s.name), `${DLQ_PATH}/${s.name}`]),
      });
      flowsFrom(selector, 'continuous Logstash');
    }

    if (full.length) {
      const labels = recommendedLabels({ name: 'logstash', instance, component: 'full-copy', version: image.tag });
      const selector = selectorLabels({ name: 'logstash', instance, component: 'full-copy' });
      const pipelines = full.map((s) => ({ entry: entry(`${s.name}-full`, s), config: syncPipeline(input(s, `${s.name}-full`, false)) }));
      // The copy and its replay sidecar are two processes with their own path.data on one claim.
      const copyData = `${DATA_DIR}/copy`;
      const replay = {
        entry: replayEntry,
        config: replayPipeline(
          pipelines.map((p) => p.entry.id),
          quarantineIndex,
          props.destination,
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
      this.fullCopyConfig = new LogstashConfig(this, 'FullCopyConfig', {
        name: `${name}-full-config`,
        labels,
        settings,
        processes: [
          { pipelinesYml: 'pipelines.yml', pipelines },
          { pipelinesYml: 'replay-pipelines.yml', pipelines: [replay] },
        ],
        extraFiles: { [FULL_COPY_SCRIPT]: script },
      });
      this.fullCopy = new FullCopyJob(this, 'FullCopy', {
        ...common,
        main: {
          ...main(copyData),
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
          probes,
        },
        name: `${name}-full`,
        labels,
        checksum: this.fullCopyConfig.checksum,
        configMapName: this.fullCopyConfig.configMapName,
        pipelineFiles: this.fullCopyConfig.pipelineFiles,
        // The sidecar starts first: the copy's dead-letter folders must exist before it reads them.
        prepareDirs: [copyData, `${DATA_DIR}/replay`, `${DATA_DIR}/${FULL_COPY_STATE}`, ...pipelines.map((p) => `${copyData}/dead_letter_queue/${p.entry.id}`)],
        backoffLimit,
      });
      flowsFrom(selector, 'full-copy Job');
    }
  }

  private checkCluster(checks: Checks, field: string, c: EsClusterSpec | undefined): void {
    checks.that(c !== undefined && typeof c === 'object', field, c, 'must set { hosts, auth }');
    const hosts = checks.nonEmpty(`${field}.hosts`, c.hosts);
    hosts.forEach((h, i) =>
      checks.that(
        typeof h === 'string' && /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/.test(h),
        `${field}.hosts[${i}]`,
        h,
        'must be an http(s) base URL such as https://es.example.com:9200',
      ),
    );
    const https = hosts.filter((h) => h.startsWith('https://')).length;
    checks.that(https === 0 || https === hosts.length, `${field}.hosts`, hosts, 'must all use the same scheme (all https or all http)');
    checks.that(c.tls === undefined || https > 0, `${field}.tls`, c.tls, 'must not be set for http:// hosts (set https:// hosts to use TLS)');
    if (c.tls) {
      requireSecret(this, checks, `${field}.tls.ca`, c.tls.ca, `CA bundle of the ${field} Elasticsearch cluster`);
      const v = c.tls.verification;
      checks.that(v === undefined || v === 'full' || v === 'none', `${field}.tls.verification`, v, "must be 'full' or 'none'");
    }
    const auth = c.auth;
    checks.that(
      auth !== undefined && (auth.kind === 'basic' || auth.kind === 'apiKey'),
      `${field}.auth`,
      auth,
      "must be { kind: 'basic', username, password } or { kind: 'apiKey', apiKey }",
    );
    if (auth.kind === 'basic') {
      requireSecret(this, checks, `${field}.auth.username`, auth.username, `user name for the ${field} Elasticsearch cluster`);
      requireSecret(this, checks, `${field}.auth.password`, auth.password, `password for the ${field} Elasticsearch cluster`);
    } else {
      checks.that(https > 0, `${field}.auth`, auth, 'must not be an API key on http:// hosts (the Logstash Elasticsearch plugins only send API keys over TLS)');
      requireSecret(this, checks, `${field}.auth.apiKey`, auth.apiKey, `API key (id:key) for the ${field} Elasticsearch cluster`);
    }
  }

  private checkSync(checks: Checks, field: string, s: SyncSpec): void {
    const indices = checks.nonEmpty(`${field}.indices`, s.indices);
    indices.forEach((ix, i) =>
      checks.that(
        typeof ix === 'string' && INDEX_PATTERN.test(ix),
        `${field}.indices[${i}]`,
        ix,
        'must be a lower-case index name or pattern (letters, digits, ".", "_", "-" and "*"; no commas)',
      ),
    );
    this.checkRename(checks, `${field}.rename`, s.rename ?? { kind: 'keep' }, indices);
    const m = s.mode;
    checks.that(
      m !== undefined && ['full', 'incremental', 'fullThenIncremental'].includes(m.kind),
      `${field}.mode.kind`,
      m?.kind,
      "must be 'full', 'incremental' or 'fullThenIncremental'",
    );
    if (m.kind !== 'full') {
      checkCron(checks, `${field}.mode.schedule`, m.schedule);
      this.checkTracking(checks, `${field}.mode.tracking`, m.tracking);
    }
    if (s.softDelete !== undefined) {
      this.checkFieldName(checks, `${field}.softDelete.field`, s.softDelete.field);
      const on = s.softDelete.onDestination;
      checks.that(on === undefined || on === 'delete' || on === 'tombstone', `${field}.softDelete.onDestination`, on, "must be 'delete' or 'tombstone'");
      checks.that(
        !(m.kind === 'fullThenIncremental' && on === 'delete'),
        `${field}.softDelete.onDestination`,
        on,
        "must be 'tombstone' for a fullThenIncremental sync (Elasticsearch keeps a delete's version only for index.gc_deletes, 60s by default; after that the running full copy's older version re-creates the document)",
      );
    }
    (s.keepFields ?? []).forEach((f, i) =>
      checks.that(f === '@timestamp' || f === '@version', `${field}.keepFields[${i}]`, f, "must be '@timestamp' or '@version'"),
    );
    if (s.slices !== undefined) {
      checks.integer(`${field}.slices`, s.slices, 1, 64);
      checks.that(
        !(m.kind === 'incremental' && s.slices > 1),
        `${field}.slices`,
        s.slices,
        'must be 1 for an incremental sync (the tracked input keeps the largest tracking value of all slices, even of a slice that failed, and would skip its documents)',
      );
    }
    if (s.pageSize !== undefined) checks.integer(`${field}.pageSize`, s.pageSize, 1, 10000);
    if (s.workers !== undefined) checks.integer(`${field}.workers`, s.workers, 1, 64);
    if (s.batchSize !== undefined) checks.integer(`${field}.batchSize`, s.batchSize, 1, 10000);
  }

  private checkRename(checks: Checks, field: string, r: RenameRule, indices: readonly string[]): void {
    const allowed = RENAME_FIELDS[r.kind];
    checks.that(allowed !== undefined, `${field}.kind`, r.kind, "must be 'keep', 'prefix', 'suffix' or 'map'");
    const extra = Object.keys(r).filter((k) => k !== 'kind' && !allowed.includes(k));
    checks.that(extra.length === 0, field, r, `must set only the fields of its kind '${r.kind}' (conflicting rename rules: ${extra.join(', ')})`);
    if (r.kind === 'prefix') checks.that(INDEX_AFFIX.test(r.prefix ?? ''), `${field}.prefix`, r.prefix, 'must be lower-case letters, digits, ".", "_" or "-"');
    if (r.kind === 'suffix') checks.that(INDEX_AFFIX.test(r.suffix ?? ''), `${field}.suffix`, r.suffix, 'must be lower-case letters, digits, ".", "_" or "-"');
    if (r.kind === 'map') {
      const map = r.map ?? {};
      indices.forEach((ix, i) => {
        checks.that(!ix.includes('*'), `${field}.map`, ix, `needs exact index names: indices[${i}] is a pattern`);
        checks.that(ix in map, `${field}.map`, Object.keys(map), `must map every source index; "${ix}" is missing`);
      });
      const targets = new Map<string, string>();
      for (const [from, to] of Object.entries(map)) {
        checks.that(indices.includes(from), `${field}.map["${from}"]`, to, 'must name a listed source index');
        checks.that(INDEX_PATTERN.test(to) && !to.includes('*'), `${field}.map["${from}"]`, to, 'must be a lower-case index name');
        checks.that(!targets.has(to), `${field}.map["${from}"]`, to, `must not write to the same index as "${targets.get(to)}"`);
        targets.set(to, from);
      }
    }
  }

  private checkTracking(checks: Checks, field: string, t: TrackingSpec | undefined): void {
    checks.that(t !== undefined && typeof t === 'object', field, t, 'must set { field, since }');
    this.checkFieldName(checks, `${field}.field`, t.field);
    checks.that(
      typeof t.since === 'string' && INSTANT.test(t.since) && !Number.isNaN(Date.parse(t.since)),
      `${field}.since`,
      t.since,
      'must be an ISO-8601 instant with a zone, such as 2026-01-01T00:00:00Z',
    );
    checkTrackingStart(checks, `${field}.since`, t.since);
    if (t.overlap !== undefined) checks.that(parseDuration(t.overlap) !== undefined, `${field}.overlap`, t.overlap, DURATION_RULE);
  }

  private checkFieldName(checks: Checks, field: string, name: string): void {
    const ok = typeof name === 'string' && name.length > 0 && name.split('.').every((p) => p.length > 0 && FIELD_SEGMENT.test(p) && !/\s/.test(p));
    checks.that(ok, field, name, 'must be a dotted Elasticsearch field name such as event.ingested');
  }

  /** Destinations must not overwrite each other, the source, or the quarantine index. */
  private checkTargets(checks: Checks, syncs: readonly NamedSync[], quarantine: string, source: readonly string[], destination: readonly string[]): void {
    const sameCluster = clusterIdentity(source) === clusterIdentity(destination);
    const owner = new Map<string, string>();
    syncs.forEach((s) => {
      const rule = s.rename ?? { kind: 'keep' };
      checks.that(
        !(sameCluster && rule.kind === 'keep'),
        `syncs.${s.name}.rename`,
        rule,
        'must rename indices when source and destination are the same cluster (a copy onto itself)',
      );
      const targets = s.indices.map((ix) =>
        rule.kind === 'prefix' ? rule.prefix + ix : rule.kind === 'suffix' ? ix + rule.suffix : rule.kind === 'map' ? rule.map[ix] : ix,
      );
      for (const t of targets) {
        checkIndexNameLength(checks, `syncs.${s.name}.rename`, t);
        checks.that(t !== quarantine, 'quarantineIndex', quarantine, `must differ from the destination indices (syncs.${s.name} writes "${t}")`);
        const prev = owner.get(t);
        checks.that(prev === undefined || prev === s.name, `syncs.${s.name}.indices`, s.indices, `must not write to "${t}", which sync "${prev}" also writes`);
        owner.set(t, s.name);
      }
    });
  }
}
