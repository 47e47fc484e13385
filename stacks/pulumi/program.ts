/**
 * The Pulumi program: builds the same cdk8s App as `keelson synth` for the environment the
 * stack's config selects and deploys it, or (delivery `argocd`) installs only the Secrets and
 * the Argo CD root Application and lets Argo CD sync the committed manifests.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as configRuntime from '@pulumi/pulumi/runtime/config';
import { previewNamespace } from '../../charts/argocd';
import { ManifestObject } from '../../charts/keelson-chart';
import { ConfigError } from '../../constructs/common/errors';
import { getEnvironment } from '../environments';
import { buildPlatform } from '../platform';
import { EnvironmentConfig } from '../types';
import { UpstreamReleaseSpec } from '../../constructs/upstream/upstream-release';
import { PULL_REQUEST_LABEL } from '../../constructs/argocd/pull-request-previews';
import { OWNER_LABELS } from '../../constructs/common/labels';
import { isNamespaceAgnostic } from '../facts';
import { PlatformBuilder, RenderedEnvironment, renderEnvironmentWith } from '../../render';
import { ChartPlan, endpointsOf, helmChartArgs, planChart, secretConfigKey } from './plan';
import { secretTypeOf, secretValueProblem, valueRuleOf } from '../../constructs/common/secrets';

export const CONFIG_NAMESPACE = 'keelson';

/** What a stack's config selects. */
export interface StackSettings {
  readonly env: EnvironmentConfig;
  /** Pull request number of a preview stack (`pr-<n>`). */
  readonly pr?: number;
  readonly delivery: 'direct' | 'argocd';
  /** Mark data-holding resources `protect` (they are always `retainOnDelete`). */
  readonly protectData: boolean;
  /**
   * `install`: the upstream Helm releases are installed from their chart repositories.
   * `skip`: they are installed out of band (an air-gapped cluster, the offline end-to-end
   * check); their namespaces are still created and everything else is deployed.
   */
  readonly releases: 'install' | 'skip';
}

/**
 * Reads and checks the stack config: `keelson:environment`, `keelson:pr`, `keelson:delivery`,
 * `keelson:protectData`, `keelson:releases`, `keelson:secrets`.
 */
export function readSettings(config: pulumi.Config): StackSettings {
  const env = getEnvironment(config.require('environment'));
  const pr = config.getNumber('pr');
  if (isNamespaceAgnostic(env)) {
    if (pr === undefined || !Number.isInteger(pr) || pr < 1) {
      throw new pulumi.RunError(
        `keelson: environment '${env.name}' is namespace-agnostic: set the pull request number, e.g. \`pulumi config set keelson:pr 42\`; got ${pr ?? 'nothing'}`,
      );
    }
  } else if (pr !== undefined) {
    throw new pulumi.RunError(`keelson: keelson:pr is only for preview stacks; environment '${env.name}' has its own namespaces`);
  }
  const delivery = config.get('delivery') ?? env.delivery.mode;
  if (delivery !== 'direct' && delivery !== 'argocd') throw new pulumi.RunError(`keelson: keelson:delivery must be 'direct' or 'argocd'; got "${delivery}"`);
  if (delivery === 'argocd' && !env.delivery.argocd.appOfApps) {
    throw new pulumi.RunError(
      `keelson: keelson:delivery 'argocd' needs an app-of-apps, which environment '${env.name}' does not have (delivery.argocd.appOfApps is false)`,
    );
  }
  const releases = config.get('releases') ?? 'install';
  if (releases !== 'install' && releases !== 'skip') throw new Error(`keelson: keelson:releases must be 'install' or 'skip'; got "${releases}"`);
  // A cluster without the environment's secret operator (one being bootstrapped, or the offline
  // end-to-end check, where the operator's chart cannot be fetched) takes the Secret values from
  // the stack config instead; nothing else of the environment changes.
  const secrets = config.get('secrets');
  if (secrets !== undefined && secrets !== 'pulumiConfig') {
    throw new Error(
      `keelson: keelson:secrets can only be 'pulumiConfig' (Secrets from encrypted stack config instead of the environment's backend); got "${secrets}"`,
    );
  }
  const model: EnvironmentConfig = secrets === 'pulumiConfig' ? { ...env, secrets: { kind: 'pulumiConfig' } } : env;
  return { env: model, pr, delivery, protectData: protectDataOf(config), releases };
}

function protectDataOf(config: pulumi.Config): boolean {
  const raw = config.get('protectData');
  if (raw === undefined) return true;
  if (raw !== 'true' && raw !== 'false') throw new Error(`keelson: keelson:protectData must be true or false; got "${raw}"`);
  return raw === 'true';
}

/** Pulumi's runtime knows which config values were set with --secret (not part of its typed API). */
function isConfigSecret(fullKey: string): boolean | undefined {
  return (configRuntime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret?.(fullKey);
}

/**
 * The value of every Secret key the constructs reference, from encrypted stack config. All
 * problems are reported at once, with the commands that fix them, before anything is created.
 */
export function secretValues(config: pulumi.Config, plans: readonly ChartPlan[]): Map<string, pulumi.Output<string>> {
  const values = new Map<string, pulumi.Output<string>>();
  const missing: string[] = [];
  const plaintext: string[] = [];
  const invalid: string[] = [];
  for (const p of plans) {
    for (const s of p.secrets) {
      for (const key of s.keys) {
        const configKey = secretConfigKey(s.name, key);
        const full = `${CONFIG_NAMESPACE}:${configKey}`;
        if (values.has(configKey)) continue;
        if (pulumi.runtime.getConfig(full) === undefined) missing.push(`  pulumi config set --secret ${full} <value>   # ${s.purpose}`);
        else if (isConfigSecret(full) === false) plaintext.push(`  pulumi config set --secret ${full} <value>   # currently plaintext in Pulumi.<stack>.yaml`);
        else {
          const rule = valueRuleOf(s, key);
          const problem = rule && secretValueProblem(rule, pulumi.runtime.getConfig(full)!);
          if (problem) invalid.push(`  ${full}: ${problem} (${rule!.reason})`);
          values.set(configKey, config.requireSecret(configKey));
        }
      }
    }
  }
  if (missing.length + plaintext.length + invalid.length > 0) {
    const parts = [
      ...(missing.length ? [`keelson: ${missing.length} Secret value(s) missing from the stack config; set them (encrypted) with:`, ...missing] : []),
      ...(plaintext.length ? [`keelson: ${plaintext.length} Secret value(s) are not encrypted; set them again with --secret:`, ...plaintext] : []),
      ...(invalid.length
        ? [`keelson: ${invalid.length} Secret value(s) would be refused by the program reading them; set them again with --secret:`, ...invalid]
        : []),
    ];
    throw new pulumi.RunError(parts.join('\n'));
  }
  return values;
}

/** A resource for one object that must be managed on its own (data holders, Secrets' namespaces). */
function singleObject(name: string, o: ManifestObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const args = o as never;
  if (o.apiVersion === 'apps/v1' && o.kind === 'StatefulSet') return new k8s.apps.v1.StatefulSet(name, args, opts);
  if (o.apiVersion === 'v1' && o.kind === 'PersistentVolumeClaim') return new k8s.core.v1.PersistentVolumeClaim(name, args, opts);
  if (o.apiVersion === 'v1' && o.kind === 'Namespace') return new k8s.core.v1.Namespace(name, args, opts);
  // Custom resources (e.g. a Kafka cluster) and any other kind go through the generic resource.
  return new k8s.apiextensions.CustomResource(name, args, opts);
}

export interface ProgramOutputs {
  readonly environment: string;
  readonly delivery: string;
  readonly namespaces: string[];
  readonly charts: string[];
  /** User-facing URLs and addresses known from the model, keyed `<chart>/<object>`. */
  readonly endpoints: Record<string, string>;
  /** Secrets created from stack config (names only), keyed by namespace. */
  readonly secrets: Record<string, string[]>;
  /** Argo CD root Application (delivery `argocd`). */
  readonly rootApplication?: string;
  /** Upstream releases left out (`keelson:releases skip`), as `<namespace>/<release>`. */
  readonly releasesNotApplied: string[];
}

/**
 * The program as Pulumi runs it. A configuration error (a missing Secret value, a bad stack
 * setting, an invalid environment) becomes a `RunError`: the Node.js SDK prints only its
 * message, where any other exception is reported as "Unhandled exception" with its stack
 * (@pulumi/pulumi 3.248: cmd/run/run.ts and automation/server.ts, `RunError.isInstance`).
 */
export function keelsonStack(config?: pulumi.Config, build?: PlatformBuilder): ProgramOutputs {
  try {
    return keelsonProgram(config, build);
  } catch (e) {
    if (!(e instanceof Error) || pulumi.RunError.isInstance(e as object)) throw e;
    throw new pulumi.RunError(e.message);
  }
}

/**
 * The stack outputs as Pulumi stores them: the entry point exports these, and the Automation
 * API runs the same function as an inline program. Undefined becomes null (Pulumi drops
 * undefined outputs with a warning).
 */
export function stackOutputs(config?: pulumi.Config, build?: PlatformBuilder): Record<string, unknown> {
  const outputs = keelsonStack(config, build);
  return { ...outputs, rootApplication: outputs.rootApplication ?? null };
}

/**
 * Runs the program for the stack's config; returns the stack outputs. `build` is the platform
 * builder (tests pass one with extra charts to exercise releases and chart ordering). The
 * environment is rendered by the render core, as for the committed YAML: the same objects,
 * collision check, Secrets, releases and namespace labels.
 */
export function keelsonProgram(config = new pulumi.Config(CONFIG_NAMESPACE), build: PlatformBuilder = buildPlatform): ProgramOutputs {
  let settings: StackSettings;
  let rendered: RenderedEnvironment;
  try {
    settings = readSettings(config);
    rendered = renderEnvironmentWith(settings.env, build);
  } catch (e) {
    // A configuration mistake ends the run with its message only (RunError: no stack trace, no program text).
    if (e instanceof ConfigError) throw new pulumi.RunError(`keelson: ${e.message}`);
    throw e;
  }
  const { env } = settings;
  const prNamespace = settings.pr === undefined ? undefined : previewNamespace(settings.pr);
  const charts = rendered.charts.filter((c) => c.role === 'platform');
  const plans = new Map<string, ChartPlan>(charts.map((c) => [c.name, planChart(c, prNamespace ?? c.namespace)]));
  // Only the `pulumiConfig` backend takes Secret values from the stack; the others create none.
  const fromConfig = rendered.config.secrets.kind === 'pulumiConfig';
  const values = fromConfig ? secretValues(config, [...plans.values()]) : new Map<string, pulumi.Output<string>>();

  // A preview's namespace is the stack's: the manifests name none.
  const previewNs = prNamespace
    ? new k8s.core.v1.Namespace('preview-namespace', {
        metadata: { name: prNamespace, labels: { ...rendered.deployerNamespaceLabels, [PULL_REQUEST_LABEL]: String(settings.pr) } },
      })
    : undefined;

  // A release's namespace that no chart creates is created for it, with the rendered labels.
  const releaseNamespace = new Map(rendered.namespaces.filter((n) => n.createdBy.kind === 'release').map((n) => [n.name, n]));
  const releaseNamespaces = new Map<string, pulumi.Resource>();
  const releasesNotApplied: string[] = [];

  const done = new Map<string, pulumi.Resource[]>();
  const secretsByNamespace: Record<string, string[]> = {};
  for (const chart of charts) {
    const plan = plans.get(chart.name)!;
    const id = plan.name;
    // Charts this one depends on are fully applied first (namespaces, CRDs, operators …).
    const upstream = [...(previewNs ? [previewNs] : []), ...chart.dependsOn.flatMap((d) => done.get(d) ?? [])];

    // Cluster-scoped objects. With Argo CD delivery only the namespaces, so Secrets have a home;
    // they are retained on delete because Argo CD manages the same Namespace objects.
    // Namespaces holding data are retained (and protected) like the data: deleting a Namespace
    // deletes every object in it, retained or not.
    const dataNamespaces = plan.dataNamespaces.map((o) =>
      singleObject(`${id}-namespace-${o.metadata.name}`, o, {
        dependsOn: upstream,
        retainOnDelete: true,
        protect: settings.delivery === 'direct' && settings.protectData,
      }),
    );
    const clusterObjects = settings.delivery === 'direct' ? plan.cluster : plan.cluster.filter((o) => o.kind === 'Namespace');
    const cluster =
      settings.delivery === 'direct'
        ? clusterObjects.length
          ? [new k8s.yaml.v2.ConfigGroup(`${id}-cluster`, { objs: clusterObjects }, { dependsOn: upstream })]
          : []
        : clusterObjects.map((o) => singleObject(`${id}-namespace-${o.metadata.name}`, o, { dependsOn: upstream, retainOnDelete: true }));
    const ready = [...upstream, ...dataNamespaces, ...cluster];

    const secrets = (fromConfig ? plan.secrets : []).map((s) => {
      const namespace = plan.namespace;
      if (namespace === undefined) throw new Error(`keelson: chart '${id}' of '${env.name}' has no namespace for Secret '${s.name}'`);
      (secretsByNamespace[namespace] ??= []).push(s.name);
      return new k8s.core.v1.Secret(
        `${id}-secret-${s.name}`,
        {
          metadata: {
            name: s.name,
            namespace,
            labels: { ...OWNER_LABELS },
            annotations: { 'keelson.io/purpose': s.purpose },
          },
          type: secretTypeOf(s),
          stringData: Object.fromEntries(s.keys.map((k) => [k, values.get(secretConfigKey(s.name, k))!])),
        },
        // The Secret resource marks `data` and `stringData` as secret outputs itself.
        { dependsOn: ready },
      );
    });
    if (settings.delivery === 'argocd') {
      done.set(chart.name, [...dataNamespaces, ...cluster, ...secrets]);
      continue;
    }
    // The operator writes the chart's Secrets; workloads and releases wait until each is Ready.
    const external = plan.externalSecrets.length
      ? [new k8s.yaml.v2.ConfigGroup(`${id}-external-secrets`, { objs: plan.externalSecrets }, { dependsOn: ready })]
      : [];

    // A release's namespace: Argo CD creates it (CreateNamespace with managedNamespaceMetadata);
    // here the program does, with the same labels (OpenELB's speaker needs `privileged`).
    const namespaceOf = (r: UpstreamReleaseSpec): pulumi.Resource[] => {
      const wanted = releaseNamespace.get(r.namespace);
      if (wanted === undefined) return [];
      let ns = releaseNamespaces.get(r.namespace);
      if (ns === undefined) {
        const metadata = { name: wanted.name, labels: { ...wanted.labels } };
        ns = wanted.existing
          ? new k8s.core.v1.NamespacePatch(`release-namespace-${r.namespace}`, { metadata }, { dependsOn: upstream })
          : new k8s.core.v1.Namespace(`release-namespace-${r.namespace}`, { metadata }, { dependsOn: upstream });
        releaseNamespaces.set(r.namespace, ns);
      }
      return [ns];
    };
    // Upstream charts read the chart's Secrets at install (Harbor's existingSecret values).
    const releases = plan.releases.flatMap((r) => {
      const namespace = namespaceOf(r);
      if (settings.releases === 'skip') {
        releasesNotApplied.push(`${r.namespace}/${r.name}`);
        return namespace;
      }
      return [
        ...namespace,
        new k8s.helm.v4.Chart(
          `${id}-release-${r.name}`,
          { ...helmChartArgs(r), name: r.name, namespace: r.namespace, values: r.values ?? {} },
          { dependsOn: [...ready, ...secrets, ...external, ...namespace] },
        ),
      ];
    });
    const before = [...ready, ...secrets, ...external, ...releases];
    // Identities and configuration, then data holders, then the workloads that use both.
    const config = plan.config.length ? [new k8s.yaml.v2.ConfigGroup(`${id}-config`, { objs: plan.config }, { dependsOn: before })] : [];
    const data = plan.data.map((o) =>
      singleObject(`${id}-${o.kind.toLowerCase()}-${o.metadata.name}`, o, {
        dependsOn: [...before, ...config],
        protect: settings.protectData,
        retainOnDelete: true,
      }),
    );
    const workloads = plan.workloads.length
      ? [new k8s.yaml.v2.ConfigGroup(`${id}-workloads`, { objs: plan.workloads }, { dependsOn: [...before, ...config, ...data] })]
      : [];
    done.set(
      chart.name,
      [...before, ...config, ...data, ...workloads].filter((r) => !upstream.includes(r)),
    );
  }

  let rootApplication: string | undefined;
  if (settings.delivery === 'argocd') {
    const root = rendered.rootApplication!;
    new k8s.apiextensions.CustomResource('argocd-root-application', root as never, { dependsOn: [...done.values()].flat() });
    rootApplication = `${root.metadata.namespace}/${root.metadata.name}`;
  }

  return {
    environment: env.name,
    delivery: settings.delivery,
    namespaces: [...new Set([...plans.values()].map((p) => p.namespace).filter((n): n is string => n !== undefined))].sort(),
    charts: charts.map((c) => c.name),
    endpoints: endpointsOf([...plans.values()]),
    secrets: secretsByNamespace,
    rootApplication,
    releasesNotApplied,
  };
}
