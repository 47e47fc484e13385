import { SecretKeyRef } from '../common/secrets';
import { Duration } from './duration';

/** How Logstash authenticates to a cluster; the secret parts are Secret references. */
export type EsAuth =
  | { readonly kind: 'basic'; readonly username: SecretKeyRef; readonly password: SecretKeyRef }
  /** An Elasticsearch API key in the `id:api_key` form the Logstash plugins expect. */
  | { readonly kind: 'apiKey'; readonly apiKey: SecretKeyRef };

/** An Elasticsearch cluster Logstash reads from or writes to. */
export interface EsClusterSpec {
  /** Base URLs, all `https://` or all `http://`, e.g. `https://es-a.example.com:9200`. */
  readonly hosts: readonly string[];
  readonly auth: EsAuth;
  /**
   * TLS for `https://` hosts: a CA bundle from a Secret and the verification mode.
   * @default undefined (the JVM trust store, full verification)
   */
  readonly tls?: { readonly ca: SecretKeyRef; /** @default 'full' */ readonly verification?: 'full' | 'none' };
}

/** How destination index names derive from source index names. */
export type RenameRule =
  | { readonly kind: 'keep' }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'suffix'; readonly suffix: string }
  /** Exact source name → destination name; every source index must be listed by exact name. */
  | { readonly kind: 'map'; readonly map: Readonly<Record<string, string>> };

/** The date field an incremental sync follows. */
export interface TrackingSpec {
  /** Dotted Elasticsearch field name of a date (or date_nanos) field set on every write, e.g. `event.ingested`. */
  readonly field: string;
  /**
   * First value of the tracking field to copy (ISO-8601 instant with a zone). For
   * `fullThenIncremental` it must be at or before the moment the full copy starts.
   */
  readonly since: string;
  /**
   * Every run re-reads this far behind the last value seen, so documents that became visible
   * late (refresh interval, writers' clock skew) are not missed. Duration such as `5m` or `1h`.
   * @default '5m'
   */
  readonly overlap?: Duration;
}

/** One copy mode per sync: a discriminated union, not loose flags. */
export type SyncMode =
  /** Copy everything once, in a Job that completes. */
  | { readonly kind: 'full' }
  /** Copy what changed since the last run, on a cron schedule. */
  | { readonly kind: 'incremental'; readonly schedule: string; readonly tracking: TrackingSpec }
  /** A full copy (Job) plus incremental runs seeded at `tracking.since`, running alongside it. */
  | { readonly kind: 'fullThenIncremental'; readonly schedule: string; readonly tracking: TrackingSpec };

/**
 * What a tombstone (a source document whose `field` is truthy) does on the destination.
 * - `delete`: the destination deletes the document, with the tombstone's version; a full copy
 *   skips tombstones. Only for `incremental` and `full` syncs: Elasticsearch remembers a
 *   delete's version only for `index.gc_deletes` (60s by default), after which an older copy
 *   from a running full copy re-creates the document and no later run removes it.
 * - `tombstone`: the tombstone is copied as a document like any other; readers of the
 *   destination filter on the field, as readers of the source do. A full copy racing the
 *   incremental runs can then never resurrect a document: the destination keeps the
 *   tombstone's newer version as a live document, which versioning never forgets.
 */
export interface SoftDeleteSpec {
  /** Dotted field name, e.g. `deleted`. */
  readonly field: string;
  /** @default 'tombstone' for `fullThenIncremental` (the only model allowed there), 'delete' otherwise */
  readonly onDestination?: 'delete' | 'tombstone';
}

/**
 * One source index set copied to the destination: one Logstash pipeline (two for
 * fullThenIncremental). Its name is its key in `EsSyncProps.syncs`.
 */
export interface SyncSpec {
  /** Source index names or patterns (`logs-*`). */
  readonly indices: readonly string[];
  readonly mode: SyncMode;
  /** @default { kind: 'keep' } (the destination index has the source name) */
  readonly rename?: RenameRule;
  /**
   * Soft deletes: a document whose field is truthy is a tombstone. @default undefined (deletes
   * are not copied)
   */
  readonly softDelete?: SoftDeleteSpec;
  /**
   * Logstash fields the source documents really carry. Logstash adds `@timestamp` and
   * `@version` to every event; they are removed unless listed here.
   * @default [] (neither is part of the source documents)
   */
  readonly keepFields?: readonly ('@timestamp' | '@version')[];
  /**
   * Parallel slices of the full copy (at most the source's primary shard count). Tracked reads
   * (the incremental runs) always use one slice: the input's cursor takes the largest tracking
   * value of all slices, even of a slice that gave up after its retries, so that slice's
   * documents would fall below the next run's lower bound. `slices > 1` on an `incremental`
   * sync is refused. @default 1
   */
  readonly slices?: number;
  /** Documents per search page. @default 1000 */
  readonly pageSize?: number;
  /** @default 2 */
  readonly workers?: number;
  /** Events per worker batch. @default 500 */
  readonly batchSize?: number;
}
