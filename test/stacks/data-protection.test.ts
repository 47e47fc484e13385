import { holdsDataByShape } from '../../cli/validation/policy/rules';
import { ARGOCD_SYNC_OPTIONS } from '../../constructs/common/storage';
import { holdsData, protectData } from '../../stacks/pulumi/data-protection';
import { Obj } from '../support/harness';
import { objectsOf, renderedEnvironments } from '../support/environments';

/** Objects that hold data, by shape (every PVC, StatefulSet with claim templates, Kafka storage on claims), whatever the component. */
const holdingData = (objects: Obj[]) => objects.filter(holdsDataByShape);
const pulumiType = (o: Obj) => `kubernetes:${o.apiVersion.includes('/') ? o.apiVersion : `core/${o.apiVersion}`}:${o.kind}`;

describe('data protection in prod', () => {
  const objects = objectsOf('prod');
  const data = holdingData(objects);

  test('prod has objects that hold data (the generic checks below are not vacuous)', () => {
    expect(data.map((o) => `${o.kind}/${o.metadata.name}`)).toContain('StatefulSet/jenkins');
  });

  test('Argo CD never prunes or deletes them, nor their claim templates', () => {
    for (const o of data) {
      for (const annotations of [
        o.metadata.annotations,
        ...(o.kind === 'StatefulSet' ? o.spec.volumeClaimTemplates : []).map((v: Obj) => v.metadata.annotations),
      ]) {
        expect(annotations[ARGOCD_SYNC_OPTIONS].split(',')).toEqual(expect.arrayContaining(['Prune=false', 'Delete=false']));
        expect(annotations['keelson.io/holds-data']).toBe('true');
      }
    }
  });

  test('StatefulSets keep their claims when deleted or scaled down', () => {
    for (const o of data.filter((x) => x.kind === 'StatefulSet'))
      expect(o.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('the Pulumi program protects exactly the objects that hold data from destroy (protect, retainOnDelete)', () => {
    for (const o of objects) {
      const result = protectData({ custom: true, type: pulumiType(o), name: o.metadata.name, props: o, opts: { dependsOn: [] } }) as { opts: Obj } | undefined;
      if (data.includes(o)) expect(result?.opts).toEqual({ dependsOn: [], protect: true, retainOnDelete: true });
      else expect(result).toBeUndefined();
    }
  });
});

test('in every environment, what holds data carries the marker and nothing else does', () => {
  for (const r of renderedEnvironments()) {
    const objects = r.charts.flatMap((c) => [...c.objects] as Obj[]);
    expect(objects.filter(holdsData)).toEqual(holdingData(objects));
  }
});

test('the transform leaves non-Kubernetes resources and unmarked objects alone', () => {
  expect(protectData({ custom: false, type: 'kubernetes:yaml/v2:ConfigGroup', name: 'ci', props: {}, opts: {} })).toBeUndefined();
  expect(
    protectData({
      custom: true,
      type: 'random:index:RandomPet',
      name: 'x',
      props: { metadata: { annotations: { 'keelson.io/holds-data': 'true' } } },
      opts: {},
    }),
  ).toBeUndefined();
});
