import { Chart } from 'cdk8s';
import { objectRules } from '../../cli/validation/api-rules';
import { holdsData, VolumeSpec, withStorageClass } from '../../constructs/common/storage';
import { JenkinsCluster } from '../../constructs/jenkins/jenkins-cluster';
import { Grafana } from '../../constructs/logging/grafana';
import { Loki, LokiProps } from '../../constructs/logging/loki';
import { EsSync } from '../../constructs/logstash/es-sync';
import { Jaeger } from '../../constructs/tracing/jaeger';
import { getEnvironment } from '../../stacks/environments';
import { layer } from '../../stacks/merge';
import { buildPlatform } from '../../stacks/platform';
import { EnvironmentConfig } from '../../stacks/types';
import { ES_SYNC } from '../support/es-sync-fixture';
import { find, Obj, synthesize, variant } from '../support/harness';
import { JENKINS } from '../support/jenkins-fixture';
import { GRAFANA, LOKI_FS, LOKI_S3 } from '../support/observability-fixtures';

const SMALL = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } as const;

/** A workload that keeps data on one volume, built with the given data volume. */
interface DataWorkload {
  readonly name: string;
  readonly build: (c: Chart, volume: VolumeSpec) => void;
  /** The workload (kind/name) whose pods mount the data volume. */
  readonly kind: string;
  readonly workload: string;
  /** The pod volume (or claim template) holding the data, and where the program reads it. */
  readonly volume: string;
  readonly mountPath: string;
}

const loki = (base: LokiProps) => (c: Chart, volume: VolumeSpec) => new Loki(c, 'loki', { ...base, storage: { ...base.storage, volume } });
const WORKLOADS: DataWorkload[] = [
  {
    name: 'Jenkins controller (JENKINS_HOME)',
    build: (c, volume) =>
      new JenkinsCluster(
        c,
        'ci',
        variant(JENKINS, (d) => (d.controller.storage = volume)),
      ),
    kind: 'StatefulSet',
    workload: 'ci',
    volume: 'jenkins-home',
    mountPath: '/var/jenkins_home',
  },
  { name: 'Loki, filesystem store', build: loki(LOKI_FS), kind: 'StatefulSet', workload: 'loki', volume: 'data', mountPath: '/loki' },
  { name: 'Loki, S3 store (WAL and compactor)', build: loki(LOKI_S3), kind: 'StatefulSet', workload: 'loki', volume: 'data', mountPath: '/loki' },
  {
    name: 'Jaeger, Badger store',
    build: (c, volume) => new Jaeger(c, 'jaeger', { storage: { kind: 'badger', volume }, resources: SMALL }),
    kind: 'StatefulSet',
    workload: 'jaeger',
    volume: 'data',
    mountPath: '/badger',
  },
  {
    name: 'es-sync, continuous Logstash',
    build: (c, volume) => new EsSync(c, 'copy', { ...ES_SYNC, storage: volume }),
    kind: 'StatefulSet',
    workload: 'copy',
    volume: 'data',
    mountPath: '/usr/share/logstash/data',
  },
  {
    name: 'es-sync, full-copy Job',
    build: (c, volume) => new EsSync(c, 'copy', { ...ES_SYNC, storage: volume }),
    kind: 'Job',
    workload: 'copy-full',
    volume: 'data',
    mountPath: '/usr/share/logstash/data',
  },
  {
    name: 'Grafana persistence',
    build: (c, volume) => new Grafana(c, 'grafana', { ...GRAFANA, persistence: volume }),
    kind: 'Deployment',
    workload: 'grafana',
    volume: 'data',
    mountPath: '/var/lib/grafana',
  },
];

const podOf = (w: Obj) => w.spec.template.spec;
const mountsOf = (w: Obj, volume: string) =>
  [...(podOf(w).initContainers ?? []), ...podOf(w).containers].flatMap((c: Obj) => (c.volumeMounts ?? []).filter((m: Obj) => m.name === volume));

describe.each(WORKLOADS)('one storage path: $name', (w) => {
  const render = (volume: VolumeSpec) => {
    const objects = synthesize((c) => w.build(c, volume));
    return { objects, workload: find(objects, w.kind, w.workload) };
  };

  test('ephemeral: a size-bounded emptyDir under the same name, no claim, nothing marked as data', () => {
    const { objects, workload } = render({ size: '8Gi', lifetime: 'ephemeral' });
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    expect(workload.spec.volumeClaimTemplates).toBeUndefined();
    expect(workload.spec.persistentVolumeClaimRetentionPolicy).toBeUndefined();
    expect(objects.filter(holdsData).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    // core/v1 EmptyDirVolumeSource has only medium and sizeLimit; the kubelet evicts a pod whose
    // emptyDir outgrows sizeLimit (Kubernetes docs, "Local ephemeral storage").
    expect(podOf(workload).volumes.filter((v: Obj) => v.name === w.volume)).toEqual([{ name: w.volume, emptyDir: { sizeLimit: '8Gi' } }]);
    expect(mountsOf(workload, w.volume).map((m: Obj) => m.mountPath)).toContain(w.mountPath);
  });

  test('ephemeral: the API server would accept the pod (every mount names one volume, names unique)', () => {
    // apimachinery ValidateVolumeMounts / validateVolumes (pkg/apis/core/validation): a mount
    // naming no volume is "Not found", two volumes of one name are "Duplicate value".
    expect(objectRules(render({ size: '8Gi', lifetime: 'ephemeral' }).workload)).toEqual([]);
  });

  test('persistent: a claim holding the data, protected and with the StorageClass it names', () => {
    const { objects, workload } = render({ size: '8Gi', storageClass: 'fast' });
    const claim =
      w.kind === 'StatefulSet'
        ? workload.spec.volumeClaimTemplates.find((t: Obj) => t.metadata.name === w.volume)
        : objects.find(
            (o) => o.kind === 'PersistentVolumeClaim' && podOf(workload).volumes.some((v: Obj) => v.persistentVolumeClaim?.claimName === o.metadata.name),
          );
    expect(claim.spec).toMatchObject({ storageClassName: 'fast', resources: { requests: { storage: '8Gi' } } });
    expect(holdsData(claim)).toBe(true);
    expect(podOf(workload).volumes.some((v: Obj) => v.name === w.volume && v.emptyDir)).toBe(false);
    expect(mountsOf(workload, w.volume).map((m: Obj) => m.mountPath)).toContain(w.mountPath);
    expect(objectRules(workload)).toEqual([]);
  });
});

describe('the environment StorageClass', () => {
  test('fills in persistent volumes that name none, and nothing else', () => {
    expect(withStorageClass({ size: '1Gi' }, 'ceph-rbd')).toEqual({ size: '1Gi', storageClass: 'ceph-rbd' });
    expect(withStorageClass({ size: '1Gi', storageClass: 'fast' }, 'ceph-rbd')).toEqual({ size: '1Gi', storageClass: 'fast' });
    expect(withStorageClass({ size: '1Gi', lifetime: 'ephemeral' }, 'ceph-rbd')).toEqual({ size: '1Gi', lifetime: 'ephemeral' });
    expect(withStorageClass(undefined, 'ceph-rbd')).toBeUndefined();
    expect(withStorageClass({ size: '1Gi' }, undefined)).toEqual({ size: '1Gi' });
  });

  const objectsOf = (env: EnvironmentConfig): Obj[] => buildPlatform(env).charts.flatMap((c) => c.toJson() as Obj[]);

  test('a preview with an environment StorageClass renders: its ephemeral JENKINS_HOME is an emptyDir, not blamed for the class', () => {
    // Before: the chart copied the environment's class into the ephemeral volume, and Jenkins
    // reported controller.storage.storageClass, a field the preview never set.
    const preview = layer(getEnvironment('preview'), { storageClass: 'standard' });
    const objects = objectsOf(preview);
    const sts = find(objects, 'StatefulSet', 'jenkins');
    expect(podOf(sts).volumes).toContainEqual({ name: 'jenkins-home', emptyDir: { sizeLimit: '4Gi' } });
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
    expect(JSON.stringify(objects)).not.toContain('storageClassName');
  });

  test("a development Loki on an ephemeral volume gets an emptyDir, while the environment's class still reaches Jenkins' claim", () => {
    const dev = layer(getEnvironment('dev'), { logging: { loki: { storage: { volume: { lifetime: 'ephemeral' } } } } });
    const objects = objectsOf(dev);
    const loki = find(objects, 'StatefulSet', 'loki');
    expect(loki.spec.volumeClaimTemplates).toBeUndefined();
    expect(podOf(loki).volumes).toContainEqual({ name: 'data', emptyDir: { sizeLimit: '5Gi' } });
    expect(holdsData(loki)).toBe(false);
    expect(find(objects, 'StatefulSet', 'jenkins').spec.volumeClaimTemplates[0].spec.storageClassName).toBe(getEnvironment('dev').storageClass);
  });

  test("every claim of a namespaced environment uses the environment's class unless its volume names one", () => {
    for (const name of ['dev', 'staging', 'prod']) {
      const env = getEnvironment(name);
      const claims = objectsOf(env).flatMap((o) =>
        o.kind === 'PersistentVolumeClaim' ? [o] : o.kind === 'StatefulSet' ? (o.spec.volumeClaimTemplates ?? []) : [],
      );
      expect(claims.length).toBeGreaterThan(0);
      for (const c of claims) expect([name, c.metadata.name, c.spec.storageClassName]).toEqual([name, c.metadata.name, env.storageClass]);
    }
  });
});
