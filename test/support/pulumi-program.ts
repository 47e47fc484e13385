import * as pulumi from '@pulumi/pulumi';
import { SecretRequirement, valueRuleOf } from '../../constructs/common/secrets';
import { Platform } from '../../stacks/platform';
import { secretConfigKey } from '../../stacks/pulumi/plan';
import { keelsonProgram, ProgramOutputs } from '../../stacks/pulumi/program';
import { EnvironmentConfig } from '../../stacks/types';
import { renderedEnvironments } from './environments';
import { withoutStackTraces } from './stack-traces';

/** One resource as the program registered it: type, name, inputs and the options that matter. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, any>;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly dependsOn: string[];
  readonly secretOutputs: string[];
}

export interface ProgramRun {
  readonly resources: readonly Registered[];
  readonly outputs: ProgramOutputs;
}

/** A fake value meeting the key's rule (e.g. Harbor's 32-character CSRF_KEY, a docker config document). */
export function fakeSecretValue(secret: SecretRequirement, key: string): string {
  const value = `not-a-real-${secret.name}-${key}`.replace(/[^A-Za-z0-9._~-]/g, '-');
  const rule = valueRuleOf(secret, key);
  if (rule?.json) return JSON.stringify({ auths: { 'registry.invalid': { auth: Buffer.from(`robot:${value}`).toString('base64') } } });
  return rule?.length === undefined ? value : value.padEnd(rule.length, 'x').slice(0, rule.length);
}

let secrets: Record<string, string> | undefined;

/** A (fake) value for every Secret key any environment references, as `pulumi config set --secret` would store it. */
export function fakeSecrets(): Record<string, string> {
  secrets ??= Object.fromEntries(
    renderedEnvironments()
      .flatMap((r) => r.secrets)
      .flatMap((s) => s.keys.map((k) => [`keelson:${secretConfigKey(s.name, k)}`, fakeSecretValue(s, k)] as const))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return secrets;
}

const runs = new Map<string, Promise<ProgramRun>>();

/**
 * Runs the real program under Pulumi's mocks for one stack and its config; returns what it
 * registered and its outputs. A run depends only on the stack, the config and which keys are
 * secret, so the test files of a suite share the runs they have in common (each takes a few
 * hundred milliseconds of protobuf round-trips); callers only read what they get. A run with
 * another platform builder is never shared.
 */
export function runProgram(
  stack: string,
  config: Record<string, string>,
  secretKeys: readonly string[] = Object.keys(fakeSecrets()),
  build?: (env: EnvironmentConfig) => Platform,
): Promise<ProgramRun> {
  if (build) return runOnce(stack, config, secretKeys, build);
  const key = JSON.stringify([stack, Object.entries(config).sort(([a], [b]) => a.localeCompare(b)), [...secretKeys].sort()]);
  let run = runs.get(key);
  if (!run) {
    run = runOnce(stack, config, secretKeys);
    runs.set(key, run);
  }
  return run;
}

async function runOnce(
  stack: string,
  config: Record<string, string>,
  secretKeys: readonly string[],
  build?: (env: EnvironmentConfig) => Platform,
): Promise<ProgramRun> {
  pulumi.runtime.setAllConfig(config, [...secretKeys]);
  await pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) }, 'keelson', stack, true);
  const resources: Registered[] = [];
  const names = new Map<pulumi.Resource, string>();
  let outputs: ProgramOutputs | undefined;
  await withoutStackTraces(() =>
    pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((a) => {
        names.set(a.resource, a.name);
        const deps = (a.opts.dependsOn ?? []) as pulumi.Resource[];
        resources.push({
          type: a.type,
          name: a.name,
          props: a.props,
          protect: a.opts.protect,
          retainOnDelete: a.opts.retainOnDelete,
          dependsOn: deps.map((d) => names.get(d) ?? '?'),
          secretOutputs: (a.opts as pulumi.CustomResourceOptions).additionalSecretOutputs ?? [],
        });
        return undefined;
      });
      outputs = keelsonProgram(undefined, build);
      return {};
    }),
  );
  if (!outputs) throw new Error(`the program returned no outputs for stack ${stack}`);
  return { resources: resources.filter((r) => r.type !== 'pulumi:pulumi:Stack'), outputs };
}
