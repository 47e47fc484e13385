import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseManifest } from '../../../cli/manifest-yaml';
import { fakeSecrets, Registered, runProgram } from '../../support/pulumi-program';
import { previewNamespace } from '../../../charts/argocd';
import { isClusterScoped } from '../../../constructs/common/kinds';
import { APPS_CHART, ROOT_CHART } from '../../../stacks/delivery';
import { ENVIRONMENTS } from '../../../stacks/environments';
import { isNamespaceAgnostic } from '../../../stacks/facts';

/**
 * One model, one render: the Pulumi program, run under Pulumi's mocks for every registered
 * environment, creates exactly the objects committed in manifests/<env>/ (what Argo CD syncs),
 * and installs the same upstream Helm releases the committed Applications name. Secrets are
 * aside (their values come from stack config and never enter Git); the Argo CD Applications of
 * `argocd/` are only synced by Argo CD, and `bootstrap/` is compared with delivery `argocd`.
 */

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [k: string]: any;
};

const MANIFESTS = path.join(__dirname, '..', '..', '..', 'manifests');
const UPSTREAM_RELEASE = 'keelson.io/upstream-release';
const PR = 1;

/** Every object of the committed YAML under manifests/<env>/<chart>/, chart by chart. */
function committed(env: string, charts?: readonly string[]): Obj[] {
  const dir = path.join(MANIFESTS, env);
  return fs
    .readdirSync(dir)
    .filter((c) => (charts ? charts.includes(c) : c !== APPS_CHART && c !== ROOT_CHART))
    .flatMap((c) => fs.readdirSync(path.join(dir, c)).map((f) => parseManifest(fs.readFileSync(path.join(dir, c, f), 'utf8')) as Obj));
}

/** What the program registers for a stack config, every Secret value given. */
async function run(stack: string, config: Record<string, string>): Promise<readonly Registered[]> {
  return (await runProgram(stack, { ...config, ...fakeSecrets() })).resources;
}

/** Plain JSON (undefined fields dropped), without what only Pulumi reads (`pulumi.com/*` annotations). */
function normalized(o: Obj): Obj {
  const plain = JSON.parse(JSON.stringify(o)) as Obj;
  const annotations = Object.entries(plain.metadata.annotations ?? {}).filter(([k]) => !k.startsWith('pulumi.com/'));
  if (annotations.length) plain.metadata.annotations = Object.fromEntries(annotations);
  else delete plain.metadata.annotations;
  return plain;
}

const keyOf = (o: Obj) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''} ${o.metadata.name}`;
const sorted = (objs: Obj[]) => [...objs].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));

/** The Kubernetes objects the program deploys (ConfigGroups' objects and the objects managed one by one), Secrets aside. */
function deployedObjects(resources: readonly Registered[]): Obj[] {
  return resources.flatMap((r) => {
    if (r.type === 'kubernetes:yaml/v2:ConfigGroup') return r.props.objs as Obj[];
    if (r.type === 'kubernetes:helm.sh/v4:Chart' || r.type === 'kubernetes:core/v1:Secret') return [];
    // Namespaces the program creates beyond the model (a preview's, the releases'): compared below.
    if (r.name === 'preview-namespace' || r.name.startsWith('release-namespace-')) return [];
    return [r.props as Obj];
  });
}

/**
 * The Helm install an Argo CD Application with a Helm source stands for. Helm takes an OCI chart
 * as one reference, `helm install <release> oci://<registry>/<path>/<chart> --version <v>`, and a
 * repository chart as a name with `--repo <url>` (Helm 3.8+ docs, "Use OCI-based registries";
 * `helm install --help`); Argo CD's Helm source names the same parts as repoURL, chart and
 * targetRevision, and `helm.valuesObject` is the values file (Argo CD docs, "Helm").
 */
function helmInstallOf(app: Obj): Record<string, unknown> {
  const { repoURL, chart, targetRevision, helm } = app.spec.source;
  const oci = (repoURL as string).startsWith('oci://');
  return {
    name: helm.releaseName,
    namespace: app.spec.destination.namespace,
    chart: oci ? `${(repoURL as string).replace(/\/$/, '')}/${chart}` : chart,
    version: targetRevision,
    ...(oci ? {} : { repositoryOpts: { repo: repoURL } }),
    values: helm.valuesObject ?? {},
  };
}

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('pulumi up -s %s creates the committed objects', (name, env) => {
  const agnostic = isNamespaceAgnostic(env);
  const stack = agnostic ? `pr-${PR}` : name;
  let resources: readonly Registered[];
  beforeAll(async () => {
    // Direct delivery: as the stack config says it, only when it is not the environment's own mode.
    const direct: Record<string, string> = env.delivery.mode === 'direct' ? {} : { 'keelson:delivery': 'direct' };
    const pr: Record<string, string> = agnostic ? { 'keelson:pr': String(PR) } : {};
    resources = await run(stack, { 'keelson:environment': name, ...direct, ...pr });
  });

  const files = committed(name);
  const releaseApps = files.filter((o) => o.kind === 'Application' && o.metadata.labels?.[UPSTREAM_RELEASE] !== undefined);

  test('every committed object, body for body (a preview lands in its stack namespace), Secrets aside', () => {
    // A preview's manifests name no namespace: the program puts every namespaced object in the
    // stack's, as Argo CD's ApplicationSet does with its destination namespace.
    const expected = files
      .filter((o) => !releaseApps.includes(o))
      .map((o) => (agnostic && !isClusterScoped(o.apiVersion, o.kind) ? { ...o, metadata: { ...o.metadata, namespace: previewNamespace(PR) } } : o));
    expect(files.some((o) => o.kind === 'Secret')).toBe(false);
    expect(sorted(deployedObjects(resources).map(normalized))).toEqual(sorted(expected));
  });

  test('the same upstream Helm releases as the committed Applications: chart, version and values', () => {
    const installs = resources.filter((r) => r.type === 'kubernetes:helm.sh/v4:Chart').map((r) => JSON.parse(JSON.stringify(r.props)));
    const byName = (a: Record<string, unknown>, b: Record<string, unknown>) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`);
    expect(installs.sort(byName)).toEqual(releaseApps.map(helmInstallOf).sort(byName));
  });

  test('namespaces no chart renders carry the labels Argo CD gives them', () => {
    // Argo CD's CreateNamespace=true applies managedNamespaceMetadata to the namespace it creates
    // (Argo CD docs, "Sync Options": Namespace Auto-Creation); the program creates (or, for a
    // system namespace, patches) the same namespace, so it must carry at least those labels.
    const created = new Map(
      resources.filter((r) => r.name.startsWith('release-namespace-')).map((r) => [r.props.metadata.name as string, r.props.metadata.labels]),
    );
    for (const app of releaseApps) {
      const labels = app.spec.syncPolicy.managedNamespaceMetadata?.labels;
      if (labels) expect(created.get(app.spec.destination.namespace)).toMatchObject(labels);
    }
    if (!agnostic) return;
    // A preview's namespace: what the hosting environment's ApplicationSet creates it with, and the pull request.
    const sets = ENVIRONMENTS.flatMap((e) => (isNamespaceAgnostic(e) ? [] : committed(e.name, [APPS_CHART]))).filter((o) => o.kind === 'ApplicationSet');
    expect(sets.length).toBeGreaterThan(0);
    const ns = resources.find((r) => r.name === 'preview-namespace')!.props.metadata;
    expect(ns.name).toBe(previewNamespace(PR));
    for (const set of sets) {
      expect(ns.labels).toEqual({ ...set.spec.template.spec.syncPolicy.managedNamespaceMetadata.labels, 'keelson.io/pull-request': String(PR) });
    }
  });
});

const withAppOfApps = ENVIRONMENTS.filter((e) => e.delivery.argocd.appOfApps);
describe.each(withAppOfApps.map((e) => e.name))('pulumi up -s %s with delivery argocd', (name) => {
  test('installs the committed root Application (bootstrap/)', async () => {
    const resources = await run(name, { 'keelson:environment': name, 'keelson:delivery': 'argocd' });
    const root = resources.filter((r) => r.name === 'argocd-root-application').map((r) => normalized(r.props as Obj));
    expect(root).toEqual(committed(name, [ROOT_CHART]));
  });
});
