import { Condition, PipelineConfig, Plugin, Statement, Value, field, lit, plugin } from './config/model';
import { EsClusterSpec, RenameRule, TrackingSpec } from './spec';
import { CERTS_DIR, DATA_DIR } from './settings';

export type ClusterRole = 'source' | 'destination';

/** Environment variables that carry a cluster's credentials (filled from Secrets). */
export function credentialEnv(role: ClusterRole): { user: string; password: string; apiKey: string } {
  const p = role.toUpperCase();
  return { user: `${p}_ES_USER`, password: `${p}_ES_PASSWORD`, apiKey: `${p}_ES_API_KEY` };
}

/** Path of a cluster's CA bundle (a Secret volume). */
export function caPath(role: ClusterRole): string {
  return `${CERTS_DIR}/${role}/ca.crt`;
}

/** Connection attributes shared by the elasticsearch input and output: hosts, credentials by `${VAR}`, TLS. */
export function connection(role: ClusterRole, c: EsClusterSpec): Record<string, Value> {
  const env = credentialEnv(role);
  const auth: Record<string, Value> =
    c.auth.kind === 'basic' ? { user: lit.str(`\${${env.user}}`), password: lit.str(`\${${env.password}}`) } : { api_key: lit.str(`\${${env.apiKey}}`) };
  const https = c.hosts.every((h) => h.startsWith('https://'));
  const tls: Record<string, Value> = https
    ? {
        ssl_enabled: lit.bool(true),
        ...(c.tls ? { ssl_certificate_authorities: lit.strs([caPath(role)]) } : {}),
        ssl_verification_mode: lit.str(c.tls?.verification ?? 'full'),
      }
    : {};
  return { hosts: lit.strs(c.hosts), ...auth, ...tls };
}

/** Where the input keeps each hit's metadata (_index, _id, _routing, _version). */
const DOC = ['@metadata', 'doc'];
const DOCINFO_FIELDS = ['_index', '_id', '_routing', '_version'];
const TARGET = ['@metadata', 'target_index'];
const ACTION = ['@metadata', 'action'];
const ref = (path: readonly string[]) => path.map((p) => `[${p}]`).join('');

/** Elasticsearch field name (`event.ingested`) as a Logstash field reference path. */
export function fieldPath(dotted: string): string[] {
  return dotted.split('.');
}

/** Everything a sync pipeline needs, resolved and validated by EsSync. */
export interface SyncPipelineInput {
  /** Pipeline id; prefixes the plugin ids so monitoring tells pipelines apart. */
  readonly id: string;
  readonly indices: readonly string[];
  readonly rename: RenameRule;
  /**
   * `delete`: a tombstone becomes a delete on the destination; `tombstone`: it is copied as a
   * document like any other (see SoftDeleteSpec).
   */
  readonly softDelete?: { readonly field: string; readonly onDestination: 'delete' | 'tombstone' };
  readonly keepFields: readonly string[];
  /** Parallel slices of a full copy; tracked (incremental) reads always use one. */
  readonly slices: number;
  /** Point-in-time keep-alive between two page requests (the input's `scroll`), e.g. `69m`. */
  readonly keepAlive: string;
  readonly pageSize: number;
  readonly source: EsClusterSpec;
  readonly destination: EsClusterSpec;
  /** Undefined for a one-shot full copy. */
  readonly incremental?: { readonly schedule: string; readonly tracking: Required<TrackingSpec>; readonly lastRunPath: string };
}

/** The search request body: everything (full) or what changed since the last run, overlap included. */
export function searchQuery(input: SyncPipelineInput): string {
  const softDelete = input.softDelete?.onDestination === 'delete' ? input.softDelete : undefined;
  if (!input.incremental) {
    // Deleted documents are not copied when tombstones become deletes; otherwise everything is.
    const query = softDelete ? { bool: { must_not: [{ term: { [softDelete.field]: true } }] } } : { match_all: {} };
    return JSON.stringify({ query, version: true });
  }
  const t = input.incremental.tracking;
  const nanos = 'strict_date_optional_time_nanos';
  return JSON.stringify({
    query: { range: { [t.field]: { gte: `:last_value||-${t.overlap}`, lt: ':present', format: nanos } } },
    sort: [{ [t.field]: { order: 'asc', format: nanos, numeric_type: 'date_nanos' } }],
    version: true,
  });
}

function input(i: SyncPipelineInput): Plugin {
  const inc = i.incremental;
  return plugin('elasticsearch', {
    id: lit.str(`${i.id}-source`),
    ...connection('source', i.source),
    index: lit.str(i.indices.join(',')),
    query: lit.str(searchQuery(i)),
    search_api: lit.str('search_after'),
    size: lit.num(i.pageSize),
    // With search_after, `scroll` is the point-in-time keep-alive sent with every page request.
    scroll: lit.str(i.keepAlive),
    // The cursor keeps the largest tracking value of all slices, even of one that gave up:
    // a tracked read is never sliced.
    slices: i.slices > 1 && !inc ? lit.num(i.slices) : undefined,
    retries: lit.num(3),
    docinfo: lit.bool(true),
    docinfo_target: lit.str(ref(DOC)),
    docinfo_fields: lit.strs(DOCINFO_FIELDS),
    // No schedule: the input runs once and the pipeline (then Logstash) stops.
    schedule: inc ? lit.str(inc.schedule) : undefined,
    schedule_overlap: inc ? lit.bool(false) : undefined,
    tracking_field: inc ? lit.str(ref(fieldPath(inc.tracking.field))) : undefined,
    tracking_field_seed: inc ? lit.str(inc.tracking.since) : undefined,
    last_run_metadata_path: inc ? lit.str(inc.lastRunPath) : undefined,
  });
}

function setMeta(path: readonly string[], value: string): Plugin {
  return plugin('mutate', { add_field: lit.hash({ [ref(path)]: value }) });
}

function filters(i: SyncPipelineInput): Statement[] {
  const out: Statement[] = [];
  const strip = ['@timestamp', '@version'].filter((f) => !i.keepFields.includes(f));
  if (strip.length) out.push(plugin('mutate', { id: lit.str(`${i.id}-strip-logstash-fields`), remove_field: lit.strs(strip) }));
  if (i.rename.kind === 'map') {
    const entries = Object.entries(i.rename.map);
    out.push({
      kind: 'if',
      branches: entries.map(([from, to]) => ({
        condition: { kind: 'compare', op: '==', left: field(...DOC, '_index'), right: { kind: 'string', value: from } } as Condition,
        body: [setMeta(TARGET, to)],
      })),
      // Unreachable when every source index is mapped (validated); keeps the name otherwise.
      otherwise: [setMeta(TARGET, `%{${ref([...DOC, '_index'])}}`)],
    });
  }
  if (i.softDelete?.onDestination === 'delete') {
    out.push({
      kind: 'if',
      branches: [{ condition: { kind: 'truthy', operand: field(...fieldPath(i.softDelete.field)) }, body: [setMeta(ACTION, 'delete')] }],
      otherwise: [setMeta(ACTION, 'index')],
    });
  }
  return out;
}

/** Destination index expression for a rename rule. */
export function targetIndex(rule: RenameRule): string {
  const source = `%{${ref([...DOC, '_index'])}}`;
  switch (rule.kind) {
    case 'keep':
      return source;
    case 'prefix':
      return `${rule.prefix}${source}`;
    case 'suffix':
      return `${source}${rule.suffix}`;
    case 'map':
      return `%{${ref(TARGET)}}`;
  }
}

function output(i: SyncPipelineInput, withRouting: boolean): Plugin {
  return plugin('elasticsearch', {
    id: lit.str(`${i.id}-${withRouting ? 'destination-routed' : 'destination'}`),
    ...connection('destination', i.destination),
    index: lit.str(targetIndex(i.rename)),
    document_id: lit.str(`%{${ref([...DOC, '_id'])}}`),
    routing: withRouting ? lit.str(`%{${ref([...DOC, '_routing'])}}`) : undefined,
    action: lit.str(i.softDelete?.onDestination === 'delete' ? `%{${ref(ACTION)}}` : 'index'),
    // The source's version orders writes: a stale copy (full copy racing an incremental run,
    // a replayed overlap) never overwrites a newer one.
    version: lit.str(`%{${ref([...DOC, '_version'])}}`),
    version_type: lit.str('external_gte'),
    // Refused stale writes (the destination already has a newer version) are expected, not errors.
    silence_errors_in_log: lit.strs(['version_conflict_engine_exception']),
    // A faithful copy: the destination's templates, ILM and data streams are not Logstash's to manage.
    manage_template: lit.bool(false),
    ilm_enabled: lit.str('false'),
    data_stream: lit.str('false'),
  });
}

/** A sync pipeline: read the source, keep ids and routing, write the destination idempotently. */
export function syncPipeline(i: SyncPipelineInput): PipelineConfig {
  return {
    sections: [
      { type: 'input', body: [input(i)] },
      { type: 'filter', body: filters(i) },
      {
        type: 'output',
        body: [
          {
            kind: 'if',
            // Routing only when the document has one: an unset sprintf would route by its literal text.
            branches: [{ condition: { kind: 'truthy', operand: field(...DOC, '_routing') }, body: [output(i, true)] }],
            otherwise: [output(i, false)],
          },
        ],
      },
    ].filter((s) => s.body.length > 0) as PipelineConfig['sections'],
  };
}

/** Dead-letter queue root of the Logstash instance (each pipeline has a folder below it). */
export const DLQ_PATH = `${DATA_DIR}/dead_letter_queue`;

/**
 * The replay pipeline: reads the dead-letter queues of the sync pipelines (committing offsets,
 * removing consumed segments) and writes each rejected document, with why it was rejected, to
 * the quarantine index, where operators fix and re-drive it.
 */
export function replayPipeline(
  pipelineIds: readonly string[],
  quarantineIndex: string,
  destination: EsClusterSpec,
  /** Where the sync pipelines' dead-letter queues are. @default DLQ_PATH (the same Logstash) */
  dlqPath = DLQ_PATH,
): PipelineConfig {
  // Consumed segments may only be deleted by a reader in the writer's own process.
  const sameProcess = dlqPath === DLQ_PATH;
  const dlq = ['@metadata', 'dead_letter_queue'];
  const meta = (k: string) => `%{${ref([...dlq, k])}}`;
  return {
    sections: [
      {
        type: 'input',
        body: pipelineIds.map((id) =>
          plugin('dead_letter_queue', {
            id: lit.str(`dlq-${id}`),
            path: lit.str(dlqPath),
            pipeline_id: lit.str(id),
            commit_offsets: lit.bool(true),
            clean_consumed: lit.bool(sameProcess),
          }),
        ),
      },
      {
        type: 'filter',
        body: [
          plugin('mutate', {
            id: lit.str('quarantine-reason'),
            add_field: lit.hash({
              '[quarantine][reason]': meta('reason'),
              '[quarantine][plugin_id]': meta('plugin_id'),
              '[quarantine][entry_time]': meta('entry_time'),
              '[quarantine][source_index]': `%{${ref([...DOC, '_index'])}}`,
              '[quarantine][source_id]': `%{${ref([...DOC, '_id'])}}`,
            }),
            remove_field: lit.strs(['@version']),
          }),
        ],
      },
      {
        type: 'output',
        body: [
          plugin('elasticsearch', {
            id: lit.str('quarantine'),
            ...connection('destination', destination),
            index: lit.str(quarantineIndex),
            // One quarantine document per source document: replays overwrite, never pile up.
            document_id: lit.str(`%{${ref([...DOC, '_index'])}}/%{${ref([...DOC, '_id'])}}`),
            action: lit.str('index'),
            manage_template: lit.bool(false),
            ilm_enabled: lit.str('false'),
            data_stream: lit.str('false'),
          }),
        ],
      },
    ],
  };
}
