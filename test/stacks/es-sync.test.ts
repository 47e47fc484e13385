import { containerOf, find, Obj } from '../support/harness';
import { objectsOf } from '../support/environments';
import { ENVIRONMENTS } from '../../stacks/environments';

const conf = (objects: Obj[], cm: string) => find(objects, 'ConfigMap', cm).data as Record<string, string>;

describe('es-sync chart', () => {
  describe.each(ENVIRONMENTS.filter((e) => e.esSync.enabled).map((e) => e.name))('%s', (env) => {
    const objects = objectsOf(env, 'es-sync');
    test('deploys into its own restricted namespace', () => {
      expect(find(objects, 'Namespace', `${env}-es-sync`).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
      expect(find(objects, 'StatefulSet', 'es-sync').metadata.namespace).toBe(`${env}-es-sync`);
    });
    test('holds no Secret and no credential in its ConfigMaps', () => {
      expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
      for (const cm of objects.filter((o) => o.kind === 'ConfigMap')) {
        for (const text of Object.values(cm.data as Record<string, string>)) {
          for (const m of text.match(/(user|password|api_key) => "[^"]*"/g) ?? []) expect(m).toMatch(/=> "\$\{[A-Z_]+\}"$/);
        }
      }
    });
  });

  test('dev: one incremental sync, no full copy', () => {
    const objects = objectsOf('dev', 'es-sync');
    expect(objects.some((o) => o.kind === 'Job')).toBe(false);
    expect(Object.keys(conf(objects, 'es-sync-config')).sort()).toEqual(['logstash.yml', 'orders.conf', 'pipelines.yml', 'replay.conf']);
    expect(conf(objects, 'es-sync-config')['orders.conf']).toContain('schedule => "*/5 * * * *"');
  });

  test.each(['staging', 'prod'])('%s: fullThenIncremental syncs of the commerce and catalog indices', (env) => {
    const objects = objectsOf(env, 'es-sync');
    expect(Object.keys(conf(objects, 'es-sync-full-config')).sort()).toEqual([
      'catalog-full.conf',
      'commerce-full.conf',
      'full-copy.sh',
      'logstash.yml',
      'pipelines.yml',
      'replay-pipelines.yml',
      'replay.conf',
    ]);
    expect(Object.keys(conf(objects, 'es-sync-config')).sort()).toEqual(['catalog.conf', 'commerce.conf', 'logstash.yml', 'pipelines.yml', 'replay.conf']);
    expect(conf(objects, 'es-sync-config')['commerce.conf']).toContain('index => "orders-*,invoices-*,customers"');
    expect(find(objects, 'Job', 'es-sync-full').spec.template.spec.restartPolicy).toBe('Never');
  });

  test('prod: production-sized queues, volumes, heap and drain time', () => {
    const objects = objectsOf('prod', 'es-sync');
    const sts = find(objects, 'StatefulSet', 'es-sync');
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'ceph-rbd', resources: { requests: { storage: '100Gi' } } });
    expect(find(objects, 'PersistentVolumeClaim', 'es-sync-full-data').spec.resources.requests.storage).toBe('100Gi');
    const yml = conf(objects, 'es-sync-config')['logstash.yml'];
    expect(yml).toContain('queue.max_bytes: 8192mb\n');
    expect(yml).toContain('dead_letter_queue.retain.age: 14d\n');
    expect(conf(objects, 'es-sync-config')['pipelines.yml']).toContain('dead_letter_queue.max_bytes: 4096mb\n');
    expect(containerOf(sts, 'logstash').env.find((e: Obj) => e.name === 'LS_JAVA_OPTS').value).toMatch(/^-Xms4096m -Xmx4096m /);
    expect(sts.spec.template.spec.terminationGracePeriodSeconds).toBe(1200);
    expect(find(objects, 'Job', 'es-sync-full').spec.backoffLimit).toBe(3);
  });
});
