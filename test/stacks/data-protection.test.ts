import { holdsDataByShape } from '../../cli/validation/policy/rules';
import { ARGOCD_SYNC_OPTIONS } from '../../constructs/common/storage';
import { holdsData } from '../../constructs/common/storage';
import { getEnvironment } from '../../stacks/environments';
import { planChart } from '../../stacks/pulumi/plan';
import { renderEnvironment } from '../../render';
import { Obj } from '../support/harness';
import { objectsOf, renderedEnvironments } from '../support/environments';

/** Objects that hold data, by shape (every PVC, StatefulSet with claim templates, Kafka storage on claims), whatever the component. */
const holdingData = (objects: Obj[]) => objects.filter(holdsDataByShape);

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

  test('the Pulumi plan deploys exactly the namespaced objects that hold data on their own (protected, retained on delete)', () => {
    for (const chart of renderEnvironment(getEnvironment('prod')).charts.filter((c) => c.role === 'platform')) {
      const plan = planChart(chart);
      const expected = ([...chart.objects] as Obj[]).filter((o) => holdsDataByShape(o) && !o.metadata.labels?.['keelson.io/upstream-release']);
      expect(plan.data.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(expected.map((o) => `${o.kind}/${o.metadata.name}`));
    }
  });
});

test('in every environment, what holds data carries the marker and nothing else does', () => {
  for (const r of renderedEnvironments()) {
    const objects = r.charts.flatMap((c) => [...c.objects] as Obj[]);
    expect(objects.filter(holdsData)).toEqual(holdingData(objects));
  }
});
