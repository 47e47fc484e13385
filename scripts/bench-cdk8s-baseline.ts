/**
 * The benchmark's cdk8s baseline: the same construct tree as `keelson synth`, written by cdk8s's
 * own `App.synth()` (its resolution and YAML), one folder per environment under CDK8S_OUTDIR.
 * The project's cdk8s entry (cli/cdk8s-app.ts) goes through the render core instead, so timing
 * it would measure keelson's renderer under the cdk8s CLI, not cdk8s.
 */
import * as path from 'node:path';
import { ENVIRONMENTS } from '../stacks/environments';
import { buildDelivery } from '../stacks/delivery';
import { buildPlatform } from '../stacks/platform';

const outRoot = process.env.CDK8S_OUTDIR ?? 'dist/cdk8s';
const platforms = ENVIRONMENTS.map((env) => buildPlatform(env, path.join(outRoot, env.name)));
platforms.forEach((p) => buildDelivery(p));
platforms.forEach((p) => p.app.synth());
