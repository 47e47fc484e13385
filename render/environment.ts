import { ApiObject } from 'cdk8s';
import { checkEverySecretMapped } from '../charts/external-secrets';
import { Checks, ConfigError } from '../constructs/common/errors';
import { emitYaml } from '../constructs/common/render/yaml-emitter';
import { isClusterScoped } from '../constructs/common/kinds';
import { KeelsonChart, ManifestObject } from '../charts/keelson-chart';
import { buildDelivery } from '../stacks/delivery';
import { buildPlatform, Platform } from '../stacks/platform';
import { EnvironmentConfig } from '../stacks/types';
import { Flow, flowsIn } from '../constructs/common/wiring';
import { releasesIn, UPSTREAM_RELEASE_LABEL, UpstreamReleaseSpec } from '../constructs/upstream/upstream-release';
import { requiredSecrets, SecretRequirement } from '../constructs/common/secrets';
import { deployerNamespaceLabels, namespacesOf, RenderedNamespace } from './namespaces';

/** One chart's rendered objects: what the YAML writer and the overview pages read. */
export interface ChartObjects {
  readonly name: string;
  readonly namespace?: string;
  readonly objects: readonly ManifestObject[];
}

/** One chart, rendered once for every output. */
export interface RenderedChart extends ChartObjects {
  /**
   * 'platform': one of the environment's charts (deployed by every path). 'delivery': its Argo
   * CD Applications (`argocd/`, `bootstrap/`), which only the Argo CD path syncs.
   */
  readonly role: 'platform' | 'delivery';
  /** Names of the charts this one depends on (deployed before it). */
  readonly dependsOn: readonly string[];
  /** The collision-checked key of each object (`<group>/<kind>/<namespace>/<name>`), index for index. */
  readonly keys: readonly string[];
  /** Secrets the chart's objects read (created from stack config, an operator or out of band). */
  readonly secrets: readonly SecretRequirement[];
  /** Upstream Helm releases the chart records. */
  readonly releases: readonly UpstreamReleaseSpec[];
  /**
   * Keys of the objects rendering those releases for Argo CD (Applications with a Helm source):
   * a deployer that installs the releases itself leaves these out.
   */
  readonly releaseApplications: readonly string[];
}

/** What readers of objects and files need (the YAML writer, the overview pages, validation). */
export interface RenderedObjects {
  readonly env: string;
  readonly charts: readonly ChartObjects[];
  /** Output files, keyed by path relative to the manifests root (`<env>/<chart>/<kind>-<name>.yaml`). */
  readonly files: ReadonlyMap<string, string>;
  /** The configuration it was built from. */
  readonly config: EnvironmentConfig;
  /** Connections the charts recorded (`recordFlow`), in construction order. */
  readonly flows: readonly Flow[];
  /** Upstream Helm releases the charts recorded (`recordRelease`). */
  readonly releases: readonly UpstreamReleaseSpec[];
}

/** One environment, fully rendered in memory: every output reads this and re-derives nothing. */
export interface RenderedEnvironment extends RenderedObjects {
  /** Platform charts in dependency order, then the delivery charts. */
  readonly charts: readonly RenderedChart[];
  /** Every namespace the environment needs, with its labels: the charts' own and the releases'. */
  readonly namespaces: readonly RenderedNamespace[];
  /**
   * Labels of the namespace a deployer picks for namespace-agnostic output (a PR preview's):
   * the same whether Argo CD's ApplicationSet or `pulumi up -s pr-<n>` creates it.
   * @default undefined (namespaced: the charts create their namespaces)
   */
  readonly deployerNamespaceLabels?: Readonly<Record<string, string>>;
  /** Every Secret the environment's objects read (Argo CD's included), merged by name, sorted. */
  readonly secrets: readonly SecretRequirement[];
  /** The Argo CD root Application (`bootstrap/`), when the environment has an app-of-apps. */
  readonly rootApplication?: ManifestObject;
}

/** File name of one object inside its chart folder: stable, readable, unique per kind and name. */
export function fileNameOf(o: ManifestObject): string {
  return `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`;
}

/** Deterministic YAML for one object (keys are already sorted by cdk8s). */
export function toYaml(o: ManifestObject): string {
  return emitYaml(o);
}

function objectKey(o: ManifestObject, chartNamespace: string | undefined): string {
  const ns = isClusterScoped(o.apiVersion, o.kind) ? '' : (o.metadata.namespace ?? chartNamespace ?? '');
  return `${o.apiVersion.split('/').slice(0, -1).join('/')}/${o.kind}/${ns}/${o.metadata.name}`;
}

/** Two constructs produce the same object (kind, namespace and name); the message names both paths. */
export class CollisionError extends ConfigError {}

/** Builds one environment's construct tree; tests substitute their own to inject bad trees. */
export type PlatformBuilder = (env: EnvironmentConfig) => Platform;

/** Construct paths of every API object in a chart, keyed like `objectKey`. */
function constructPaths(chart: KeelsonChart): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  for (const c of chart.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const o = c as ApiObject;
    const key = objectKey({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name } } as ManifestObject, chart.targetNamespace);
    paths.set(key, [...(paths.get(key) ?? []), c.node.path]);
  }
  return paths;
}

/**
 * Builds, validates and renders one environment in memory. Throws a ConfigError (naming
 * environment, component, field and value) on bad input; writes nothing.
 */
export function renderEnvironment(env: EnvironmentConfig): RenderedEnvironment {
  return renderEnvironmentWith(env, buildPlatform);
}

/** Turns one object into its file's YAML: `toYaml`, or a `YamlCache`'s emit when many environments share objects. */
export type ObjectEmitter = (o: ManifestObject) => string;

/** Like renderEnvironment, with the construct tree built by `build` and the files emitted by `emit`. */
export function renderEnvironmentWith(env: EnvironmentConfig, build: PlatformBuilder, emit: ObjectEmitter = toYaml): RenderedEnvironment {
  const platform = build(env);
  // Whatever built the tree, an environment on the operator gets every Secret it requires.
  if (platform.env.secrets?.kind === 'externalSecrets') checkEverySecretMapped(new Checks(platform.app, 'external-secrets'), platform.charts);
  const delivery = buildDelivery(platform);
  checkCollisions(env, [...platform.charts, ...delivery.charts]);
  const charts = renderCharts(platform.charts, delivery.charts);
  const platformCharts = charts.filter((c) => c.role === 'platform');
  const root = delivery.root && charts.find((c) => c.name === delivery.root!.node.id)?.objects[0];
  const deployer = deployerNamespaceLabels(platform.env);
  return withLazyFiles(env.name, charts, emit, {
    env: env.name,
    charts,
    config: platform.env,
    flows: flowsIn(platform.app),
    releases: releasesIn(platform.app),
    namespaces: namespacesOf(platformCharts),
    ...(deployer ? { deployerNamespaceLabels: deployer } : {}),
    secrets: requiredSecrets(platform.app),
    ...(root ? { rootApplication: root } : {}),
  });
}

/**
 * Adds `files`, emitted on first read: the Pulumi program, report and graph read objects, not
 * files. A function of its own, so that the getter keeps only the charts alive, not the construct tree.
 */
function withLazyFiles<T extends object>(env: string, charts: readonly RenderedChart[], emit: ObjectEmitter, target: T): T & Pick<RenderedObjects, 'files'> {
  let files: Map<string, string> | undefined;
  return Object.defineProperty(target, 'files', {
    enumerable: true,
    get: () => (files ??= filesOf(env, charts, emit)),
  }) as T & Pick<RenderedObjects, 'files'>;
}

/** Output files of one environment's charts, keyed by path relative to the manifests root. */
function filesOf(env: string, charts: readonly RenderedChart[], emit: ObjectEmitter): Map<string, string> {
  const files = new Map<string, string>();
  for (const chart of charts) for (const o of chart.objects) files.set(`${env}/${chart.name}/${fileNameOf(o)}`, emit(o));
  return files;
}

/** Refuses two constructs producing the same object (kind, namespace and name), naming both paths. */
function checkCollisions(env: EnvironmentConfig, all: readonly KeelsonChart[]): void {
  const seen = new Map<string, string>();
  for (const chart of all) {
    for (const [key, list] of constructPaths(chart)) {
      const owners = [...(seen.has(key) ? [seen.get(key)!] : []), ...list];
      if (owners.length > 1) {
        throw new CollisionError({
          environment: env.name,
          component: 'chart',
          path: chart.node.path,
          field: 'objects',
          value: key,
          expected: `must be unique by kind, namespace and name, but ${owners.join(' and ')} both produce it`,
        });
      }
      seen.set(key, list[0]);
    }
  }
}

/**
 * Renders the charts of one App (the platform's in dependency order, then the delivery charts)
 * with what each records: keys, Secrets, releases and the Applications that render them.
 */
export function renderCharts(platform: readonly KeelsonChart[], delivery: readonly KeelsonChart[] = []): RenderedChart[] {
  const all = [...platform, ...delivery];
  // One cdk8s dependency and validation pass for the whole App, not one per chart.
  const rendered = KeelsonChart.renderAll(all);
  return all.map((chart, i) => {
    const objects = rendered[i];
    const keys = objects.map((o) => objectKey(o, chart.targetNamespace));
    const releases = releasesIn(chart);
    const named = new Set(releases.map((r) => r.name));
    return {
      name: chart.node.id,
      namespace: chart.targetNamespace,
      objects,
      role: i < platform.length ? 'platform' : 'delivery',
      dependsOn: chart.node.dependencies.map((d) => d.node.id),
      keys,
      secrets: requiredSecrets(chart),
      releases,
      releaseApplications: keys.filter((_, j) => {
        const label = (objects[j].metadata as { labels?: Record<string, string> }).labels?.[UPSTREAM_RELEASE_LABEL];
        return label !== undefined && named.has(label);
      }),
    };
  });
}

/**
 * Environments rendered together each own `<root>/<name>/`: a name given twice would be written
 * twice (and the second folder swap fails half-way), so it is refused before anything is built.
 */
export function checkUniqueNames(envs: readonly EnvironmentConfig[]): void {
  envs.forEach((e, i) => {
    const first = envs.findIndex((o) => o.name === e.name);
    if (first === i) return;
    throw new ConfigError({
      component: 'stacks',
      path: 'environments',
      field: `environments[${i}].name`,
      value: e.name,
      expected: `must be unique among the environments rendered together (environments[${first}] has it; each owns the folder of its name)`,
    });
  });
}

/**
 * Renders several environments; the first error stops everything (nothing is written). `emit`
 * writes each object's YAML: a caller rendering many environments that share most objects (a
 * job previewing many pull requests) passes a `YamlCache`'s emit, so each shared object is
 * emitted once; the default emits every object, which is cheaper when they all differ.
 */
export function renderEnvironments(
  envs: readonly EnvironmentConfig[],
  build: PlatformBuilder = buildPlatform,
  emit: ObjectEmitter = toYaml,
): RenderedEnvironment[] {
  checkUniqueNames(envs);
  return envs.map((e) => renderEnvironmentWith(e, build, emit));
}
