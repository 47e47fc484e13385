import { EsSync, EsSyncProps } from '../../constructs/logstash/es-sync';
import { scope, variant } from '../support/harness';
import { ES_SYNC } from '../support/es-sync-fixture';

const build = (props: EsSyncProps) => () => new EsSync(scope('prod'), 'copy', props);
const bad = (mutate: (d: any) => void) => build(variant(ES_SYNC, mutate));
const prefix = "es-sync 'test/copy' (prod): ";
const CRON = "must be a five-field cron expression (minute hour day-of-month month day-of-week, numbers, '*', ranges, lists and steps) but";

describe('EsSync rejects bad input with the field and the value received', () => {
  test.each<[string, (d: any) => void, string]>([
    // Modes and schedules.
    [
      'a cron with six fields',
      (d) => (d.syncs.orders.mode.schedule = '0 */5 * * * *'),
      `syncs.orders.mode.schedule ${CRON} it has 6 fields; got "0 */5 * * * *"`,
    ],
    [
      'a cron minute out of range',
      (d) => (d.syncs.orders.mode.schedule = '61 * * * *'),
      `syncs.orders.mode.schedule ${CRON} the minute field has "61" outside 0-59; got "61 * * * *"`,
    ],
    ['a cron with a word', (d) => (d.syncs.catalog.mode.schedule = '@hourly'), `syncs.catalog.mode.schedule ${CRON} it has 1 fields; got "@hourly"`],
    [
      'a reversed cron range',
      (d) => (d.syncs.catalog.mode.schedule = '0 18-9 * * *'),
      `syncs.catalog.mode.schedule ${CRON} the hour field has the reversed range "18-9"; got "0 18-9 * * *"`,
    ],
    [
      'a zero cron step',
      (d) => (d.syncs.catalog.mode.schedule = '*/0 * * * *'),
      `syncs.catalog.mode.schedule ${CRON} the minute field has a zero step in "*/0"; got "*/0 * * * *"`,
    ],
    [
      'an unknown mode',
      (d) => (d.syncs.archive.mode = { kind: 'continuous' }),
      "syncs.archive.mode.kind must be 'full', 'incremental' or 'fullThenIncremental'; got \"continuous\"",
    ],
    [
      'a seed without a zone',
      (d) => (d.syncs.orders.mode.tracking.since = '2026-01-01T00:00:00'),
      'syncs.orders.mode.tracking.since must be an ISO-8601 instant with a zone, such as 2026-01-01T00:00:00Z; got "2026-01-01T00:00:00"',
    ],
    [
      'an impossible seed date',
      (d) => (d.syncs.orders.mode.tracking.since = '2026-13-45T00:00:00Z'),
      'syncs.orders.mode.tracking.since must be an ISO-8601 instant with a zone, such as 2026-01-01T00:00:00Z; got "2026-13-45T00:00:00Z"',
    ],
    [
      'an overlap without a unit',
      (d) => (d.syncs.catalog.mode.tracking.overlap = '15'),
      'syncs.catalog.mode.tracking.overlap must be a positive whole duration such as 30s, 5m, 2h or 7d; got "15"',
    ],
    [
      'a tracking field with brackets',
      (d) => (d.syncs.orders.mode.tracking.field = '[event][ingested]'),
      'syncs.orders.mode.tracking.field must be a dotted Elasticsearch field name such as event.ingested; got "[event][ingested]"',
    ],
    ['a missing tracking spec', (d) => delete d.syncs.orders.mode.tracking, 'syncs.orders.mode.tracking must set { field, since }; got nothing'],
    [
      'a soft-delete field with an empty segment',
      (d) => (d.syncs.orders.softDelete.field = 'meta..deleted'),
      'syncs.orders.softDelete.field must be a dotted Elasticsearch field name such as event.ingested; got "meta..deleted"',
    ],
    // Indices and renames.
    ['an empty index list', (d) => (d.syncs.archive.indices = []), 'syncs.archive.indices must list at least one entry; got []'],
    [
      'an upper-case index',
      (d) => (d.syncs.orders.indices = ['Orders-*']),
      'syncs.orders.indices[0] must be a lower-case index name or pattern (letters, digits, ".", "_", "-" and "*"; no commas); got "Orders-*"',
    ],
    [
      'a comma inside an index',
      (d) => (d.syncs.orders.indices = ['a,b']),
      'syncs.orders.indices[0] must be a lower-case index name or pattern (letters, digits, ".", "_", "-" and "*"; no commas); got "a,b"',
    ],
    [
      'conflicting rename rules',
      (d) => (d.syncs.archive.rename = { kind: 'suffix', suffix: '-copy', prefix: 'x-' }),
      'syncs.archive.rename must set only the fields of its kind \'suffix\' (conflicting rename rules: prefix); got {"kind":"suffix","suffix":"-copy","prefix":"x-"}',
    ],
    [
      'a prefix and a map at once',
      (d) => (d.syncs.catalog.rename = { kind: 'prefix', prefix: 'x-', map: { products: 'p' } }),
      'syncs.catalog.rename must set only the fields of its kind \'prefix\' (conflicting rename rules: map); got {"kind":"prefix","prefix":"x-","map":{"products":"p"}}',
    ],
    [
      'a map sending two indices to one',
      (d) => (d.syncs.catalog.rename.map.reviews = 'cat-products'),
      'syncs.catalog.rename.map["reviews"] must not write to the same index as "products"; got "cat-products"',
    ],
    [
      'a map over a pattern',
      (d) => (d.syncs.catalog.indices = ['products', 'reviews-*']),
      'syncs.catalog.rename.map needs exact index names: indices[1] is a pattern; got "reviews-*"',
    ],
    [
      'a map missing an index',
      (d) => (d.syncs.catalog.indices = ['products', 'reviews', 'tags']),
      'syncs.catalog.rename.map must map every source index; "tags" is missing; got ["products","reviews"]',
    ],
    [
      'a map naming an unlisted index',
      (d) => (d.syncs.catalog.rename.map.tags = 'cat-tags'),
      'syncs.catalog.rename.map["tags"] must name a listed source index; got "cat-tags"',
    ],
    [
      'an upper-case prefix',
      (d) => (d.syncs.orders.rename = { kind: 'prefix', prefix: 'Copy-' }),
      'syncs.orders.rename.prefix must be lower-case letters, digits, ".", "_" or "-"; got "Copy-"',
    ],
    [
      'two syncs writing one index',
      (d) => (d.syncs.orders.indices = ['orders-*', 'cat-products']),
      'syncs.catalog.indices must not write to "cat-products", which sync "orders" also writes; got ["products","reviews"]',
    ],
    [
      'a quarantine index that is also a destination',
      (d) => (d.quarantineIndex = 'cat-reviews'),
      'quarantineIndex must differ from the destination indices (syncs.catalog writes "cat-reviews"); got "cat-reviews"',
    ],
    [
      'a copy onto itself',
      (d) => (d.destination.hosts = ['https://source-b.example.com', 'https://source-a.example.com:9200/']),
      'syncs.orders.rename must rename indices when source and destination are the same cluster (a copy onto itself); got {"kind":"keep"}',
    ],
    // Syncs are keyed by name, so two cannot share one; the key still has to name Logstash pipelines and files.
    [
      'a sync key that is not a DNS label',
      (d) => (d.syncs.Orders_EU = d.syncs.orders),
      `syncs.Orders_EU must be a DNS-1123 label (lower-case letters, digits and '-', at most 40 characters, starting and ending alphanumeric); got "Orders_EU"`,
    ],
    [
      'a sync named like the replay pipeline',
      (d) => (d.syncs = { replay: d.syncs.archive }),
      "syncs.replay must not be 'replay' (the replay pipeline's id); got \"replay\"",
    ],
    ['no syncs at all', (d) => (d.syncs = {}), 'syncs must hold at least one sync; got {}'],
    [
      'syncs as a list (the shape before syncs were keyed by name)',
      (d) => (d.syncs = [{ name: 'orders', ...d.syncs.orders }]),
      'syncs must be an object keyed by sync name, such as { orders: { indices, mode } }; got [{"name":"orders","indices":["orders-*"],"mode":{"kind":"incremental","schedule":"*/5 * * * *","tracking":{"field":"updated_at","since":"2026-01-01T00:00:00Z"}},"softDelete":{"field":"deleted"},"ke...',
    ],
    ['too many slices', (d) => (d.syncs.catalog.slices = 100), 'syncs.catalog.slices must be a whole number between 1 and 64; got 100'],
    [
      'a sliced tracked input',
      (d) => (d.syncs.orders.slices = 2),
      'syncs.orders.slices must be 1 for an incremental sync (the tracked input keeps the largest tracking value of all slices, even of a slice that failed, and would skip its documents); got 2',
    ],
    [
      'real deletes during a full copy',
      (d) => (d.syncs.catalog.softDelete = { field: 'deleted', onDestination: 'delete' }),
      "syncs.catalog.softDelete.onDestination must be 'tombstone' for a fullThenIncremental sync (Elasticsearch keeps a delete's version only for index.gc_deletes, 60s by default; after that the running full copy's older version re-creates the document); got \"delete\"",
    ],
    [
      'an unknown tombstone model',
      (d) => (d.syncs.orders.softDelete = { field: 'deleted', onDestination: 'purge' }),
      "syncs.orders.softDelete.onDestination must be 'delete' or 'tombstone'; got \"purge\"",
    ],
    [
      'a keep-alive above search.max_keep_alive',
      (d) => (d.pointInTimeKeepAlive = '2d'),
      'pointInTimeKeepAlive must be at most 24h (Elasticsearch\'s default search.max_keep_alive refuses a longer point in time); got "2d"',
    ],
    [
      'a malformed keep-alive',
      (d) => (d.pointInTimeKeepAlive = '90 minutes'),
      'pointInTimeKeepAlive must be a positive whole duration such as 30s, 5m, 2h or 7d; got "90 minutes"',
    ],
    // Clusters and credentials.
    ['a missing password reference', (d) => delete d.source.auth.password, 'source.auth.password must reference a Secret key ({ name, key }); got nothing'],
    [
      'a missing API key reference',
      (d) => delete d.destination.auth.apiKey,
      'destination.auth.apiKey must reference a Secret key ({ name, key }); got nothing',
    ],
    [
      'an unknown auth kind',
      (d) => (d.source.auth = { kind: 'token', token: 'abc' }),
      'source.auth must be { kind: \'basic\', username, password } or { kind: \'apiKey\', apiKey }; got {"kind":"token","token":"abc"}',
    ],
    [
      'a CA Secret with an invalid name',
      (d) => (d.source.tls.ca.name = 'Src_CA'),
      'source.tls.ca.name must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got "Src_CA"',
    ],
    [
      'TLS on http hosts',
      (d) => (d.source.hosts = ['http://source-a.example.com:9200']),
      'source.tls must not be set for http:// hosts (set https:// hosts to use TLS); got {"ca":{"name":"src-ca","key":"ca.crt"}}',
    ],
    [
      'an API key over http',
      (d) => (d.destination.hosts = ['http://dest.example.com:9200']),
      'destination.auth must not be an API key on http:// hosts (the Logstash Elasticsearch plugins only send API keys over TLS); got {"kind":"apiKey","apiKey":{"name":"dest-es","key":"api-key"}}',
    ],
    [
      'mixed schemes',
      (d) => d.source.hosts.push('http://source-c.example.com:9200'),
      'source.hosts must all use the same scheme (all https or all http); got ["https://source-a.example.com:9200","https://source-b.example.com","http://source-c.example.com:9200"]',
    ],
    [
      'a host that is not a URL',
      (d) => (d.source.hosts = ['source-a:9200']),
      'source.hosts[0] must be an http(s) base URL such as https://es.example.com:9200; got "source-a:9200"',
    ],
    ['no destination hosts', (d) => (d.destination.hosts = []), 'destination.hosts must list at least one entry; got []'],
    // Durability and sizing.
    [
      'queues larger than the volume',
      (d) => (d.queue.maxBytes = '4Gi'),
      'storage.size must hold the continuous Logstash\'s queues and dead-letter queues (9472Mi) with 20% headroom, so at least 11840Mi; got "10Gi"',
    ],
    [
      'a full copy that does not fit',
      (d) => ((d.syncs = { archive: d.syncs.archive }), (d.storage.size = '1Gi')),
      'storage.size must hold the full-copy Job\'s queues and dead-letter queues (1792Mi) with 20% headroom, so at least 2240Mi; got "1Gi"',
    ],
    [
      'a queue smaller than two pages',
      (d) => (d.queue.maxBytes = '64Mi'),
      'queue.maxBytes must be a size of at least 128Mi (two 64mb queue pages); got "64Mi"',
    ],
    ['a queue size in the wrong unit', (d) => (d.queue.maxBytes = '1gb'), 'queue.maxBytes must be a size of at least 128Mi (two 64mb queue pages); got "1gb"'],
    [
      'an unknown DLQ policy',
      (d) => (d.deadLetterQueue.storagePolicy = 'drop_all'),
      "deadLetterQueue.storagePolicy must be 'drop_newer' or 'drop_older'; got \"drop_all\"",
    ],
    [
      'a DLQ age in weeks',
      (d) => (d.deadLetterQueue.retainAge = '2w'),
      'deadLetterQueue.retainAge must be a positive whole duration such as 30s, 5m, 2h or 7d; got "2w"',
    ],
    [
      'a heap larger than the limit allows',
      (d) => (d.heap = '1800Mi'),
      'heap must fit in 75% of the memory limit 2Gi (at most 1536Mi; the rest is off-heap memory); got "1800Mi"',
    ],
    [
      'a heap larger than the limit',
      (d) => (d.heap = '3Gi'),
      'heap must fit in 75% of the memory limit 2Gi (at most 1536Mi; the rest is off-heap memory); got "3Gi"',
    ],
    ['a tiny heap', (d) => (d.heap = '256Mi'), 'heap must be at least 512Mi; got "256Mi"'],
    ['a heap without a unit', (d) => (d.heap = '1024'), 'heap must be a positive size with a unit, such as 512Mi, 20Gi or 1Ti; got "1024"'],
    ['a drain time too short', (d) => (d.drainSeconds = 5), 'drainSeconds must be a whole number between 30 and 3600; got 5'],
    ['a negative backoff limit', (d) => (d.fullCopyBackoffLimit = -1), 'fullCopyBackoffLimit must be a whole number between 0 and 10; got -1'],
    [
      'a quarantine index with a capital',
      (d) => (d.quarantineIndex = 'Rejects'),
      'quarantineIndex must be a lower-case index name (letters, digits, ".", "_" and "-"); got "Rejects"',
    ],
    ['an invalid volume size', (d) => (d.storage.size = '10GB'), 'storage.size must be a positive size with a unit, such as 512Mi, 20Gi or 1Ti; got "10GB"'],
    [
      'an unpinned image',
      (d) => (d.image = { repository: 'docker.elastic.co/logstash/logstash', tag: 'latest' }),
      'image.tag must be pinned to a released version, not "latest"; got "latest"',
    ],
  ])('%s', (_name, mutate, message) => {
    expect(bad(mutate)).toThrow(prefix + message);
  });

  test('a construct id that cannot name resources', () => {
    expect(() => new EsSync(scope('prod'), 'Copy_Job', ES_SYNC)).toThrow(
      "es-sync 'test/Copy_Job' (prod): id must be a DNS-1123 label (lower-case letters, digits and '-', at most 40 characters, starting and ending alphanumeric); got \"Copy_Job\"",
    );
  });
});
