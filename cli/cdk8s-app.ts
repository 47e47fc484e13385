/**
 * Entry point for the standard `cdk8s synth` CLI (see cdk8s.yaml): builds every environment's
 * charts and lets cdk8s write them, one folder per environment under CDK8S_OUTDIR.
 * keelson's own `synth` is the supported path; this one exists for cdk8s tooling and benchmarks.
 */
import * as path from 'node:path';
import { ConfigError } from '../constructs/common/errors';
import { ENVIRONMENTS } from '../stacks/environments';
import { buildDelivery } from '../stacks/delivery';
import { buildPlatform } from '../stacks/platform';

const outRoot = process.env.CDK8S_OUTDIR ?? 'dist/cdk8s';
try {
  // Every environment is built (and so validated) before any is written.
  const platforms = ENVIRONMENTS.map((env) => buildPlatform(env, path.join(outRoot, env.name)));
  platforms.forEach((p) => buildDelivery(p));
  platforms.forEach((p) => p.app.synth());
} catch (e) {
  // A configuration mistake: its message and exit 1, no stack trace.
  if (!(e instanceof ConfigError)) throw e;
  console.error(`error: ${e.message}`);
  process.exitCode = 1;
}
