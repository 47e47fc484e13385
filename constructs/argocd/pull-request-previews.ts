import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { OWNER_LABELS, RESTRICTED_POD_SECURITY, recommendedLabels } from '../common/labels';
import { SecretKeyRef } from '../common/secrets';
import { isAbsoluteHttpsUrl } from '../common/urls';
import { ARGOCD_API_VERSION, ARGOCD_VERSION, checkGitSource, RESOURCES_FINALIZER, SYNC_WAVE_ANNOTATION } from './application';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

/** A source control service listing open pull (merge) requests. */
export type PullRequestProvider =
  | {
      readonly kind: 'github';
      /** Organization or user owning the repository. */
      readonly owner: string;
      readonly repo: string;
      /** @default undefined (api.github.com; set for GitHub Enterprise) */
      readonly api?: string;
      /** Token Secret in the Argo CD namespace. @default undefined (anonymous API access, rate-limited) */
      readonly tokenRef?: SecretKeyRef;
      /** Only pull requests carrying all these labels get a preview. @default [] (every open pull request) */
      readonly labels?: readonly string[];
    }
  | {
      readonly kind: 'gitlab';
      /** Project ID or full path, e.g. `platform/keelson`. */
      readonly project: string;
      /** @default undefined (gitlab.com) */
      readonly api?: string;
      /** Token Secret in the Argo CD namespace. @default undefined (anonymous API access) */
      readonly tokenRef?: SecretKeyRef;
      /** @default [] (every open merge request) */
      readonly labels?: readonly string[];
    };

export interface PullRequestPreviewsProps {
  /** ApplicationSet name; generated Applications are `<name>-<number>`. */
  readonly name: string;
  /** Namespace Argo CD watches for ApplicationSets. */
  readonly namespace: string;
  /** @default 'default' */
  readonly project?: string;
  readonly provider: PullRequestProvider;
  /** The repository and folder of namespace-agnostic preview manifests; each PR's head commit is deployed. */
  readonly source: { readonly repoURL: string; readonly path: string };
  /** API server the previews deploy to. */
  readonly server: string;
  /** Each preview goes to namespace `<namespacePrefix>-<number>`. */
  readonly namespacePrefix: string;
  /** How often the provider is polled for pull requests. @default 300 (seconds) */
  readonly requeueAfterSeconds?: number;
  /** The environment hosting the previews (the `instance` label). */
  readonly instance: string;
  /**
   * Sync wave of the ApplicationSet in the Application that syncs it. While its generator fails
   * (no token, forge unreachable) Argo CD reports it Degraded, and a Degraded object fails its
   * wave: an app-of-apps should put it after everything else it syncs.
   * @default 0 (Argo CD's default wave)
   */
  readonly syncWave?: number;
}

const DEFAULTS = { project: 'default', requeueAfterSeconds: 300, syncWave: 0 } as const;

/** The marker on every preview namespace: a secret store or policy engine selects previews by it. */
export const PREVIEW_NAMESPACE_SELECTOR = { 'keelson.io/preview': 'true' } as const;

/** The pull request a preview's Application (and, deployed by Pulumi, its namespace) belongs to. */
export const PULL_REQUEST_LABEL = 'keelson.io/pull-request';

/**
 * Labels of the namespaces Argo CD creates for previews: those of chart namespaces (the restricted
 * Pod Security Standard) and the preview marker, which lets a secret operator or policy engine
 * supply the Secrets a preview needs (Secrets never come from Git).
 */
export const PREVIEW_NAMESPACE_LABELS = { ...OWNER_LABELS, ...PREVIEW_NAMESPACE_SELECTOR, ...RESTRICTED_POD_SECURITY };

function renderProvider(p: PullRequestProvider): Record<string, unknown> {
  const tokenRef = p.tokenRef ? { secretName: p.tokenRef.name, key: p.tokenRef.key } : undefined;
  const labels = p.labels?.length ? [...p.labels] : undefined;
  switch (p.kind) {
    case 'github':
      return { github: { owner: p.owner, repo: p.repo, api: p.api, tokenRef, labels } };
    case 'gitlab':
      return { gitlab: { project: p.project, api: p.api, tokenRef, labels, pullRequestState: 'opened' } };
  }
}

/**
 * An ApplicationSet with the pull-request generator: every open pull request gets its own
 * Application deploying the preview manifests at the PR's head commit into its own namespace.
 * Closing the PR deletes the Application and, through the finalizer, everything it created.
 */
export class PullRequestPreviews extends Construct {
  constructor(scope: Construct, id: string, props: PullRequestPreviewsProps) {
    super(scope, id);
    const project = props.project ?? DEFAULTS.project;
    const requeueAfterSeconds = props.requeueAfterSeconds ?? DEFAULTS.requeueAfterSeconds;
    const syncWave = props.syncWave ?? DEFAULTS.syncWave;

    const checks: Checks = new Checks(this, 'pull-request-previews');
    checks.knownFields(props, PROP_SHAPES.PullRequestPreviewsProps);
    checks.dnsLabel('name', props.name, 40);
    checks.dnsLabel('namespace', props.namespace);
    checks.dnsLabel('namespacePrefix', props.namespacePrefix, 40);
    checkGitSource(checks, 'source', { ...props.source, revision: 'head' });
    checks.integer('requeueAfterSeconds', requeueAfterSeconds, 30, 86400);
    checks.integer('syncWave', syncWave, -100, 100);
    const p = props.provider;
    checks.that(p?.kind === 'github' || p?.kind === 'gitlab', 'provider.kind', p?.kind, "must be 'github' or 'gitlab'");
    if (p.kind === 'github') {
      checks.that(/^[A-Za-z0-9-]+$/.test(p.owner ?? ''), 'provider.owner', p.owner, 'must be a GitHub organization or user name');
      checks.that(/^[A-Za-z0-9._-]+$/.test(p.repo ?? ''), 'provider.repo', p.repo, 'must be a GitHub repository name');
    } else {
      checks.that(/^[A-Za-z0-9._/-]+$/.test(p.project ?? ''), 'provider.project', p.project, 'must be a GitLab project ID or path');
    }
    if (p.api !== undefined) checks.that(isAbsoluteHttpsUrl(p.api), 'provider.api', p.api, 'must be an https:// URL');

    const labels = recommendedLabels({ name: 'argocd-applicationset', instance: props.instance, component: 'preview', version: ARGOCD_VERSION });
    const namespace = `${props.namespacePrefix}-{{.number}}`;
    new ApiObject(this, 'Resource', {
      apiVersion: ARGOCD_API_VERSION,
      kind: 'ApplicationSet',
      metadata: { name: props.name, namespace: props.namespace, labels, annotations: { [SYNC_WAVE_ANNOTATION]: String(syncWave) } },
      spec: {
        goTemplate: true,
        // A typo in a template parameter fails the generator instead of rendering "<no value>".
        goTemplateOptions: ['missingkey=error'],
        generators: [{ pullRequest: { ...renderProvider(p), requeueAfterSeconds } }],
        template: {
          metadata: {
            name: `${props.name}-{{.number}}`,
            labels: { ...labels, 'app.kubernetes.io/component': 'preview', [PULL_REQUEST_LABEL]: '{{.number}}' },
            finalizers: [RESOURCES_FINALIZER],
          },
          spec: {
            project,
            source: { repoURL: props.source.repoURL, targetRevision: '{{.head_sha}}', path: props.source.path, directory: { recurse: true } },
            destination: { server: props.server, namespace },
            syncPolicy: {
              automated: { prune: true, selfHeal: true },
              syncOptions: ['CreateNamespace=true'],
              managedNamespaceMetadata: { labels: { ...PREVIEW_NAMESPACE_LABELS } },
            },
          },
        },
      },
    });
  }
}
