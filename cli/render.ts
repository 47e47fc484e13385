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
import { releasesIn, UpstreamReleaseSpec } from '../constructs/upstream/upstream-release';

/** One chart's rendered objects. */
export interface RenderedChart {
  readonly name: string;
  readonly namespace?: string;
  readonly objects: readonly ManifestObject[];
}

/** One environment, fully rendered in memory. */
export interface RenderedEnvironment {
  readonly env: string;
  readonly charts: readonly RenderedChart[];
  /** Output files, keyed by path relative to the manifests root (`<env>/<chart>/<kind>-<name>.yaml`). */
  readonly files: ReadonlyMap<string, string>;
  /** The configuration it was built from. */
  readonly config: EnvironmentConfig;
  /** Connections the charts recorded (`recordFlow`), in construction order. */
  readonly flows: readonly Flow[];
  /** Upstream Helm releases the charts recorded (`recordRelease`). */
  readonly releases: readonly UpstreamReleaseSpec[];
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

/** Like renderEnvironment, with the construct tree built by `build`. */
export function renderEnvironmentWith(env: EnvironmentConfig, build: PlatformBuilder): RenderedEnvironment {
  const platform = build(env);
  // Whatever built the tree, an environment on the operator gets every Secret it requires.
  if (env.secrets?.kind === 'externalSecrets') checkEverySecretMapped(new Checks(platform.app, 'external-secrets'), platform.charts);
  const delivery = buildDelivery(platform);
  const seen = new Map<string, string>();
  const files = new Map<string, string>();
  const charts: RenderedChart[] = [];
  const all = [...platform.charts, ...delivery.charts];
  for (const chart of all) {
    const paths = constructPaths(chart);
    for (const [key, list] of paths) {
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
  // One cdk8s dependency and validation pass for the whole App, not one per chart.
  const rendered = KeelsonChart.renderAll(all);
  for (const [i, chart] of all.entries()) {
    const objects = rendered[i];
    for (const o of objects) files.set(`${env.name}/${chart.node.id}/${fileNameOf(o)}`, toYaml(o));
    charts.push({ name: chart.node.id, namespace: chart.targetNamespace, objects });
  }
  return { env: env.name, charts, files, config: env, flows: flowsIn(platform.app), releases: releasesIn(platform.app) };
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

/** Renders several environments; the first error stops everything (nothing is written). */
export function renderEnvironments(envs: readonly EnvironmentConfig[], build: PlatformBuilder = buildPlatform): RenderedEnvironment[] {
  checkUniqueNames(envs);
  return envs.map((e) => renderEnvironmentWith(e, build));
}
