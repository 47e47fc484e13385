/**
 * Checks of values an es-sync accepts by syntax but Elasticsearch or the schedule cannot honour:
 * calendar dates that do not exist, starts far in the future, clusters named twice in different
 * letter case and index names over Elasticsearch's byte limit.
 */
import { Checks } from '../common/errors';

/** Elasticsearch refuses index names over 255 bytes (UTF-8), `MetadataCreateIndexService.MAX_INDEX_NAME_BYTES`. */
export const MAX_INDEX_NAME_BYTES = 255;

/** How far ahead a tracking start may lie: a later start copies nothing until then, which is a typo of the year. */
export const MAX_TRACKING_LEAD_DAYS = 366;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Whether the calendar date and time of an ISO-8601 instant exist. `Date.parse` rolls 30 February
 * over to 2 March; Elasticsearch's strict date parser (java.time, ResolverStyle.STRICT) rejects it,
 * so the range query of the first run would fail.
 */
export function instantExists(instant: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(instant);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  return d <= (mo === 2 && !isLeap(y) ? 28 : DAYS_IN_MONTH[mo - 1]);
}

/** A tracking start must be a real date, not far in the future (`now` is injectable for tests). */
export function checkTrackingStart(checks: Checks, field: string, since: string, now: number = Date.now()): void {
  checks.that(instantExists(since), field, since, 'must be a date that exists in the calendar (Elasticsearch parses dates strictly)');
  const lead = (Date.parse(since) - now) / 86_400_000;
  checks.that(
    lead <= MAX_TRACKING_LEAD_DAYS,
    field,
    since,
    `must not lie more than ${MAX_TRACKING_LEAD_DAYS} days in the future (nothing would be copied until then)`,
  );
}

/**
 * The cluster a host list names, for comparison: URL schemes and host names are case-insensitive
 * (RFC 3986, section 3.1 and 3.2.2), default ports and trailing slashes change nothing.
 */
export function clusterIdentity(hosts: readonly string[]): string {
  const one = (h: string) => {
    try {
      const u = new URL(h);
      const port = u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
      return `${u.protocol}//${u.hostname}:${port}${u.pathname.replace(/\/+$/, '')}`;
    } catch {
      return h.toLowerCase().replace(/\/+$/, '');
    }
  };
  return [...new Set(hosts.map(one))].sort().join(' ');
}

/** A destination index name (a rename applied to a source index or pattern) within Elasticsearch's byte limit. */
export function checkIndexNameLength(checks: Checks, field: string, target: string): void {
  // A pattern's wildcard matches at least nothing: its fixed part is a lower bound of every name.
  const bytes = Buffer.byteLength(target.replace(/\*/g, ''), 'utf8');
  checks.that(
    bytes <= MAX_INDEX_NAME_BYTES,
    field,
    target,
    `must give destination index names of at most ${MAX_INDEX_NAME_BYTES} bytes (Elasticsearch's limit; this one has ${bytes})`,
  );
}
