/**
 * A collection keyed by name (pod templates, syncs, Kafka topics and users): the key is each
 * entry's name, so two entries cannot share one, and an environment file overrides one entry by
 * its key without restating the others (stacks/merge.ts merges records key by key).
 *
 * Entries are used in insertion order, JavaScript's own key order: in a layered environment the
 * base's entries first, then the environment's new ones. (Integer-like keys such as "2024" would
 * come first in ascending order; that order is as deterministic, only less obvious.)
 */
export type Named<T> = Readonly<Record<string, T>>;

/** The entries of a named collection as `[name, entry]` pairs, in insertion order. */
export function namedEntries<T>(collection: Named<T> | undefined): readonly (readonly [string, T])[] {
  return collection !== null && typeof collection === 'object' && !Array.isArray(collection) ? Object.entries(collection) : [];
}
