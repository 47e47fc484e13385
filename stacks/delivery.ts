import { ArgoCdChart, ArgoCdRootChart } from '../charts/argocd';
import { KeelsonChart } from '../charts/keelson-chart';
import { checkGitSource } from '../constructs/argocd/application';
import { Checks } from '../constructs/common/errors';
import { ENVIRONMENTS } from './environments';
import { isNamespaceAgnostic, previewEnvironmentOf } from './facts';
import { EnvironmentConfig } from './types';
import { Platform, withRequiredFields } from './platform';

/** The Argo CD charts of one environment (none for a namespace-agnostic one such as preview). */
export interface Delivery {
  /** The app-of-apps children: `manifests/<env>/argocd/`. */
  readonly apps?: ArgoCdChart;
  /** The root Application: `manifests/<env>/bootstrap/`. */
  readonly root?: ArgoCdRootChart;
  /** Every delivery chart, for rendering. */
  readonly charts: readonly KeelsonChart[];
}

export const APPS_CHART = 'argocd';
export const ROOT_CHART = 'bootstrap';

/**
 * Adds the Argo CD app-of-apps for the platform's charts to its App. Call it after every
 * chart exists; it covers whatever charts `buildPlatform` created.
 */
export function buildDelivery(platform: Platform, others: readonly EnvironmentConfig[] = ENVIRONMENTS): Delivery {
  return withRequiredFields(platform.env, () => buildCheckedDelivery(platform, others));
}

function buildCheckedDelivery(platform: Platform, others: readonly EnvironmentConfig[]): Delivery {
  const { env, app } = platform;
  const d = env.delivery;
  const checks: Checks = new Checks(app, 'delivery');
  checks.that(d.mode === 'direct' || d.mode === 'argocd', 'delivery.mode', d.mode, "must be 'direct' or 'argocd'");
  checkGitSource(checks, 'delivery', { repoURL: d.repoURL, revision: d.revision, path: 'manifests' });
  checks.that(['none', 'github', 'gitlab'].includes(d.previews?.kind), 'delivery.previews.kind', d.previews?.kind, "must be 'none', 'github' or 'gitlab'");
  const taken = platform.charts.map((c) => c.node.id).filter((id) => id === APPS_CHART || id === ROOT_CHART);
  checks.that(taken.length === 0, 'charts', taken, `must not use the names '${APPS_CHART}' and '${ROOT_CHART}' (they hold the Argo CD Applications)`);
  if (!d.argocd.appOfApps) {
    // Applications name namespaces; namespace-agnostic output cannot carry them.
    checks.that(
      d.mode === 'direct',
      'delivery.mode',
      d.mode,
      "must be 'direct' when delivery.argocd.appOfApps is false (there is no root Application to install)",
    );
    return { charts: [] };
  }
  checks.that(
    !isNamespaceAgnostic(env),
    'delivery.argocd.appOfApps',
    true,
    'must be false for a namespace-agnostic environment (Applications need a destination namespace)',
  );
  // PR previews deploy the preview environment's manifests, whatever the registry names it.
  const preview = d.previews.kind === 'none' ? undefined : previewEnvironmentOf(others);
  checks.that(
    d.previews.kind === 'none' || preview !== undefined,
    'delivery.previews.kind',
    d.previews.kind,
    "must be 'none' when no environment in stacks/environments.ts has tier 'preview' and scope 'namespace-agnostic' (previews deploy its manifests)",
  );
  const apps = new ArgoCdChart(app, APPS_CHART, { env: env.name, delivery: d, charts: platform.charts, previewEnvironment: preview?.name });
  const root = new ArgoCdRootChart(app, ROOT_CHART, { env: env.name, delivery: d, appsChart: APPS_CHART });
  return { apps, root, charts: [apps, root] };
}
