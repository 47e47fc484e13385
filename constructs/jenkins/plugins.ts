import { Checks } from '../common/errors';
import { ImageRef } from '../common/images';

/** A Jenkins plugin pinned to a version from the Jenkins update center. */
export interface JenkinsPlugin {
  /** Plugin short name, e.g. `configuration-as-code`. */
  readonly id: string;
  readonly version: string;
}

/**
 * Where the controller's plugins come from:
 * - `install`: the pinned list is downloaded by `jenkins-plugin-cli` in an init container at
 *   every start, so the running set is exactly the declared set (nothing drifts in JENKINS_HOME);
 * - `baked`: a custom image already contains the plugins (air-gapped clusters, faster starts).
 */
export type PluginSource = { readonly kind: 'install'; readonly plugins: readonly JenkinsPlugin[] } | { readonly kind: 'baked'; readonly image: ImageRef };

/**
 * The plugins this platform's Jenkins needs, pinned. Transitive dependencies are resolved by
 * jenkins-plugin-cli against the controller's war at install time.
 */
export const DEFAULT_PLUGINS: readonly JenkinsPlugin[] = [
  { id: 'configuration-as-code', version: '2121.v86fe99d4b_b_a_b_' },
  { id: 'credentials', version: '1511.v2e3cb_0008ef0' },
  { id: 'credentials-binding', version: '728.v902a_273b_8947' },
  { id: 'git', version: '5.10.1' },
  { id: 'job-dsl', version: '3732.v9a_c49a_61a_313' },
  { id: 'kubernetes', version: '4557.ve746270f672f' },
  { id: 'matrix-auth', version: '3.3' },
  { id: 'plain-credentials', version: '199.v9f8e1f741799' },
  { id: 'swarm', version: '3.51' },
  { id: 'workflow-aggregator', version: '608.v67378e9d3db_1' },
];

/** Plugins keelson's own configuration relies on. */
export const REQUIRED_PLUGINS = {
  casc: 'configuration-as-code',
  kubernetesCloud: 'kubernetes',
  swarm: 'swarm',
  matrix: 'matrix-auth',
} as const;

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** Validates a plugin list: well-formed, pinned, no duplicates, and containing `required`. */
export function checkPlugins(checks: Checks, field: string, plugins: readonly JenkinsPlugin[], required: readonly string[]): void {
  checks.nonEmpty(field, plugins);
  const seen = new Set<string>();
  plugins.forEach((p, i) => {
    checks.that(typeof p.id === 'string' && ID_PATTERN.test(p.id), `${field}[${i}].id`, p.id, 'must be a plugin short name such as "git"');
    checks.that(
      typeof p.version === 'string' && VERSION_PATTERN.test(p.version) && p.version !== 'latest' && p.version !== 'experimental',
      `${field}[${i}].version`,
      p.version,
      'must pin a released version (not "latest" or "experimental")',
    );
    checks.that(!seen.has(p.id), `${field}[${i}].id`, p.id, 'must not be listed twice');
    seen.add(p.id);
  });
  for (const id of required) {
    checks.that(
      seen.has(id),
      field,
      plugins.map((p) => p.id),
      `must include the "${id}" plugin, which this configuration uses`,
    );
  }
}

/** The plugins.txt format read by jenkins-plugin-cli: one `id:version` per line, sorted. */
export function renderPluginsTxt(plugins: readonly JenkinsPlugin[]): string {
  return [...plugins]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((p) => `${p.id}:${p.version}\n`)
    .join('');
}
