import { App } from 'cdk8s';
import { CiChart } from '../charts/ci';
import { KeelsonChart } from '../charts/keelson-chart';
import { Checks, ENVIRONMENT_CONTEXT } from '../constructs/common/errors';
import { EnvironmentConfig } from './types';

/** One environment's construct tree: the App and its charts in deployment order. */
export interface Platform {
  readonly env: EnvironmentConfig;
  readonly app: App;
  /** Charts in dependency order (a chart comes after those it depends on). */
  readonly charts: readonly KeelsonChart[];
}

/** Validates what belongs to the environment itself (not to any component). */
function checkEnvironment(app: App, env: EnvironmentConfig): void {
  const checks = new Checks(app, 'environment');
  checks.dnsLabel('name', env.name, 20);
  if (env.namespacePrefix !== undefined) checks.dnsLabel('namespacePrefix', env.namespacePrefix, 30);
  checks.dnsSubdomain('domain', env.domain);
  if (env.storageClass !== undefined) checks.dnsSubdomain('storageClass', env.storageClass);
  checks.integer('overview.nodes', env.overview?.nodes, 1, 10_000);
}

/**
 * Builds every chart of one environment. All validation happens here, while constructs are
 * created, so a bad value fails before anything is rendered or written.
 */
export function buildPlatform(env: EnvironmentConfig, outdir = 'cdk8s.out'): Platform {
  const app = new App({ outdir });
  app.node.setContext(ENVIRONMENT_CONTEXT, env.name);
  checkEnvironment(app, env);
  const ns = (chart: string) => (env.namespacePrefix === undefined ? undefined : `${env.namespacePrefix}-${chart}`);

  const ci = new CiChart(app, 'ci', { namespace: ns('ci'), settings: env.ci, domain: env.domain, storageClass: env.storageClass });
  return { env, app, charts: [ci] };
}
