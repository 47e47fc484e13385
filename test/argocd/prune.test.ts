import { CHART_CLUSTER_KINDS } from '../../constructs/common/helm-charts';
import { ARGOCD_SYNC_OPTIONS, holdsData } from '../../constructs/common/storage';
import { ENVIRONMENTS } from '../../stacks/environments';
import { Obj } from '../support/harness';
import { objectsOf, renderedEnvironments } from '../support/environments';

/**
 * Argo CD's automated sync with `prune: true` deletes what Git no longer has, except objects whose
 * `argocd.argoproj.io/sync-options` include `Prune=false`; `Delete=false` keeps them when the
 * Application itself is deleted (argo-cd docs, user-guide/sync-options.md, "No Prune Resources",
 * "No Resource Deletion"). Deleting a Namespace deletes everything in it, volumes included.
 */
const syncOptions = (o: Obj): string[] => (o.metadata.annotations?.[ARGOCD_SYNC_OPTIONS] ?? '').split(',').filter(Boolean);
const kept = (o: Obj) => syncOptions(o).includes('Prune=false') && syncOptions(o).includes('Delete=false');

describe.each(ENVIRONMENTS.filter((e) => e.delivery.argocd.appOfApps).map((e) => [e.name] as const))('pruning in %s', (name) => {
  const rendered = renderedEnvironments().find((r) => r.env === name)!;

  test('every chart Application prunes what Git no longer has', () => {
    const apps = objectsOf(name, 'argocd').filter((o) => o.kind === 'Application');
    expect(apps.length).toBeGreaterThan(0);
    expect(apps.filter((a) => a.spec.syncPolicy.automated.prune !== true).map((a) => a.metadata.name)).toEqual([]);
  });

  test('what holds data, and the namespace around it, is never pruned nor deleted; nothing else is held back', () => {
    for (const chart of rendered.charts) {
      const objects = [...chart.objects] as Obj[];
      const data = objects.filter(holdsData);
      for (const o of data) expect(kept(o)).toBe(true);
      const ns = objects.find((o) => o.kind === 'Namespace');
      if (ns) expect(kept(ns)).toBe(data.length > 0);
      for (const o of objects.filter((x) => x.kind !== 'Namespace' && !holdsData(x))) expect(kept(o)).toBe(false);
    }
  });

  test('upstream releases prune too, except charts that install CRDs (pruning a CRD deletes every resource of its kind)', () => {
    const releases = rendered.charts.flatMap((c) => [...c.objects] as Obj[]).filter((o) => o.kind === 'Application' && o.spec.source.chart);
    for (const app of releases) {
      const installsCrds = CHART_CLUSTER_KINDS[app.spec.source.chart].some((k) => k.kind === 'CustomResourceDefinition');
      expect([app.spec.source.chart, app.spec.syncPolicy.automated.prune]).toEqual([app.spec.source.chart, !installsCrds]);
    }
    const harbor = releases.find((a) => a.spec.source.chart === 'harbor')!;
    // The chart's claims are data: they carry the same sync options through the chart's values.
    const claims = harbor.spec.source.helm.valuesObject.persistence.persistentVolumeClaim;
    for (const claim of Object.values(claims) as Obj[]) {
      const annotations = (claim.annotations ?? claim.jobLog?.annotations) as Record<string, string>;
      expect(annotations[ARGOCD_SYNC_OPTIONS]).toBe('Prune=false,Delete=false');
    }
  });
});
