import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { recommendedLabels } from '../common/labels';
import { isAbsoluteHttpsUrl } from '../common/urls';
import { ARGOCD_API_VERSION, ARGOCD_VERSION, SYNC_WAVE_ANNOTATION } from './application';

/** A kind of object, optionally one object by name (Go filepath.Match glob, e.g. `keelson-pr-*`). */
export interface ResourceRef {
  /** API group, '' for the core group. */
  readonly group: string;
  readonly kind: string;
  /** @default undefined (every object of the kind) */
  readonly name?: string;
}

/** Where the project's Applications may deploy: a cluster and a namespace (glob). */
export interface ProjectDestination {
  readonly server: string;
  readonly namespace: string;
}

export interface ArgoCdAppProjectProps {
  /** AppProject name, referenced by `spec.project` of its Applications. */
  readonly name: string;
  /** Namespace Argo CD reads AppProjects from. */
  readonly namespace: string;
  /** What the project is for, shown by Argo CD. */
  readonly description: string;
  /** Repositories (Git or Helm) the project's Applications may take sources from. */
  readonly sourceRepos: readonly string[];
  readonly destinations: readonly ProjectDestination[];
  /** Cluster-scoped objects the Applications may create; nothing else cluster-scoped. */
  readonly clusterResources: readonly ResourceRef[];
  /**
   * Namespaced kinds the Applications may create.
   * @default undefined (every namespaced kind, in the permitted namespaces)
   */
  readonly namespacedResources?: readonly ResourceRef[];
  /** Before the Applications that use it. @default -1 */
  readonly syncWave?: number;
  /** The environment the project belongs to (the `instance` label). */
  readonly instance: string;
}

const NAMESPACE_GLOB = /^[a-z0-9*?-]{1,63}$/;

/**
 * An Argo CD AppProject: the repositories, destinations and cluster-scoped kinds its Applications
 * are allowed. Argo CD refuses to sync any object outside them (argo-cd AppProject,
 * `IsGroupKindNamePermitted`, `IsDestinationPermitted`).
 */
export class ArgoCdAppProject extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: ArgoCdAppProjectProps) {
    super(scope, id);
    const syncWave = props.syncWave ?? -1;

    const checks: Checks = new Checks(this, 'argocd-app-project');
    checks.dnsSubdomain('name', props.name);
    checks.dnsLabel('namespace', props.namespace);
    checks.that(props.sourceRepos.length > 0, 'sourceRepos', props.sourceRepos, 'must name at least one repository');
    for (const repo of props.sourceRepos)
      checks.that(/^(https:\/\/|ssh:\/\/|git@|oci:\/\/)\S+$/.test(repo), 'sourceRepos', repo, 'must be repository URLs, never a wildcard');
    checks.that(props.destinations.length > 0, 'destinations', props.destinations, 'must name at least one destination');
    for (const d of props.destinations) {
      checks.that(isAbsoluteHttpsUrl(d.server), 'destinations.server', d.server, 'must be an https:// API server URL');
      checks.that(
        NAMESPACE_GLOB.test(d.namespace) && d.namespace !== '*',
        'destinations.namespace',
        d.namespace,
        'must be a namespace or a prefix glob, not every namespace',
      );
    }
    for (const r of props.clusterResources)
      checks.that(r.kind !== '*' && r.group !== '*', 'clusterResources', `${r.group}/${r.kind}`, 'must name a group and kind (no wildcard)');
    checks.integer('syncWave', syncWave, -100, 100);
    this.name = props.name;

    const ref = (r: ResourceRef) => ({ group: r.group, kind: r.kind, ...(r.name !== undefined ? { name: r.name } : {}) });
    new ApiObject(this, 'Resource', {
      apiVersion: ARGOCD_API_VERSION,
      kind: 'AppProject',
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: recommendedLabels({ name: 'argocd-appproject', instance: props.instance, component: 'delivery', version: ARGOCD_VERSION }),
        annotations: { [SYNC_WAVE_ANNOTATION]: String(syncWave) },
      },
      spec: {
        description: props.description,
        sourceRepos: [...props.sourceRepos],
        destinations: props.destinations.map((d) => ({ server: d.server, namespace: d.namespace })),
        clusterResourceWhitelist: props.clusterResources.map(ref),
        namespaceResourceWhitelist: props.namespacedResources?.map(ref),
      },
    });
  }
}
