import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { recommendedLabels } from '../common/labels';
import { isAbsoluteHttpsUrl } from '../common/urls';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

/** The Argo CD release whose Application/ApplicationSet API these constructs target. */
export const ARGOCD_VERSION = 'v3.6.1';
export const ARGOCD_API_VERSION = 'argoproj.io/v1alpha1';
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
/** Deleting an Application with this finalizer deletes the objects it manages. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** A folder of plain manifests in a Git repository. */
export interface GitDirectorySource {
  /** https or ssh URL of the repository. */
  readonly repoURL: string;
  /** Branch, tag or commit. */
  readonly revision: string;
  /** Folder inside the repository, relative, e.g. `manifests/prod/ci`. */
  readonly path: string;
  /** Read sub-folders too. @default false (a chart folder is flat) */
  readonly recurse?: boolean;
}

export interface ArgoCdApplicationProps {
  /** Application name, unique in the Argo CD namespace. */
  readonly name: string;
  /** Namespace Argo CD watches for Applications. */
  readonly namespace: string;
  /** @default 'default' */
  readonly project?: string;
  readonly source: GitDirectorySource;
  readonly destination: {
    /** API server URL. */
    readonly server: string;
    /** Namespace for objects without one. @default undefined (objects name their own) */
    readonly namespace?: string;
  };
  /** Order among sibling Applications of an app-of-apps (lower first). @default 0 */
  readonly syncWave?: number;
  /**
   * Automated sync deletes objects removed from Git. Objects that hold data carry
   * `Prune=false,Delete=false` and are never pruned either way.
   * @default false (pruning is a reviewed, manual step)
   */
  readonly prune?: boolean;
  /** Automated sync reverts changes made in the cluster. @default true (Git is the source of truth) */
  readonly selfHeal?: boolean;
  /**
   * Deleting the Application deletes its objects. Off for anything holding data: deleting
   * the namespace would take its volumes with it.
   * @default false
   */
  readonly cascadeDelete?: boolean;
  /** Extra `syncOptions`. @default [] */
  readonly syncOptions?: readonly string[];
  /** The environment the Application belongs to (the `instance` label). */
  readonly instance: string;
}

const DEFAULTS = { project: 'default', syncWave: 0, prune: false, selfHeal: true, cascadeDelete: false, recurse: false } as const;

/** Checks a Git source: a real URL, a revision, a relative folder. */
export function checkGitSource(checks: Checks, field: string, s: { repoURL: string; revision: string; path: string }): void {
  checks.that(
    typeof s.repoURL === 'string' && /^(https:\/\/|ssh:\/\/|git@)[^\s]+$/.test(s.repoURL),
    `${field}.repoURL`,
    s.repoURL,
    'must be an https://, ssh:// or git@ repository URL',
  );
  checks.that(typeof s.revision === 'string' && /^[^\s]+$/.test(s.revision), `${field}.revision`, s.revision, 'must be a branch, tag or commit (no spaces)');
  const segments = typeof s.path === 'string' ? s.path.split('/') : [];
  checks.that(
    segments.length > 0 && segments.every((p) => p !== '' && p !== '.' && p !== '..'),
    `${field}.path`,
    s.path,
    "must be a relative folder without '.', '..' or empty segments",
  );
}

/** An Argo CD Application syncing one folder of plain manifests, with automated sync. */
export class ArgoCdApplication extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    super(scope, id);
    const project = props.project ?? DEFAULTS.project;
    const syncWave = props.syncWave ?? DEFAULTS.syncWave;
    const prune = props.prune ?? DEFAULTS.prune;
    const selfHeal = props.selfHeal ?? DEFAULTS.selfHeal;
    const cascadeDelete = props.cascadeDelete ?? DEFAULTS.cascadeDelete;
    const recurse = props.source.recurse ?? DEFAULTS.recurse;

    const checks: Checks = new Checks(this, 'argocd-application');
    checks.knownFields(props, PROP_SHAPES.ArgoCdApplicationProps);
    checks.dnsSubdomain('name', props.name);
    checks.dnsLabel('namespace', props.namespace);
    checks.dnsSubdomain('project', project);
    checkGitSource(checks, 'source', props.source);
    checks.that(isAbsoluteHttpsUrl(props.destination.server), 'destination.server', props.destination.server, 'must be an https:// API server URL');
    if (props.destination.namespace !== undefined) checks.dnsLabel('destination.namespace', props.destination.namespace);
    checks.integer('syncWave', syncWave, -100, 100);
    this.name = props.name;

    new ApiObject(this, 'Resource', {
      apiVersion: ARGOCD_API_VERSION,
      kind: 'Application',
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: recommendedLabels({ name: 'argocd-application', instance: props.instance, component: 'delivery', version: ARGOCD_VERSION }),
        annotations: { [SYNC_WAVE_ANNOTATION]: String(syncWave) },
        finalizers: cascadeDelete ? [RESOURCES_FINALIZER] : undefined,
      },
      spec: {
        project,
        source: {
          repoURL: props.source.repoURL,
          targetRevision: props.source.revision,
          path: props.source.path,
          // Argo CD normalizes a directory source equal to its default (not recursive) away and
          // patches the live spec: rendered, it would be drift for the Application syncing this one.
          directory: recurse ? { recurse } : undefined,
        },
        destination: { server: props.destination.server, namespace: props.destination.namespace },
        syncPolicy: {
          automated: { prune, selfHeal },
          syncOptions: props.syncOptions?.length ? [...props.syncOptions] : undefined,
          // A failed sync (e.g. a CRD not yet established) is retried with backoff.
          retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
        },
      },
    });
  }
}
