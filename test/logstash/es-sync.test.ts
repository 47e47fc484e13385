import { App, Chart } from 'cdk8s';
import { EsSync, EsSyncProps } from '../../constructs/logstash/es-sync';
import { parsePipeline } from '../../constructs/logstash/config/parse';
import { flowsIn } from '../../constructs/common/wiring';
import { requiredSecrets } from '../../constructs/common/secrets';
import { containerOf, find, kinds, Obj, variant } from '../support/harness';
import { ES_SYNC } from '../support/es-sync-fixture';

function build(props: EsSyncProps = ES_SYNC): { objects: Obj[]; sync: EsSync; chart: Chart } {
  const app = new App();
  const chart = new Chart(app, 'test', { disableResourceNameHashes: true });
  const sync = new EsSync(chart, 'copy', props);
  return { objects: chart.toJson(), sync, chart };
}

const { objects, sync, chart } = build();
const sts = find(objects, 'StatefulSet', 'copy');
const job = find(objects, 'Job', 'copy-full');
const continuous = find(objects, 'ConfigMap', 'copy-config').data;
const oneShot = find(objects, 'ConfigMap', 'copy-full-config').data;
const attr = (text: string, name: string) => new RegExp(`\\n\\s+${name} => ([^\\n]+)`).exec(text)?.[1];

describe('EsSync', () => {
  test('creates a continuous StatefulSet and a full-copy Job with their config and data', () => {
    expect(kinds(objects)).toEqual([
      'ConfigMap/copy-config',
      'ConfigMap/copy-full-config',
      'Job/copy-full',
      'PersistentVolumeClaim/copy-full-data',
      'Service/copy',
      'StatefulSet/copy',
    ]);
  });

  test('an incremental-only sync has no Job; a full-only sync has no StatefulSet', () => {
    const inc = build(variant(ES_SYNC, (d) => (d.syncs = { orders: d.syncs.orders }))).objects;
    expect(inc.some((o) => o.kind === 'Job')).toBe(false);
    const full = build(variant(ES_SYNC, (d) => (d.syncs = { archive: d.syncs.archive }))).objects;
    expect(full.some((o) => o.kind === 'StatefulSet')).toBe(false);
    expect(find(full, 'Job', 'copy-full').spec.template.spec.volumes.find((v: Obj) => v.name === 'data').persistentVolumeClaim.claimName).toBe(
      'copy-full-data',
    );
  });

  describe('full copy', () => {
    test('is a Job that completes once: no restarts in place, bounded retries, no TTL that would re-create it', () => {
      expect(job.spec.backoffLimit).toBe(2);
      expect(job.spec.completions).toBe(1);
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
      expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    });

    test('its inputs have no schedule, so each pipeline ends and Logstash exits', () => {
      expect(Object.keys(oneShot).sort()).toEqual([
        'archive-full.conf',
        'catalog-full.conf',
        'full-copy.sh',
        'logstash.yml',
        'pipelines.yml',
        'replay-pipelines.yml',
        'replay.conf',
      ]);
      expect(oneShot['pipelines.yml']).not.toContain('replay');
      for (const f of ['archive-full.conf', 'catalog-full.conf']) {
        expect(oneShot[f]).not.toMatch(/schedule|tracking_field|last_run_metadata_path/);
        expect(attr(oneShot[f], 'search_api')).toBe('"search_after"');
      }
      expect(attr(oneShot['catalog-full.conf'], 'slices')).toBe('4');
      expect(attr(oneShot['archive-full.conf'], 'slices')).toBeUndefined();
    });

    test('replays its dead-letter queue in a native sidecar that stops when the copy exits', () => {
      const spec = job.spec.template.spec;
      const [prepare, replay] = spec.initContainers;
      const copy = containerOf(job, 'logstash');
      expect(prepare.name).toBe('prepare-data');
      expect(replay.name).toBe('replay');
      expect(replay.restartPolicy).toBe('Always');
      // Two processes, one claim: separate path.data, separate API ports.
      expect(copy.command).toEqual(['/bin/bash', '/usr/share/logstash/config/full-copy.sh']);
      expect(oneShot['full-copy.sh']).toContain(
        "'/usr/share/logstash/bin/logstash' '--path.settings' '/usr/share/logstash/config' '--path.data' '/usr/share/logstash/data/copy' --pipeline.id",
      );
      expect(replay.args).toEqual([
        '--path.settings',
        '/usr/share/logstash/config',
        '--path.data',
        '/usr/share/logstash/data/replay',
        '--api.http.port',
        '9601',
      ]);
      expect(replay.ports).toEqual([{ name: 'replay-api', containerPort: 9601, protocol: 'TCP' }]);
      expect(replay.readinessProbe.httpGet.port).toBe('replay-api');
      expect(replay.volumeMounts.find((m: Obj) => m.mountPath === '/usr/share/logstash/config/pipelines.yml').subPath).toBe('replay-pipelines.yml');
      expect(replay.securityContext.readOnlyRootFilesystem).toBe(true);
      const text = oneShot['replay.conf'];
      expect(text.match(/pipeline_id => "[\w-]+"/g)).toEqual(['pipeline_id => "archive-full"', 'pipeline_id => "catalog-full"']);
      expect(attr(text, 'path')).toBe('"/usr/share/logstash/data/copy/dead_letter_queue"');
      // Only the writer's own process may delete consumed segments.
      expect(attr(text, 'clean_consumed')).toBe('false');
      expect(attr(continuous['replay.conf'], 'clean_consumed')).toBe('true');
    });

    test('keeps its queue and dead-letter queue on a retained claim', () => {
      const pvc = find(objects, 'PersistentVolumeClaim', 'copy-full-data');
      expect(pvc.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
      expect(pvc.spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '10Gi' } } });
      // A standalone claim's labels may change (unlike a StatefulSet's claim templates): it carries the version too.
      expect(pvc.metadata.labels['app.kubernetes.io/version']).toBe('9.5.4');
    });

    test('skips soft-deleted documents and asks for versions', () => {
      const soft = build(variant(ES_SYNC, (d) => (d.syncs.archive.softDelete = { field: 'meta.deleted' }))).sync.fullCopyConfig!.files['archive-full.conf'];
      expect(JSON.parse(parsePipelineAttr(soft, 'query'))).toEqual({ query: { bool: { must_not: [{ term: { 'meta.deleted': true } }] } }, version: true });
      expect(JSON.parse(parsePipelineAttr(oneShot['archive-full.conf'], 'query'))).toEqual({ query: { match_all: {} }, version: true });
    });
  });

  describe('incremental', () => {
    const orders = continuous['orders.conf'];
    test('runs on the validated schedule, tracking the field from the seed, last value on the volume', () => {
      expect(attr(orders, 'schedule')).toBe('"*/5 * * * *"');
      expect(attr(orders, 'schedule_overlap')).toBe('false');
      expect(attr(orders, 'tracking_field')).toBe('"[updated_at]"');
      expect(attr(orders, 'tracking_field_seed')).toBe('"2026-01-01T00:00:00Z"');
      expect(attr(orders, 'last_run_metadata_path')).toBe('"/usr/share/logstash/data/plugins/inputs/elasticsearch/orders/last_run_value"');
      expect(attr(continuous['catalog.conf'], 'tracking_field')).toBe('"[event][ingested]"');
    });

    test('queries from the last value minus the overlap up to :present, sorted by the tracking field', () => {
      expect(JSON.parse(parsePipelineAttr(continuous['catalog.conf'], 'query'))).toEqual({
        query: { range: { 'event.ingested': { gte: ':last_value||-15m', lt: ':present', format: 'strict_date_optional_time_nanos' } } },
        sort: [{ 'event.ingested': { order: 'asc', format: 'strict_date_optional_time_nanos', numeric_type: 'date_nanos' } }],
        version: true,
      });
      expect(parsePipelineAttr(orders, 'query')).toContain(':last_value||-5m');
    });

    test('propagates soft deletes as delete actions', () => {
      expect(orders).toContain('if [deleted] {');
      expect(attr(orders, 'action')).toBe('"%{[@metadata][action]}"');
      expect(attr(continuous['catalog.conf'], 'action')).toBe('"index"');
    });
  });

  describe('faithful, idempotent writes', () => {
    const catalog = continuous['catalog.conf'];
    test('keep _id, routing only when present, and order writes by the source version', () => {
      expect(attr(catalog, 'docinfo_fields')).toBe('["_index", "_id", "_routing", "_version"]');
      expect(catalog).toContain('if [@metadata][doc][_routing] {');
      expect(catalog.match(/document_id => "%\{\[@metadata\]\[doc\]\[_id\]\}"/g)).toHaveLength(2);
      expect(catalog.match(/routing => /g)).toHaveLength(1);
      expect(catalog.match(/version_type => "external_gte"/g)).toHaveLength(2);
      expect(attr(catalog, 'silence_errors_in_log')).toBe('["version_conflict_engine_exception"]');
    });

    test('remove what Logstash adds unless the source has it, and manage no templates, ILM or data streams', () => {
      expect(attr(catalog, 'remove_field')).toBe('["@timestamp", "@version"]');
      expect(attr(continuous['orders.conf'], 'remove_field')).toBe('["@version"]');
      for (const [k, v] of [
        ['manage_template', 'false'],
        ['ilm_enabled', '"false"'],
        ['data_stream', '"false"'],
      ])
        expect(attr(catalog, k)).toBe(v);
    });

    test('rename indices by the typed rule', () => {
      expect(catalog).toContain('if [@metadata][doc][_index] == "products" {');
      expect(attr(catalog, 'index')).toBe('"products,reviews"');
      expect(catalog).toContain('index => "%{[@metadata][target_index]}"');
      expect(oneShot['archive-full.conf']).toContain('index => "%{[@metadata][doc][_index]}-copy"');
      expect(continuous['orders.conf']).toContain('index => "%{[@metadata][doc][_index]}"');
    });
  });

  describe('credentials and TLS', () => {
    test('reach Logstash as ${VAR} references filled from Secrets, never as values in a ConfigMap', () => {
      const c = containerOf(sts, 'logstash');
      const fromSecret = Object.fromEntries(c.env.filter((e: Obj) => e.valueFrom?.secretKeyRef).map((e: Obj) => [e.name, e.valueFrom.secretKeyRef]));
      expect(fromSecret).toEqual({
        SOURCE_ES_USER: { name: 'src-es', key: 'username' },
        SOURCE_ES_PASSWORD: { name: 'src-es', key: 'password' },
        DESTINATION_ES_API_KEY: { name: 'dest-es', key: 'api-key' },
      });
      expect(attr(continuous['orders.conf'], 'user')).toBe('"${SOURCE_ES_USER}"');
      expect(attr(continuous['orders.conf'], 'api_key')).toBe('"${DESTINATION_ES_API_KEY}"');
      expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
      expect(requiredSecrets(chart).map((s) => s.name)).toEqual(['dest-es', 'src-ca', 'src-es']);
    });

    test('https hosts use TLS, with the CA from a Secret volume when one is given; http hosts have no TLS options', () => {
      const orders = continuous['orders.conf'];
      expect(attr(orders, 'ssl_certificate_authorities')).toBe('["/usr/share/logstash/certs/source/ca.crt"]');
      expect(attr(orders, 'ssl_verification_mode')).toBe('"full"');
      // Source input and both destination outputs; only the source names a CA bundle.
      expect(orders.match(/ssl_enabled => true/g)).toHaveLength(3);
      expect(orders.match(/ssl_certificate_authorities/g)).toHaveLength(1);
      const plain = build(variant(ES_SYNC, (d) => (d.source = { hosts: ['http://plain:9200'], auth: d.source.auth }))).sync.continuousConfig!.files[
        'orders.conf'
      ];
      // Only the two destination outputs (ssl_enabled and ssl_verification_mode each).
      expect(plain.match(/ssl_/g)).toHaveLength(4);
      expect(attr(plain, 'hosts')).toBe('["http://plain:9200"]');
      expect(sts.spec.template.spec.volumes.map((v: Obj) => v.name)).not.toContain('destination-ca');
      const vol = sts.spec.template.spec.volumes.find((v: Obj) => v.name === 'source-ca');
      expect(vol.secret).toEqual({ secretName: 'src-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }], defaultMode: 0o444 });
    });
  });

  describe('durability', () => {
    test('persisted queues with draining, dead-letter queues with a policy and an age, escapes on', () => {
      const yml = continuous['logstash.yml'];
      for (const line of [
        'queue.type: persisted',
        'queue.max_bytes: 1024mb',
        'queue.checkpoint.writes: 1024',
        'queue.drain: true',
        'dead_letter_queue.enable: true',
        'dead_letter_queue.storage_policy: drop_older',
        'dead_letter_queue.retain.age: 7d',
        'config.support_escapes: true',
        'api.http.host: 0.0.0.0',
        'api.http.port: 9600',
      ]) {
        expect(yml).toContain(`${line}\n`);
      }
      expect(sts.spec.template.spec.terminationGracePeriodSeconds).toBe(600);
    });

    test('pipelines.yml has one entry per sync plus the replay pipeline, with their own workers and sizes', () => {
      expect(continuous['pipelines.yml']).toBe(
        [
          '- pipeline.id: orders\n  path.config: /usr/share/logstash/pipeline/orders.conf\n  pipeline.workers: 2\n  pipeline.batch.size: 500\n  queue.type: persisted\n  queue.max_bytes: 1024mb\n  dead_letter_queue.enable: true\n  dead_letter_queue.max_bytes: 512mb\n',
          '- pipeline.id: catalog\n  path.config: /usr/share/logstash/pipeline/catalog.conf\n  pipeline.workers: 3\n  pipeline.batch.size: 800\n  queue.type: persisted\n  queue.max_bytes: 1024mb\n  dead_letter_queue.enable: true\n  dead_letter_queue.max_bytes: 512mb\n',
          '- pipeline.id: replay\n  path.config: /usr/share/logstash/pipeline/replay.conf\n  pipeline.workers: 1\n  pipeline.batch.size: 125\n  queue.type: persisted\n  queue.max_bytes: 256mb\n  dead_letter_queue.enable: false\n',
        ].join(''),
      );
    });

    test('the StatefulSet keeps queues, DLQ and last values on a retained, protected claim', () => {
      expect(sts.spec.replicas).toBe(1);
      expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
      const claim = sts.spec.volumeClaimTemplates[0];
      expect(claim.metadata.name).toBe('data');
      expect(claim.metadata.annotations['keelson.io/holds-data']).toBe('true');
      expect(containerOf(sts, 'logstash').volumeMounts.find((m: Obj) => m.name === 'data').mountPath).toBe('/usr/share/logstash/data');
    });
  });

  test('the replay pipeline reads each sync DLQ, committing offsets, into the quarantine index with the reason', () => {
    const replay = sync.continuousConfig!.models['replay.conf'];
    const inputs = replay.sections[0].body;
    expect(inputs.map((p) => (p.kind === 'plugin' ? p.name : p.kind))).toEqual(['dead_letter_queue', 'dead_letter_queue']);
    const text = continuous['replay.conf'];
    expect(text.match(/pipeline_id => "(\w+)"/g)).toEqual(['pipeline_id => "orders"', 'pipeline_id => "catalog"']);
    expect(attr(text, 'commit_offsets')).toBe('true');
    expect(attr(text, 'path')).toBe('"/usr/share/logstash/data/dead_letter_queue"');
    expect(text).toContain('"[quarantine][reason]" => "%{[@metadata][dead_letter_queue][reason]}"');
    expect(attr(text, 'index')).toBe('"copy-quarantine"');
    expect(build(variant(ES_SYNC, (d) => (d.quarantineIndex = 'rejects'))).sync.continuousConfig!.files['replay.conf']).toContain('index => "rejects"');
  });

  describe('the pod', () => {
    const c = containerOf(sts, 'logstash');
    test('runs Logstash directly with a read-only root filesystem and explicit writable volumes', () => {
      expect(c.command).toEqual(['/usr/share/logstash/bin/logstash']);
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(c.securityContext.runAsNonRoot).toBe(true);
      const writable = c.volumeMounts.filter((m: Obj) => !m.readOnly).map((m: Obj) => m.mountPath);
      expect(writable).toEqual(['/usr/share/logstash/data', '/usr/share/logstash/logs', '/tmp']);
      expect(sts.spec.template.spec.securityContext.runAsUser).toBe(1000);
    });

    test('sizes the heap from props with LS_JAVA_OPTS', () => {
      expect(c.env.find((e: Obj) => e.name === 'LS_JAVA_OPTS').value).toMatch(/^-Xms1024m -Xmx1024m /);
      expect(c.resources.limits.memory).toBe('2Gi');
    });

    test('exposes the API port for metrics, readiness on the API, distinct cheap liveness', () => {
      expect(c.ports).toEqual([{ name: 'api', containerPort: 9600, protocol: 'TCP' }]);
      expect(c.readinessProbe.httpGet.path).toBe('/_node/pipelines');
      expect(c.livenessProbe.tcpSocket.port).toBe('api');
      expect(c.startupProbe.httpGet.path).toBe('/');
      expect(find(objects, 'Service', 'copy').spec.ports).toEqual([{ name: 'api', port: 9600, targetPort: 'api', protocol: 'TCP' }]);
    });

    test('rolls when the configuration changes', () => {
      const other = build(variant(ES_SYNC, (d) => (d.syncs.orders.workers = 4))).objects;
      const sum = (o: Obj[]) => find(o, 'StatefulSet', 'copy').spec.template.metadata.annotations['keelson.io/config-checksum'];
      expect(sum(other)).not.toBe(sum(objects));
    });
  });

  test('records flows from both workloads to every source and destination host', () => {
    const flows = flowsIn(chart);
    expect(flows.map((f) => `${f.from.selector['app.kubernetes.io/component']} -> ${f.to.kind === 'external' ? f.to.host : ''}:${f.ports[0].port}`)).toEqual([
      'es-sync -> source-a.example.com:9200',
      'es-sync -> source-b.example.com:443',
      'es-sync -> dest.example.com:9200',
      'full-copy -> source-a.example.com:9200',
      'full-copy -> source-b.example.com:443',
      'full-copy -> dest.example.com:9200',
    ]);
    expect(flows.every((f) => f.from.chart === 'test' && f.to.kind === 'external')).toBe(true);
  });
});

/** The value of a string attribute, read back through the parser. */
function parsePipelineAttr(text: string, name: string): string {
  const input = parsePipeline(text).sections[0].body[0];
  if (input.kind !== 'plugin') throw new Error('no input plugin');
  const v = input.attributes.find((a) => a.name === name)?.value;
  if (v?.kind !== 'string') throw new Error(`no string attribute ${name}`);
  return v.value;
}
