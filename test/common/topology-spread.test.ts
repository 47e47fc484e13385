import { topologySpread } from '../../constructs/common/workload';
import { containerOf, find } from '../support/harness';
import { objectsOf } from '../support/environments';

describe('topologySpread (workload kit)', () => {
  const selector = { 'app.kubernetes.io/instance': 'loki', 'app.kubernetes.io/component': 'read' };

  test('spreads across nodes and zones, softly by default', () => {
    expect(topologySpread(selector)).toEqual([
      { topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
      { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
    ]);
  });

  test('can be a hard requirement', () => {
    expect(topologySpread(selector, 'DoNotSchedule').map((c) => c.whenUnsatisfiable)).toEqual(['DoNotSchedule', 'DoNotSchedule']);
  });

  test('the replicated prod Jenkins agents use it, selecting their own pods', () => {
    const d = find(objectsOf('prod', 'ci'), 'Deployment', 'jenkins-swarm-agent');
    expect(containerOf(d, 'swarm-agent')).toBeDefined();
    const constraints = d.spec.template.spec.topologySpreadConstraints;
    expect(constraints.map((c: any) => c.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    for (const c of constraints) expect(d.spec.template.metadata.labels).toMatchObject(c.labelSelector.matchLabels);
  });
});
