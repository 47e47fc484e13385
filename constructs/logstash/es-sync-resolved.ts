/**
 * The resolve step of EsSync: defaults applied once, every input validated before anything is
 * created (sizes parsed, syncs checked against each other and against the volume), and the result
 * a readonly value the build step renders without looking back at the props.
 */
import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { IMAGES, ImageRef, checkImage } from '../common/images';
import { namedEntries } from '../common/named';
import { checkProbes, HealthProbes } from '../common/probes';
import { PROP_SHAPES } from '../common/prop-shapes.generated';
import { SIZE_RULE, Size, parseSize, toMebibytes } from '../common/quantity';
import { checkResources, ResourceSpec } from '../common/resources';
import { requireSecret } from '../common/secrets';
import { checkVolume, VolumeSpec } from '../common/storage';
import { FIELD_SEGMENT } from './config/render';
import { checkCron } from './cron';
import { DURATION_RULE, Duration, parseDuration } from './duration';
import type { EsSyncProps } from './es-sync';
import { LOGSTASH_PROBES } from './logstash-pod';
import type { SyncPipelineInput } from './pipelines';
import { DlqStoragePolicy, LogstashSettings } from './settings';
import { EsClusterSpec, RenameRule, SyncMode, SyncSpec, TrackingSpec } from './spec';
import { checkIndexNameLength, checkTrackingStart, clusterIdentity } from './value-checks';

export const ES_SYNC_COMPONENT = 'es-sync';

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
export const REPLAY_QUEUE_BYTES = 256 * 1024 ** 2;
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
export const MIN_HEAP_BYTES = 512 * 1024 ** 2;
/** Share of the memory limit the heap may take; queue pages, metaspace and threads live off-heap. */
const MAX_HEAP_PERCENT = 75;
const INDEX_PATTERN = /^[a-z0-9][a-z0-9._*-]*$/;
const INDEX_AFFIX = /^[a-z0-9._-]+$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const RENAME_FIELDS: Record<RenameRule['kind'], string[]> = { keep: [], prefix: ['prefix'], suffix: ['suffix'], map: ['map'] };

const mib = (bytes: number) => `${toMebibytes(bytes)}Mi`;

/** The default point-in-time keep-alive: a whole queue drained at the floor rate, in minutes. */
export function keepAliveFor(queueBytes: number): Duration {
  const seconds = Math.max(MIN_KEEP_ALIVE_SECONDS, Math.ceil(queueBytes / DRAIN_FLOOR_BYTES_PER_SECOND));
  return `${Math.ceil(seconds / 60)}m`;
}

/** One sync with its name (its key in `EsSyncProps.syncs`) and its defaults applied. */
// The fields a sync pipeline reads are the pipeline model's own, so the two cannot drift apart.
export interface ResolvedSync extends Pick<SyncPipelineInput, 'indices' | 'rename' | 'softDelete' | 'keepFields' | 'slices' | 'pageSize'> {
  readonly name: string;
  readonly mode: SyncMode;
  /** The scheduled, tracked reads of `incremental` and `fullThenIncremental` syncs, overlap defaulted. */
  readonly tracked?: { readonly schedule: string; readonly tracking: Required<TrackingSpec> };
  readonly workers: number;
  readonly batchSize: number;
}

/** An EsSync's inputs with every default applied and every rule checked. */
export interface ResolvedEsSync {
  readonly name: string;
  readonly image: ImageRef;
  readonly probes: HealthProbes;
  readonly source: EsClusterSpec;
  readonly destination: EsClusterSpec;
  readonly storage: VolumeSpec;
  readonly resources: ResourceSpec;
  readonly heapMebibytes: number;
  /** logstash.yml of every instance: the persisted queue and dead-letter queue of each pipeline, in bytes. */
  readonly settings: LogstashSettings;
  readonly quarantineIndex: string;
  readonly drainSeconds: number;
  readonly fullCopyBackoffLimit: number;
  readonly keepAlive: Duration;
  readonly syncs: readonly ResolvedSync[];
}

export const isContinuous = (s: ResolvedSync) => s.mode.kind !== 'full';
export const needsFullCopy = (s: ResolvedSync) => s.mode.kind !== 'incremental';

/** Validates `props` and applies the defaults; Secrets referenced are registered on `scope`. */
export function resolveEsSync(scope: Construct, id: string, props: EsSyncProps): ResolvedEsSync {
  const checks: Checks = new Checks(scope, ES_SYNC_COMPONENT);
  const name = checks.dnsLabel('id', id, 40);
  const image = props.image ?? IMAGES.logstash;
  const probes = props.probes ?? LOGSTASH_PROBES;
  const quarantineIndex = props.quarantineIndex ?? `${name}-quarantine`;
  const drainSeconds = props.drainSeconds ?? DEFAULTS.drainSeconds;
  const fullCopyBackoffLimit = props.fullCopyBackoffLimit ?? DEFAULTS.fullCopyBackoffLimit;

  checkImage(checks, 'image', image);
  checkProbes(checks, 'probes', probes);
  checkCluster(scope, checks, 'source', props.source);
  checkCluster(scope, checks, 'destination', props.destination);
  const volumeBytes = checkVolume(checks, 'storage', props.storage);
  const heapBytes = resolveHeap(checks, props);
  const settings = resolveQueues(checks, props);
  checks.that(
    INDEX_AFFIX.test(quarantineIndex ?? '') && !quarantineIndex.startsWith('.'),
    'quarantineIndex',
    quarantineIndex,
    'must be a lower-case index name (letters, digits, ".", "_" and "-")',
  );
  checks.integer('drainSeconds', drainSeconds, 30, 3600);
  checks.integer('fullCopyBackoffLimit', fullCopyBackoffLimit, 0, 10);
  const keepAlive = props.pointInTimeKeepAlive ?? keepAliveFor(settings.queue.maxBytes);
  const keepAliveSeconds = parseDuration(keepAlive);
  checks.that(keepAliveSeconds !== undefined, 'pointInTimeKeepAlive', keepAlive, DURATION_RULE);
  checks.that(
    keepAliveSeconds <= MAX_KEEP_ALIVE_SECONDS,
    'pointInTimeKeepAlive',
    keepAlive,
    "must be at most 24h (Elasticsearch's default search.max_keep_alive refuses a longer point in time)",
  );

  const syncs = resolveSyncs(checks, props.syncs);
  checkTargets(checks, syncs, quarantineIndex, props.source.hosts, props.destination.hosts);
  // After the field checks: a rename rule with another kind's field has its own, sharper message.
  checks.knownFields(props, PROP_SHAPES.EsSyncProps);
  // Each instance's queues against its volume.
  const perPipeline = [settings.queue.maxBytes, settings.deadLetterQueue.maxBytes];
  const budget = (what: string, pipelines: number) => {
    const need = pipelines * (perPipeline[0] + perPipeline[1]) + REPLAY_QUEUE_BYTES;
    const required = Math.ceil((need * 100) / VOLUME_BUDGET_PERCENT);
    checks.that(
      volumeBytes >= required,
      'storage.size',
      props.storage.size,
      `must hold the ${what}'s queues and dead-letter queues (${mib(need)}) with ${100 - VOLUME_BUDGET_PERCENT}% headroom, so at least ${mib(required)}`,
    );
  };
  const continuous = syncs.filter(isContinuous).length;
  const full = syncs.filter(needsFullCopy).length;
  if (continuous) budget('continuous Logstash', continuous);
  if (full) budget('full-copy Job', full);

  return {
    name,
    image,
    probes,
    source: props.source,
    destination: props.destination,
    storage: props.storage,
    resources: props.resources,
    heapMebibytes: toMebibytes(heapBytes),
    settings,
    quarantineIndex,
    drainSeconds,
    fullCopyBackoffLimit,
    keepAlive,
    syncs,
  };
}

/** The JVM heap in bytes: at least MIN_HEAP_BYTES, and room left for off-heap memory. */
function resolveHeap(checks: Checks, props: EsSyncProps): number {
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
  return heapBytes;
}

function resolveQueues(checks: Checks, props: EsSyncProps): LogstashSettings {
  const queue = { ...DEFAULTS.queue, ...props.queue };
  const dlq = { ...DEFAULTS.deadLetterQueue, ...props.deadLetterQueue };
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
  return {
    queue: { maxBytes: queueBytes, checkpointWrites: queue.checkpointWrites },
    deadLetterQueue: { maxBytes: dlqBytes, storagePolicy: dlq.storagePolicy, retainAge: dlq.retainAge },
  };
}

function resolveSyncs(checks: Checks, syncs: EsSyncProps['syncs']): ResolvedSync[] {
  checks.that(
    syncs !== null && typeof syncs === 'object' && !Array.isArray(syncs),
    'syncs',
    syncs,
    'must be an object keyed by sync name, such as { orders: { indices, mode } }',
  );
  const entries = namedEntries(syncs);
  checks.that(entries.length > 0, 'syncs', syncs, 'must hold at least one sync');
  return entries.map(([name, s]) => {
    const field = `syncs.${name}`;
    checks.dnsLabel(field, name, 40);
    checks.that(name !== 'replay', field, name, "must not be 'replay' (the replay pipeline's id)");
    checkSync(checks, field, s);
    const m = s.mode;
    return {
      name,
      indices: s.indices,
      mode: m,
      tracked: m.kind === 'full' ? undefined : { schedule: m.schedule, tracking: { ...m.tracking, overlap: m.tracking.overlap ?? DEFAULTS.overlap } },
      rename: s.rename ?? { kind: 'keep' },
      softDelete: s.softDelete && {
        field: s.softDelete.field,
        onDestination: s.softDelete.onDestination ?? (m.kind === 'fullThenIncremental' ? 'tombstone' : 'delete'),
      },
      keepFields: s.keepFields ?? [],
      slices: s.slices ?? DEFAULTS.slices,
      pageSize: s.pageSize ?? DEFAULTS.pageSize,
      workers: s.workers ?? DEFAULTS.workers,
      batchSize: s.batchSize ?? DEFAULTS.batchSize,
    };
  });
}

function checkCluster(scope: Construct, checks: Checks, field: string, c: EsClusterSpec | undefined): void {
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
    requireSecret(scope, checks, `${field}.tls.ca`, c.tls.ca, `CA bundle of the ${field} Elasticsearch cluster`);
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
    requireSecret(scope, checks, `${field}.auth.username`, auth.username, `user name for the ${field} Elasticsearch cluster`);
    requireSecret(scope, checks, `${field}.auth.password`, auth.password, `password for the ${field} Elasticsearch cluster`);
  } else {
    checks.that(https > 0, `${field}.auth`, auth, 'must not be an API key on http:// hosts (the Logstash Elasticsearch plugins only send API keys over TLS)');
    requireSecret(scope, checks, `${field}.auth.apiKey`, auth.apiKey, `API key (id:key) for the ${field} Elasticsearch cluster`);
  }
}

function checkSync(checks: Checks, field: string, s: SyncSpec): void {
  const indices = checks.nonEmpty(`${field}.indices`, s.indices);
  indices.forEach((ix, i) =>
    checks.that(
      typeof ix === 'string' && INDEX_PATTERN.test(ix),
      `${field}.indices[${i}]`,
      ix,
      'must be a lower-case index name or pattern (letters, digits, ".", "_", "-" and "*"; no commas)',
    ),
  );
  checkRename(checks, `${field}.rename`, s.rename ?? { kind: 'keep' }, indices);
  const m = s.mode;
  checks.that(
    m !== undefined && ['full', 'incremental', 'fullThenIncremental'].includes(m.kind),
    `${field}.mode.kind`,
    m?.kind,
    "must be 'full', 'incremental' or 'fullThenIncremental'",
  );
  if (m.kind !== 'full') {
    checkCron(checks, `${field}.mode.schedule`, m.schedule);
    checkTracking(checks, `${field}.mode.tracking`, m.tracking);
  }
  if (s.softDelete !== undefined) {
    checkFieldName(checks, `${field}.softDelete.field`, s.softDelete.field);
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

function checkRename(checks: Checks, field: string, r: RenameRule, indices: readonly string[]): void {
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

function checkTracking(checks: Checks, field: string, t: TrackingSpec | undefined): void {
  checks.that(t !== undefined && typeof t === 'object', field, t, 'must set { field, since }');
  checkFieldName(checks, `${field}.field`, t.field);
  checks.that(
    typeof t.since === 'string' && INSTANT.test(t.since) && !Number.isNaN(Date.parse(t.since)),
    `${field}.since`,
    t.since,
    'must be an ISO-8601 instant with a zone, such as 2026-01-01T00:00:00Z',
  );
  checkTrackingStart(checks, `${field}.since`, t.since);
  if (t.overlap !== undefined) checks.that(parseDuration(t.overlap) !== undefined, `${field}.overlap`, t.overlap, DURATION_RULE);
}

function checkFieldName(checks: Checks, field: string, name: string): void {
  const ok = typeof name === 'string' && name.length > 0 && name.split('.').every((p) => p.length > 0 && FIELD_SEGMENT.test(p) && !/\s/.test(p));
  checks.that(ok, field, name, 'must be a dotted Elasticsearch field name such as event.ingested');
}

/** Destinations must not overwrite each other, the source, or the quarantine index. */
function checkTargets(checks: Checks, syncs: readonly ResolvedSync[], quarantine: string, source: readonly string[], destination: readonly string[]): void {
  const sameCluster = clusterIdentity(source) === clusterIdentity(destination);
  const owner = new Map<string, string>();
  syncs.forEach((s) => {
    const rule = s.rename;
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
