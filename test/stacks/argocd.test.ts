import { ArgoCdChart, chartHoldsData } from '../../charts/argocd';
import { syncWaves } from '../../charts/sync-waves';
import { KeelsonChart } from '../../charts/keelson-chart';
import { validateObject } from '../../cli/validation/schemas';
import { ENVIRONMENTS } from '../../stacks/environments';
import { layer } from '../../stacks/merge';
import { renderEnvironment } from '../../render/environment';
import { buildPlatform } from '../../stacks/platform';
import { objectsOf, renderedEnvironments } from '../support/environments';
import { App } from 'cdk8s';
import { Obj } from '../support/harness';

const appOfAppsEnvs = ENVIRONMENTS.filter((e) => e.delivery.argocd.appOfApps);

describe('Argo CD app-of-apps', () => {
  test('every namespaced environment has one, no namespace-agnostic one does', () => {
    expect(appOfAppsEnvs.map((e) => e.name)).toEqual(ENVIRONMENTS.filter((e) => e.scope === 'namespaced').map((e) => e.name));
  });

  describe.each(appOfAppsEnvs.map((e) => [e.name, e] as const))('%s', (name, env) => {
    const platform = buildPlatform(env);
    const apps = objectsOf(name, 'argocd').filter((o) => o.kind === 'Application');
    const [root] = objectsOf(name, 'bootstrap');

    test('one Application per chart, each pointing at its chart folder at the configured repo and revision', () => {
      expect(apps.map((a) => a.spec.source.path).sort()).toEqual(platform.charts.map((c) => `manifests/${name}/${c.node.id}`).sort());
      for (const a of apps) {
        expect(a.metadata.namespace).toBe('argocd');
        expect(a.spec.source).toMatchObject({ repoURL: env.delivery.repoURL, targetRevision: env.delivery.revision });
        expect(a.spec.source.directory).toBeUndefined();
        expect(a.spec.destination.server).toBe(env.delivery.argocd.server);
      }
    });

    test('each Application deploys to its chart namespace, in sync waves that follow chart dependencies', () => {
      const waves = syncWaves(platform.charts);
      for (const chart of platform.charts) {
        const a = apps.find((x) => x.spec.source.path.endsWith(`/${chart.node.id}`))!;
        // A chart without a namespace (operators) holds only Applications, in Argo CD's namespace.
        expect(a.spec.destination.namespace).toBe(chart.targetNamespace ?? env.delivery.argocd.namespace);
        expect(a.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(String(waves.get(chart)));
        for (const dep of chart.node.dependencies) expect(waves.get(chart)!).toBeGreaterThan(waves.get(dep as KeelsonChart)!);
      }
    });

    test('automated sync with self-heal and prune (data objects protect themselves); cascading deletion only for charts that hold no data', () => {
      for (const chart of platform.charts) {
        const a = apps.find((x) => x.spec.source.path.endsWith(`/${chart.node.id}`))!;
        const data = chartHoldsData(chart);
        expect(a.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
        expect(a.metadata.finalizers).toEqual(data ? undefined : ['resources-finalizer.argocd.argoproj.io']);
      }
      // the ci chart keeps JENKINS_HOME: never cascade-deleted with its Application
      const ci = apps.find((a) => a.metadata.name === `keelson-${name}-ci`)!;
      expect(ci.metadata.finalizers).toBeUndefined();
    });

    test('data volumes carry Prune=false,Delete=false in the synced manifests', () => {
      const sts = objectsOf(name, 'ci').find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'jenkins')!;
      expect(sts.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
      expect(sts.spec.volumeClaimTemplates[0].metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    });

    test('the root Application syncs the argocd folder and prunes Applications of removed charts', () => {
      expect(root.kind).toBe('Application');
      expect(root.metadata).toMatchObject({ name: `keelson-${name}`, namespace: 'argocd' });
      expect(root.spec.source).toMatchObject({ repoURL: env.delivery.repoURL, targetRevision: env.delivery.revision, path: `manifests/${name}/argocd` });
      expect(root.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    });

    // Argo CD v3.6.1 util/argo/argo.go NormalizeApplicationSpec, which the application controller
    // applies to every Application it reconciles and patches back into the live spec
    // (controller/appcontroller.go normalizeApplication): an empty project becomes "default",
    // a zero syncPolicy and zero helm/kustomize/directory blocks (directory: not recursive, no
    // jsonnet, no include/exclude) are removed. A committed Application that is not already in
    // that form differs from the live one after every reconcile, so the Application syncing it
    // (the root, the operators chart) never stays Synced: the e2e's real controller found
    // `directory: { recurse: false }` flapping this way.
    test('every Application is already in the form Argo CD normalizes it to', () => {
      const zeroDirectory = (d: Record<string, unknown>) => !d.recurse && !d.jsonnet && !d.exclude && !d.include && !d.disableExtensionFilter;
      const zeroHelm = (h: Record<string, unknown>) =>
        Object.values(h).every((v) => v === undefined || v === '' || v === false || (Array.isArray(v) && !v.length));
      for (const a of [...apps, root, ...objectsOf(name, 'operators'), ...objectsOf(name, 'registry')].filter((o) => o.kind === 'Application')) {
        const where = `${a.metadata.name}`;
        expect([where, a.spec.project]).not.toEqual([where, '']);
        expect([where, a.spec.project]).not.toEqual([where, undefined]);
        for (const s of [a.spec.source, ...(a.spec.sources ?? [])].filter(Boolean)) {
          if (s.directory) expect([where, zeroDirectory(s.directory)]).toEqual([where, false]);
          if (s.helm) expect([where, zeroHelm(s.helm)]).toEqual([where, false]);
          expect([where, s.kustomize]).toEqual([where, undefined]);
        }
        if (a.spec.syncPolicy) expect([where, Object.keys(a.spec.syncPolicy).length > 0]).toEqual([where, true]);
      }
    });

    // gitops-engine v3.6.1 pkg/sync/sync_context.go (Sync): in a sync with several waves a
    // resource whose health is Degraded fails its task, and the operation stops before the next
    // wave. An ApplicationSet whose generator errors (no forge token, forge unreachable) is
    // Degraded (resource_customizations/argoproj.io/ApplicationSet/health.lua, ErrorOccurred):
    // at wave 0 it kept the e2e's root sync from ever creating the wave 1 and 2 Applications.
    test('an ApplicationSet syncs after every Application of the root, so a failing generator holds none back', () => {
      const wave = (o: Obj) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
      const latest = Math.max(...apps.map(wave));
      for (const set of objectsOf(name, 'argocd').filter((o) => o.kind === 'ApplicationSet')) expect(wave(set)).toBeGreaterThan(latest);
    });

    test('everything is strictly valid against the vendored Argo CD CRDs', () => {
      for (const o of [...objectsOf(name, 'argocd'), root]) expect(validateObject(o as never)).toEqual([]);
    });
  });

  // The ApplicationSet deploys the preview environment's folder, whatever the registry names it.
  test('the previews deploy the manifests of the environment named to the chart', () => {
    const app = new App();
    const host = ENVIRONMENTS.find((e) => e.delivery.previews.kind !== 'none')!;
    const set = new ArgoCdChart(app, 'argocd', { env: 'x', delivery: host.delivery, charts: [], previewEnvironment: 'review' })
      .toJson()
      .find((o) => o.kind === 'ApplicationSet') as any;
    expect(set.spec.template.spec.source.path).toBe('manifests/review');
    expect(() => new ArgoCdChart(new App(), 'argocd', { env: 'x', delivery: host.delivery, charts: [] })).toThrow(
      "argocd 'argocd': previewEnvironment must name the environment whose manifests the previews deploy (delivery.previews.kind is 'github'); got nothing",
    );
  });

  test('dev hosts the PR previews: an ApplicationSet with the pull-request generator over manifests/preview', () => {
    const [set] = objectsOf('dev', 'argocd').filter((o) => o.kind === 'ApplicationSet');
    expect(set.spec.generators[0].pullRequest.github).toEqual({
      owner: 'example',
      repo: 'keelson',
      labels: ['preview'],
      tokenRef: { secretName: 'github-token', key: 'token' },
    });
    expect(set.spec.template.spec.source).toEqual({
      repoURL: 'https://github.com/example/keelson.git',
      targetRevision: '{{.head_sha}}',
      path: 'manifests/preview',
      directory: { recurse: true },
    });
    expect(set.spec.template.spec.destination.namespace).toBe('keelson-pr-{{.number}}');
    expect(validateObject(set as never)).toEqual([]);
    expect(objectsOf('prod', 'argocd').filter((o) => o.kind === 'ApplicationSet')).toEqual([]);
  });

  test('sync waves: a chart comes one wave after the deepest chart it depends on', () => {
    const app = new App();
    const a = new KeelsonChart(app, 'operators', { namespace: 'x-operators' });
    const b = new KeelsonChart(app, 'messaging', { namespace: 'x-messaging' });
    const c = new KeelsonChart(app, 'logging', { namespace: 'x-logging' });
    b.addDependency(a);
    c.addDependency(a, b);
    const waves = syncWaves([a, b, c]);
    expect([waves.get(a), waves.get(b), waves.get(c)]).toEqual([0, 1, 2]);
    const apps = new ArgoCdChart(app, 'argocd', {
      env: 'x',
      delivery: { ...ENVIRONMENTS[0].delivery, previews: { kind: 'none' } },
      charts: [a, b, c],
    }).toJson();
    expect(
      apps
        .filter((o) => o.kind === 'Application')
        .map((o) => [o.metadata.name, (o.metadata as any).annotations['argocd.argoproj.io/sync-wave'], (o as any).spec.syncPolicy.automated.prune]),
    ).toEqual([
      ['keelson-x-operators', '0', true],
      ['keelson-x-messaging', '1', true],
      ['keelson-x-logging', '2', true],
    ]);
  });

  test('committed manifests of every app-of-apps environment include argocd/ and bootstrap/', () => {
    const names = appOfAppsEnvs.map((e) => e.name);
    for (const r of renderedEnvironments().filter((e) => names.includes(e.env))) {
      expect(r.charts.map((c) => c.name).slice(-2)).toEqual(['argocd', 'bootstrap']);
    }
  });

  // Argo CD reconciles Applications only in the namespace it runs in (its control-plane namespace)
  // unless `application.namespaces` opts others in (Argo CD v3 docs, "Applications in any
  // namespace"): an Application left in `argocd` when Argo CD runs in `gitops` is never synced.
  test('delivery.argocd.namespace and server move every Application, the upstream releases’ included', () => {
    const host = ENVIRONMENTS.find((e) => e.delivery.argocd.appOfApps && e.operators.installClusterAddons)!;
    const moved = layer(host, { delivery: { argocd: { namespace: 'gitops', server: 'https://gitops.example.com:6443' } } });
    const apps = renderEnvironment(moved)
      .charts.flatMap((c) => c.objects)
      .filter((o) => o.kind === 'Application') as any[];
    const releases = apps.filter((a) => a.metadata.labels?.['keelson.io/upstream-release'] !== undefined);
    expect(releases.map((a) => a.metadata.name)).toEqual(
      expect.arrayContaining([expect.stringContaining('strimzi'), expect.stringContaining('metrics-server')]),
    );
    expect([...new Set(apps.map((a) => a.metadata.namespace))]).toEqual(['gitops']);
    expect([...new Set(apps.map((a) => a.spec.destination.server))]).toEqual(['https://gitops.example.com:6443']);
  });
});
