import { FullCopyJob } from '../../constructs/logstash/full-copy-job';
import { LogstashConfig } from '../../constructs/logstash/logstash-config';
import { LOGSTASH_PROBES, LogstashProcess } from '../../constructs/logstash/logstash-pod';
import { SyncStatefulSet } from '../../constructs/logstash/sync-statefulset';
import { lit, plugin } from '../../constructs/logstash/config/model';
import { containerOf, find, synthesize } from '../support/harness';

const clusters = {
  source: { hosts: ['http://a:9200'], auth: { kind: 'apiKey' as const, apiKey: { name: 'a', key: 'k' } } },
  destination: { hosts: ['http://b:9200'], auth: { kind: 'basic' as const, username: { name: 'b', key: 'u' }, password: { name: 'b', key: 'p' } } },
};
const proc = (name: string, port: number, pathData?: string): LogstashProcess => ({
  name,
  pipelinesYml: `${name}-pipelines.yml`,
  port: { name: `${name}-api`.slice(0, 15), number: port },
  pathData,
  resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } },
  heapMebibytes: 1024,
  probes: LOGSTASH_PROBES,
});
const base = {
  image: { repository: 'docker.elastic.co/logstash/logstash', tag: '9.5.4' },
  configMapName: 'cfg',
  pipelineFiles: ['a.conf'],
  clusters,
  terminationGracePeriodSeconds: 90,
  storage: { size: '5Gi' as const },
  labels: { app: 'x' },
  checksum: 'abc',
};

describe('LogstashConfig', () => {
  test('renders logstash.yml, one pipelines.yml per process and every pipeline file', () => {
    let config!: LogstashConfig;
    const objects = synthesize((chart) => {
      config = new LogstashConfig(chart, 'c', {
        name: 'cfg',
        labels: {},
        settings: {
          queue: { maxBytes: 512 * 1024 ** 2, checkpointWrites: 1 },
          deadLetterQueue: { maxBytes: 64 * 1024 ** 2, storagePolicy: 'drop_newer', retainAge: '1d' },
        },
        processes: [
          {
            pipelinesYml: 'pipelines.yml',
            pipelines: [
              {
                entry: { id: 'a', file: 'a.conf', workers: 1, batchSize: 10, queueMaxBytes: 512 * 1024 ** 2, dlqMaxBytes: 64 * 1024 ** 2 },
                config: { sections: [{ type: 'input', body: [plugin('stdin', {})] }] },
              },
            ],
          },
          {
            pipelinesYml: 'other.yml',
            pipelines: [
              {
                entry: { id: 'b', file: 'b.conf', workers: 2, batchSize: 20, queueMaxBytes: 256 * 1024 ** 2 },
                config: { sections: [{ type: 'output', body: [plugin('stdout', { codec: lit.str('json') })] }] },
              },
            ],
          },
        ],
      });
    });
    const data = find(objects, 'ConfigMap', 'cfg').data;
    expect(Object.keys(data).sort()).toEqual(['a.conf', 'b.conf', 'logstash.yml', 'other.yml', 'pipelines.yml']);
    expect(data['a.conf']).toBe('input {\n  stdin {}\n}\n');
    expect(data['b.conf']).toBe('output {\n  stdout {\n    codec => "json"\n  }\n}\n');
    expect(data['other.yml']).toBe(
      '- pipeline.id: b\n  path.config: /usr/share/logstash/pipeline/b.conf\n  pipeline.workers: 2\n  pipeline.batch.size: 20\n  queue.type: persisted\n  queue.max_bytes: 256mb\n  dead_letter_queue.enable: false\n',
    );
    expect(data['logstash.yml']).toContain('queue.checkpoint.writes: 1\n');
    expect(data['logstash.yml']).toContain('dead_letter_queue.storage_policy: drop_newer\n');
    expect(config.pipelineFiles).toEqual(['a.conf', 'b.conf']);
    expect(config.checksum).toMatch(/^[0-9a-f]{64}$/);
  });
});

test('LogstashConfig refuses two files with one name', () => {
  const settings = {
    queue: { maxBytes: 512 * 1024 ** 2, checkpointWrites: 1 },
    deadLetterQueue: { maxBytes: 64 * 1024 ** 2, storagePolicy: 'drop_newer' as const, retainAge: '1d' },
  };
  expect(() =>
    synthesize((chart) => new LogstashConfig(chart, 'c', { name: 'cfg', labels: {}, settings, processes: [{ pipelinesYml: 'logstash.yml', pipelines: [] }] })),
  ).toThrow('LogstashConfig: two files named "logstash.yml"');
});

describe('SyncStatefulSet', () => {
  const objects = synthesize((chart) => new SyncStatefulSet(chart, 's', { ...base, name: 'sync', selector: { app: 'x' }, main: proc('logstash', 9600) }));
  const sts = find(objects, 'StatefulSet', 'sync');
  test('one replica, retained claim, headless Service on the API port', () => {
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.serviceName).toBe('sync');
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('5Gi');
    expect(find(objects, 'Service', 'sync').spec.clusterIP).toBe('None');
    expect(sts.spec.template.spec.initContainers).toBeUndefined();
  });
  test('credentials from Secrets by reference, no TLS volumes for http clusters', () => {
    const c = containerOf(sts, 'logstash');
    expect(c.env.filter((e: any) => e.valueFrom?.secretKeyRef).map((e: any) => e.name)).toEqual([
      'SOURCE_ES_API_KEY',
      'DESTINATION_ES_USER',
      'DESTINATION_ES_PASSWORD',
    ]);
    expect(sts.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['config', 'pipelines', 'logs', 'tmp']);
    expect(c.args).toEqual(['--path.settings', '/usr/share/logstash/config']);
    expect(c.env.find((e: any) => e.name === 'LS_JAVA_OPTS').value).toContain('-XX:ErrorFile=/tmp/hs_err_pid%p.log');
  });
});

describe('FullCopyJob', () => {
  test('without a sidecar: one container, no init containers, claim mounted as data', () => {
    const objects = synthesize((chart) => new FullCopyJob(chart, 'j', { ...base, name: 'copy', backoffLimit: 0, main: proc('logstash', 9600) }));
    const job = find(objects, 'Job', 'copy');
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.template.spec.initContainers).toBeUndefined();
    expect(job.spec.template.spec.terminationGracePeriodSeconds).toBe(90);
    expect(find(objects, 'PersistentVolumeClaim', 'copy-data').spec.resources.requests.storage).toBe('5Gi');
  });
  test('with a sidecar: started first, restarted always, on its own port and path.data', () => {
    const objects = synthesize(
      (chart) =>
        new FullCopyJob(chart, 'j', {
          ...base,
          name: 'copy',
          backoffLimit: 1,
          main: proc('logstash', 9600, '/d/copy'),
          sidecar: proc('replay', 9601, '/d/replay'),
        }),
    );
    const spec = find(objects, 'Job', 'copy').spec.template.spec;
    expect(spec.initContainers.map((c: any) => [c.name, c.restartPolicy, c.ports[0].containerPort])).toEqual([['replay', 'Always', 9601]]);
    expect(spec.containers.map((c: any) => c.name)).toEqual(['logstash']);
    expect(spec.volumes.find((v: any) => v.name === 'config').configMap.items.map((i: any) => i.key)).toEqual([
      'logstash.yml',
      'logstash-pipelines.yml',
      'replay-pipelines.yml',
    ]);
  });
});
