import { isClusterScoped } from '../../constructs/common/kinds';
import { holdsData } from '../../constructs/common/storage';
import { objectsOf, renderedEnvironments } from '../support/environments';
import { Obj } from '../support/harness';

/** Every object's manifests/preview output, with its file name. */
function previewFiles(): [string, string][] {
  const r = renderedEnvironments().find((e) => e.env === 'preview');
  if (!r) throw new Error('no preview environment');
  return [...r.files];
}

describe('preview: namespace-agnostic, scaled-down manifests', () => {
  const objects = objectsOf('preview');

  test('renders the delivery slice of the platform from the same model: no cluster add-ons, pools or shared services', () => {
    const charts = (env: string) =>
      renderedEnvironments()
        .find((e) => e.env === env)!
        .charts.map((c) => c.name);
    expect(charts('preview')).toEqual(['ci']);
    expect(charts('dev')).toEqual(expect.arrayContaining(['operators', 'network', 'registry', 'ci', 'messaging', 'es-sync']));
    expect(objects.length).toBeGreaterThan(5);
  });

  test('no object names a namespace, and no file mentions one', () => {
    for (const o of objects) expect([`${o.kind}/${o.metadata.name}`, o.metadata.namespace]).toEqual([`${o.kind}/${o.metadata.name}`, undefined]);
    for (const [file, yaml] of previewFiles()) expect([file, /^\s*namespace:/m.test(yaml)]).toEqual([file, false]);
  });

  test('contains no cluster-scoped object', () => {
    expect(objects.filter((o) => isClusterScoped(o.apiVersion, o.kind)).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
  });

  test('keeps nothing beyond the pods: no PersistentVolumeClaim, no volume claim template, nothing marked as holding data', () => {
    expect(objects.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    expect(objects.filter((o) => (o.spec?.volumeClaimTemplates ?? []).length > 0).map((o) => o.metadata.name)).toEqual([]);
    expect(objects.filter((o) => holdsData(o)).map((o) => o.metadata.name)).toEqual([]);
    const jenkins = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'jenkins')!;
    expect(jenkins.spec.template.spec.volumes).toContainEqual({ name: 'jenkins-home', emptyDir: { sizeLimit: '4Gi' } });
  });

  test('single replicas and no autoscaler', () => {
    expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
    const workloads = objects.filter((o: Obj) => ['Deployment', 'StatefulSet'].includes(o.kind));
    expect(workloads.length).toBeGreaterThan(0);
    for (const w of workloads) expect([w.metadata.name, w.spec.replicas]).toEqual([w.metadata.name, 1]);
  });

  test('small requests: every container asks for at most half a CPU', () => {
    const millis = (cpu: string) => (cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000);
    const containers = objects.flatMap((o) => [...(o.spec?.template?.spec?.containers ?? []), ...(o.spec?.template?.spec?.initContainers ?? [])]);
    expect(containers.length).toBeGreaterThan(0);
    for (const c of containers) expect([c.name, millis(String(c.resources.requests.cpu)) <= 500]).toEqual([c.name, true]);
  });

  test('is not exposed outside the cluster (many previews cannot share one host name)', () => {
    expect(objects.filter((o) => o.kind === 'Ingress' || o.spec?.type === 'LoadBalancer')).toEqual([]);
  });
});
