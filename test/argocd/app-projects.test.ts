import { App } from 'cdk8s';
import { ArgoCdChart, addonsProject, environmentProject, PREVIEW_PROJECT } from '../../charts/argocd';
import { KeelsonChart } from '../../charts/keelson-chart';
import { CHART_CLUSTER_KINDS } from '../../constructs/common/helm-charts';
import { apiGroupOf, isClusterScoped } from '../../constructs/common/kinds';
import { k8s } from '../../constructs/k8s';
import { ENVIRONMENTS } from '../../stacks/environments';
import { Obj } from '../support/harness';
import { objectsOf, renderedEnvironments } from '../support/environments';

/**
 * What Argo CD permits an Application of a project, after argo-cd v3
 * pkg/apis/application/v1alpha1/app_project_types.go: `IsSourcePermitted` (sourceRepos globs),
 * `IsDestinationPermitted` (server and namespace globs), `IsGroupKindNamePermitted` (a
 * cluster-scoped object needs a clusterResourceWhitelist entry matching group, kind and, when
 * given, name; an empty whitelist permits nothing; a namespaced one passes when
 * namespaceResourceWhitelist is unset or matches). Globs are Go filepath.Match patterns.
 */
const glob = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  ).test(value);

class Project {
  constructor(private readonly o: Obj) {}
  get name(): string {
    return this.o.metadata.name;
  }
  sourcePermitted(repo: string): boolean {
    return (this.o.spec.sourceRepos as string[]).some((p) => glob(p, repo));
  }
  destinationPermitted(server: string, namespace: string): boolean {
    return (this.o.spec.destinations as Obj[]).some((d) => glob(d.server, server) && glob(d.namespace, namespace));
  }
  kindPermitted(group: string, kind: string, name: string, namespaced: boolean): boolean {
    if (namespaced) {
      const white = this.o.spec.namespaceResourceWhitelist as Obj[] | undefined;
      return white === undefined || white.some((r) => glob(r.group, group) && glob(r.kind, kind));
    }
    const white = (this.o.spec.clusterResourceWhitelist ?? []) as Obj[];
    return white.some((r) => glob(r.group, group) && glob(r.kind, kind) && (r.name === undefined || glob(r.name, name)));
  }
  /** Why Argo CD would refuse to sync `o` for an Application deploying to `server`/`namespace`, or undefined. */
  refusal(o: Obj, server: string, namespace: string | undefined): string | undefined {
    const namespaced = !isClusterScoped(o.apiVersion, o.kind);
    const id = `${o.kind}/${o.metadata.name}`;
    if (!this.kindPermitted(apiGroupOf(o.apiVersion), o.kind, o.metadata.name, namespaced)) return `${id}: kind not permitted in ${this.name}`;
    const ns = o.metadata.namespace ?? namespace;
    if (namespaced && !this.destinationPermitted(server, ns ?? '')) return `${id}: namespace ${ns} not permitted in ${this.name}`;
    return undefined;
  }
}

const appOfAppsEnvs = ENVIRONMENTS.filter((e) => e.delivery.argocd.appOfApps);
const projectsOf = (env: string): Map<string, Project> =>
  new Map(
    objectsOf(env, 'argocd')
      .filter((o) => o.kind === 'AppProject')
      .map((o) => [o.metadata.name, new Project(o)]),
  );

describe.each(appOfAppsEnvs.map((e) => [e.name, e] as const))('AppProjects of %s', (name, env) => {
  const projects = projectsOf(name);
  const rendered = renderedEnvironments().find((r) => r.env === name)!;
  const chartApps = objectsOf(name, 'argocd').filter((o) => o.kind === 'Application');
  const upstreamApps = rendered.charts.flatMap((c) => [...c.objects] as Obj[]).filter((o) => o.kind === 'Application' && o.spec.source.chart);
  const server = env.delivery.argocd.server;

  test('no Application is left in the unrestricted default project', () => {
    expect([...chartApps, ...upstreamApps].filter((a) => !projects.has(a.spec.project)).map((a) => a.metadata.name)).toEqual([]);
    expect(new Set(chartApps.map((a) => a.spec.project))).toEqual(new Set([environmentProject(name)]));
    expect(new Set(upstreamApps.map((a) => a.spec.project))).toEqual(new Set([addonsProject(name)]));
    // The projects exist before the Applications that use them.
    for (const p of objectsOf(name, 'argocd').filter((o) => o.kind === 'AppProject'))
      expect(Number(p.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeLessThan(0);
  });

  test('every object each chart Application syncs is permitted by its project', () => {
    for (const app of chartApps) {
      const project = projects.get(app.spec.project)!;
      const chart = rendered.charts.find((c) => app.spec.source.path === `manifests/${name}/${c.name}`)!;
      expect(project.sourcePermitted(app.spec.source.repoURL)).toBe(true);
      expect(project.destinationPermitted(server, app.spec.destination.namespace)).toBe(true);
      expect(([...chart.objects] as Obj[]).map((o) => project.refusal(o, server, app.spec.destination.namespace)).filter(Boolean)).toEqual([]);
    }
  });

  test("every upstream release may fetch its chart, create its namespace and the cluster kinds its chart creates, and nothing else's", () => {
    for (const app of upstreamApps) {
      const project = projects.get(app.spec.project)!;
      const ns = app.spec.destination.namespace;
      expect(project.sourcePermitted(app.spec.source.repoURL)).toBe(true);
      expect(project.destinationPermitted(server, ns)).toBe(true);
      // CreateNamespace=true: argo-cd controller/sync.go adds the Namespace to the sync tasks,
      // and the project's permission check covers it like any other object.
      expect(project.kindPermitted('', 'Namespace', ns, false)).toBe(true);
      for (const k of CHART_CLUSTER_KINDS[app.spec.source.chart]) expect(project.kindPermitted(k.group, k.kind, 'any', false)).toBe(true);
    }
    const addons = projects.get(addonsProject(name))!;
    expect(addons.sourcePermitted(env.delivery.repoURL)).toBe(false);
    expect(addons.kindPermitted('', 'Namespace', `${name}-ci`, false)).toBe(false);
  });

  test('the chart project permits only what the charts render: named cluster objects, its own namespaces', () => {
    const project = projects.get(environmentProject(name))!;
    expect(project.kindPermitted('rbac.authorization.k8s.io', 'ClusterRoleBinding', 'cluster-admin-for-everyone', false)).toBe(false);
    expect(project.kindPermitted('apiextensions.k8s.io', 'CustomResourceDefinition', 'kafkas.kafka.strimzi.io', false)).toBe(false);
    expect(project.kindPermitted('', 'Namespace', 'kube-system', false)).toBe(false);
    expect(project.destinationPermitted(server, 'kube-system')).toBe(false);
    expect(project.destinationPermitted(server, 'default')).toBe(false);
    expect(project.sourcePermitted('https://github.com/someone-else/keelson.git')).toBe(false);
    for (const w of objectsOf(name, 'argocd').find((o) => o.metadata.name === environmentProject(name))!.spec.clusterResourceWhitelist)
      expect(w.name).toBeDefined();
  });
});

describe('the PR preview project', () => {
  const host = appOfAppsEnvs.find((e) => e.delivery.previews.kind !== 'none')!;
  const project = projectsOf(host.name).get(PREVIEW_PROJECT)!;
  const appSet = objectsOf(host.name, 'argocd').find((o) => o.kind === 'ApplicationSet')!;
  const template = appSet.spec.template.spec;
  const server = host.delivery.argocd.server;

  test('the previews ApplicationSet uses it, not default', () => {
    expect(template.project).toBe(PREVIEW_PROJECT);
  });

  test("a preview may deploy this repository's preview manifests into its own namespace", () => {
    expect(project.sourcePermitted(template.source.repoURL)).toBe(true);
    expect(project.destinationPermitted(server, 'keelson-pr-42')).toBe(true);
    // CreateNamespace=true creates keelson-pr-<n> through the project's permission check.
    expect(project.kindPermitted('', 'Namespace', 'keelson-pr-42', false)).toBe(true);
    const previewObjects = objectsOf('preview');
    expect(previewObjects.length).toBeGreaterThan(0);
    expect(previewObjects.map((o) => project.refusal(o, server, 'keelson-pr-42')).filter(Boolean)).toEqual([]);
  });

  test('whatever a pull request adds, it cannot leave its namespace, reach the cluster or use another repository', () => {
    const clusterRoleBinding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'pwn' } };
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x.example.com' } };
    const otherNamespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod-ci' } };
    const intoProd = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', namespace: 'prod-ci' } };
    for (const o of [clusterRoleBinding, crd, otherNamespace, intoProd]) expect(project.refusal(o, server, 'keelson-pr-42')).toBeDefined();
    expect(project.destinationPermitted(server, 'argocd')).toBe(false);
    expect(project.sourcePermitted('https://github.com/attacker/fork.git')).toBe(false);
  });
});

test('the chart project follows the rendered objects: a new cluster-scoped object is permitted by name, and only it', () => {
  const env = appOfAppsEnvs[0];
  const app = new App();
  const extra = new KeelsonChart(app, 'extra', { namespace: 'dev-extra' });
  new k8s.KubeClusterRole(extra, 'role', { metadata: { name: 'dev-extra-reader' } });
  const apps = new ArgoCdChart(app, 'argocd', { env: 'dev', delivery: { ...env.delivery, previews: { kind: 'none' } }, charts: [extra] });
  const project = new Project(apps.toJson().find((o) => o.kind === 'AppProject' && o.metadata.name === 'keelson-dev')!);
  expect(project.kindPermitted('rbac.authorization.k8s.io', 'ClusterRole', 'dev-extra-reader', false)).toBe(true);
  expect(project.kindPermitted('rbac.authorization.k8s.io', 'ClusterRole', 'dev-extra-writer', false)).toBe(false);
  expect(project.destinationPermitted(env.delivery.argocd.server, 'dev-extra')).toBe(true);
});
