/**
 * Entry point for the standard `cdk8s synth` CLI (see cdk8s.yaml): builds every environment's
 * charts and lets cdk8s write them, one folder per environment under CDK8S_OUTDIR.
 * keelson's own `synth` is the supported path; this one exists for cdk8s tooling and benchmarks.
 */
import * as path from 'node:path';
import { ENVIRONMENTS } from '../stacks/environments';
import { buildDelivery } from '../stacks/delivery';
import { buildPlatform } from '../stacks/platform';

const outRoot = process.env.CDK8S_OUTDIR ?? 'dist/cdk8s';
for (const env of ENVIRONMENTS) {
  const platform = buildPlatform(env, path.join(outRoot, env.name));
  buildDelivery(platform);
  platform.app.synth();
}
