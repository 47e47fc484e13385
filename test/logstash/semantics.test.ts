/**
 * What Logstash 9.5, its bundled plugins and Elasticsearch do with the shipped es-sync
 * configuration. Each rule below is the upstream program's, with its source named; the
 * statements of docs/es-sync-semantics.md link here.
 */
import * as fs from 'node:fs';
import { keepAliveFor, MAX_KEEP_ALIVE_SECONDS } from '../../constructs/logstash/es-sync';
import { parseDuration } from '../../constructs/logstash/duration';
import { parseSize } from '../../constructs/common/quantity';
import { ENVIRONMENTS } from '../../stacks/environments';
import { find, Obj } from '../support/harness';
import { objectsOf } from '../support/environments';
import { attrOf, pipelineFiles, pluginsIn } from '../support/logstash-config';

const ENVS = ENVIRONMENTS.filter((e) => e.esSync.enabled).map((e) => e.name);
const configMaps = (env: string) => objectsOf(env, 'es-sync').filter((o) => o.kind === 'ConfigMap');
const settingsOf = (env: string) => ENVIRONMENTS.find((e) => e.name === env)!.esSync;
/** Every elasticsearch input shipped in an environment, with its file and ConfigMap. */
const inputsOf = (env: string) =>
  configMaps(env).flatMap((cm: Obj) =>
    pipelineFiles(cm).flatMap(([file, text]) => pluginsIn(text, 'input', 'elasticsearch').map((p) => ({ cm: cm.metadata.name as string, file, p }))),
  );

describe('slices: a tracked input reads with one slice', () => {
  // logstash-input-elasticsearch 5.x, lib/logstash/inputs/elasticsearch/cursor_tracker.rb:
  // converge_last_value reduces the per-slice values to the largest one and checkpoint_cursor
  // writes it, whether or not every slice finished; paginated_search.rb's retryable logs
  // "Tried run search after unsuccessfully" for a slice that gave up and carries on. A sliced
  // tracked input would therefore move the cursor past the failed slice's documents.
  test.each(ENVS)('%s: no input with tracking_field has slices > 1', (env) => {
    const tracked = inputsOf(env).filter((i) => attrOf(i.p, 'tracking_field') !== undefined);
    expect(tracked.length).toBeGreaterThan(0);
    for (const i of tracked) expect({ file: i.file, slices: attrOf(i.p, 'slices') }).toEqual({ file: i.file, slices: undefined });
  });

  test.each([
    ['staging', 2],
    ['prod', 6],
  ] as const)('%s: the full copy (no cursor) keeps its %d slices', (env, slices) => {
    const full = inputsOf(env).filter((i) => i.cm === 'es-sync-full-config');
    expect(full.map((i) => attrOf(i.p, 'slices'))).toEqual(full.map(() => slices));
    for (const i of full) expect(attrOf(i.p, 'tracking_field')).toBeUndefined();
  });
});

describe('point in time: the keep-alive outlasts a full persisted queue', () => {
  // logstash-input-elasticsearch 5.x, paginated_search.rb (SearchAfter): open_point_in_time is
  // called with keep_alive: @scroll and every page request sends pit.keep_alive = @scroll, so
  // `scroll` is the longest pause allowed between two pages. The input pauses whenever the
  // persisted queue is full (push_hit blocks on the queue), for as long as the destination
  // takes to make room. Elasticsearch refuses a keep-alive above search.max_keep_alive (24h).
  test.each(ENVS)('%s: every input sends scroll >= queue.max_bytes / 1 MiB/s, at most 24h', (env) => {
    const queueBytes = parseSize(settingsOf(env).queue!.maxBytes)!;
    for (const i of inputsOf(env)) {
      const seconds = parseDuration(attrOf(i.p, 'scroll'))!;
      expect(seconds).toBeGreaterThanOrEqual(queueBytes / 1024 ** 2);
      expect(seconds).toBeLessThanOrEqual(MAX_KEEP_ALIVE_SECONDS);
      expect(attrOf(i.p, 'search_api')).toBe('search_after');
    }
  });

  test('the rule in numbers: 512Mi -> 9m, 4Gi -> 69m, 8Gi -> 137m, never under 5m', () => {
    expect(['128Mi', '512Mi', '4Gi', '8Gi'].map((s) => keepAliveFor(parseSize(s)!))).toEqual(['5m', '9m', '69m', '137m']);
  });
});

/**
 * Elasticsearch's versioning as documented (Index API, "Versioning types": external_gte
 * writes when the given version is >= the stored one; "index.gc_deletes": a deleted
 * document's version stays available for versioned operations for 60s by default, after which
 * the document is simply absent). A minimal model of one destination document.
 */
type Op = { readonly action: 'index' | 'delete'; readonly version: number; readonly at: number };
function destination(ops: readonly Op[], gcDeletesSeconds = 60): { live: boolean; version?: number } {
  let doc: { live: boolean; version: number; deletedAt?: number } | undefined;
  for (const op of ops) {
    const remembered = doc && (doc.live || op.at - doc.deletedAt! < gcDeletesSeconds) ? doc.version : undefined;
    if (remembered !== undefined && op.version < remembered) continue; // version conflict, refused
    doc = op.action === 'index' ? { live: true, version: op.version } : { live: false, version: op.version, deletedAt: op.at };
  }
  return doc ? { live: doc.live, version: doc.version } : { live: false };
}

describe('fullThenIncremental and deletes: tombstones stay documents on the destination', () => {
  /** What a sync pipeline's output does with a tombstone (a document whose soft-delete field is true). */
  const tombstoneAction = (text: string): 'index' | 'delete' => {
    const outputs = pluginsIn(text, 'output', 'elasticsearch');
    const action = attrOf(outputs[0], 'action');
    // `%{[@metadata][action]}` is set to "delete" for tombstones by the filter's conditional.
    return action === 'index' ? 'index' : text.includes('"[@metadata][action]" => "delete"') ? 'delete' : 'index';
  };

  test.each(['staging', 'prod'])('%s: the running full copy cannot resurrect a document deleted during it', (env) => {
    const cms = configMaps(env);
    const incremental = find(cms, 'ConfigMap', 'es-sync-config').data['commerce.conf'];
    const full = find(cms, 'ConfigMap', 'es-sync-full-config').data['commerce-full.conf'];
    // The source deletes (soft) version 1 of a document while the full copy still holds it in its
    // point in time; the incremental run writes the tombstone (version 2) at t=0, the full copy
    // writes version 1 two minutes later, past gc_deletes.
    const after = destination([
      { action: tombstoneAction(incremental), version: 2, at: 0 },
      { action: 'index', version: 1, at: 120 },
    ]);
    expect(after).toEqual({ live: true, version: 2 }); // the tombstone, not version 1
    expect(JSON.parse(attrOf(pluginsIn(full, 'input', 'elasticsearch')[0], 'query') as string).query).toEqual({ match_all: {} });
  });

  test('the model shows why deletes are refused there: a real delete is forgotten after gc_deletes', () => {
    expect(
      destination([
        { action: 'delete', version: 2, at: 0 },
        { action: 'index', version: 1, at: 30 },
      ]),
    ).toEqual({ live: false, version: 2 });
    expect(
      destination([
        { action: 'delete', version: 2, at: 0 },
        { action: 'index', version: 1, at: 120 },
      ]),
    ).toEqual({ live: true, version: 1 });
  });

  test('dev (incremental only) still turns tombstones into deletes', () => {
    expect(tombstoneAction(find(configMaps('dev'), 'ConfigMap', 'es-sync-config').data['orders.conf'])).toBe('delete');
  });
});

describe('a delete that finds nothing is not a quarantine signal', () => {
  /**
   * logstash-output-elasticsearch 12.x, lib/logstash/plugin_mixins/elasticsearch/common.rb,
   * `submit`: when the bulk response has `errors: false` it returns at once (every action
   * counted as a success); otherwise it walks every item: 200/201 succeed, 409 is dropped,
   * a status in @dlq_codes (DOC_DLQ_CODES = [400, 404], plus dlq_custom_codes) goes to the
   * dead-letter queue, anything else is retried. Elasticsearch answers a delete of a missing
   * document with status 404, `result: "not_found"` and no `error`, which alone does not set
   * `errors`.
   */
  type Item = { readonly status: number; readonly error?: object };
  const routedToDlq = (bulk: { errors: boolean; items: readonly Item[] }): number[] =>
    bulk.errors ? bulk.items.flatMap((it, i) => ([400, 404].includes(it.status) ? [i] : [])) : [];
  const notFoundDelete: Item = { status: 404 };
  const mappingError: Item = { status: 400, error: { type: 'mapper_parsing_exception' } };

  test('alone (or among successes) it reaches no dead-letter queue and no quarantine', () => {
    expect(routedToDlq({ errors: false, items: [notFoundDelete, { status: 201 }] })).toEqual([]);
  });

  test('next to a real failure in the same bulk request it is routed to the dead-letter queue too', () => {
    expect(routedToDlq({ errors: true, items: [notFoundDelete, mappingError, { status: 201 }] })).toEqual([0, 1]);
  });

  test('the README says so instead of promising the 404 in quarantine', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    expect(readme).not.toMatch(/404 lands in the quarantine index/);
    expect(readme).toMatch(/without an item error\. The output looks at items only when the bulk response says\s+`errors: true`/);
  });
});

describe('every folder a Logstash needs at start exists before it starts', () => {
  const DATA = '/usr/share/logstash/data';
  /**
   * Folders the shipped pipelines need to exist, per upstream source:
   * - logstash-input-dead_letter_queue 2.0.x, lib/logstash/inputs/dead_letter_queue.rb:
   *   `config :path, :validate => :path` (Logstash refuses a path that does not exist when it
   *   compiles the pipeline), then the reader is built on path/pipeline_id, and logstash-core's
   *   DeadLetterQueueReader registers a WatchService on that folder in its constructor
   *   (NoSuchFileException when it is missing). The writer creates it only when its own
   *   pipeline starts: in the Job that is the main container, which starts after the sidecar.
   * - logstash-input-elasticsearch 5.x, lib/logstash/inputs/elasticsearch/cursor_tracker.rb:
   *   the 5.1 tracker ran FileUtils.mkdir_p on the parent of whatever path it was given; the
   *   later one (with intermediate checkpoints) creates no folder and writes the cursor with
   *   IO.write, so with an explicit last_run_metadata_path whose folder is missing every
   *   checkpoint fails with Errno::ENOENT. A folder made before start is right for both.
   */
  const neededBy = (text: string): string[] => [
    ...pluginsIn(text, 'input', 'dead_letter_queue').flatMap((p) => [attrOf(p, 'path') as string, `${attrOf(p, 'path')}/${attrOf(p, 'pipeline_id')}`]),
    ...pluginsIn(text, 'input', 'elasticsearch')
      .map((p) => attrOf(p, 'last_run_metadata_path') as string | undefined)
      .filter((f): f is string => f !== undefined)
      .map((f) => f.slice(0, f.lastIndexOf('/'))),
  ];
  /** Folders created by `mkdir -p` in init containers that finish before index `before`. */
  const preparedBefore = (spec: Obj, before: number): string[] =>
    (spec.initContainers ?? [])
      .slice(0, before)
      .filter((c: Obj) => c.restartPolicy === undefined && c.command?.[0] === 'mkdir' && c.command?.[1] === '-p')
      .filter((c: Obj) => c.volumeMounts.some((m: Obj) => m.name === 'data' && m.mountPath === DATA))
      .flatMap((c: Obj) => c.command.slice(2).filter((a: string) => a !== '--'));
  const covered = (dir: string, made: string[]) => made.some((m) => m === dir || m.startsWith(`${dir}/`));

  const workloads = ENVS.flatMap((env) => {
    const objects = objectsOf(env, 'es-sync');
    return objects
      .filter((o) => o.kind === 'StatefulSet' || o.kind === 'Job')
      .map((w) => ({ env, w, cm: find(objects, 'ConfigMap', w.spec.template.spec.volumes.find((v: Obj) => v.name === 'pipelines').configMap.name) }));
  });

  test('covers the StatefulSet of every environment and the Job of those with a full copy', () => {
    const fullCopy = (env: string) => Object.values(settingsOf(env).syncs).some((s) => s.mode.kind !== 'incremental');
    expect(workloads.map(({ env, w }) => `${env}/${w.kind}`)).toEqual(ENVS.flatMap((env) => [`${env}/StatefulSet`, ...(fullCopy(env) ? [`${env}/Job`] : [])]));
    expect(workloads.some(({ w }) => w.kind === 'Job')).toBe(true);
  });

  test.each(workloads.map((x) => [`${x.env} ${x.w.kind}/${x.w.metadata.name}`, x] as const))('%s', (_name, { w, cm }) => {
    const spec = w.spec.template.spec;
    const logstashes = [
      ...(spec.initContainers ?? []).map((c: Obj, i: number) => ({ c, index: i })),
      ...spec.containers.map((c: Obj) => ({ c, index: (spec.initContainers ?? []).length })),
    ].filter(({ c }) => c.volumeMounts?.some((m: Obj) => m.mountPath === '/usr/share/logstash/pipeline'));
    expect(logstashes.length).toBeGreaterThan(0);
    let checked = 0;
    for (const { c, index } of logstashes) {
      // A Logstash runs the pipelines of its pipelines.yml (or, for the copy, the files its wrapper names).
      const files = pipelineFiles(cm).filter(([file]) =>
        c.name === 'replay' ? file === 'replay.conf' : c.name !== 'replay' && !(w.kind === 'Job' && file === 'replay.conf'),
      );
      const made = preparedBefore(spec, index);
      for (const [, text] of files) {
        for (const dir of neededBy(text)) {
          expect({ container: c.name, dir, exists: covered(dir, made) }).toEqual({ container: c.name, dir, exists: true });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('docs/es-sync-semantics.md', () => {
  const page = fs.readFileSync('docs/es-sync-semantics.md', 'utf8');
  const links = [...page.matchAll(/\[test: "((?:[^"\\]|\\.)+)"\]\(([^)]+)\)/g)].map((m) => ({ title: m[1].replace(/\\(.)/g, '$1'), file: m[2] }));

  test('has a section per mode, each with what is copied, restart or failure, duplicates and what is never lost', () => {
    for (const mode of ['full', 'incremental', 'fullThenIncremental']) {
      const section = page.split(`\n## \`${mode}\`\n`)[1]?.split('\n## ')[0] ?? '';
      for (const part of ['**What is copied, when.**', '**Duplicates.**', '**Never lost.**'])
        expect({ mode, part, found: section.includes(part) }).toEqual({ mode, part, found: true });
      expect(section).toMatch(/\*\*(Restart|Failure|Restart, failure)\.\*\*/);
    }
  });

  test('every statement links to an existing test by its title', () => {
    expect(links.length).toBeGreaterThan(20);
    for (const l of links) {
      const target = `docs/${l.file}`.replace(/^docs\/\.\.\//, '');
      expect({ ...l, exists: fs.existsSync(target) }).toEqual({ ...l, exists: true });
      expect({ ...l, named: fs.readFileSync(target, 'utf8').includes(l.title) }).toEqual({ ...l, named: true });
    }
  });
});
