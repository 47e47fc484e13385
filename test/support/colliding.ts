import { k8s } from '../../constructs/k8s';
import { buildPlatform } from '../../stacks/platform';
import type { EnvironmentConfig } from '../../stacks/types';

/**
 * A platform builder that adds a second ConfigMap named like the Jenkins controller's JCasC one
 * (construct id `id` in the ci chart): two constructs producing one object, which every output
 * must refuse before writing or creating anything.
 */
export function collidingPlatform(id: string) {
  return (env: EnvironmentConfig) => {
    const p = buildPlatform(env);
    const ci = p.charts.find((c) => c.node.id === 'ci');
    if (!ci) throw new Error('the platform has no ci chart');
    new k8s.KubeConfigMap(ci, id, { metadata: { name: 'jenkins-casc' } });
    return p;
  };
}
