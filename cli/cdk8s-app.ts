/**
 * Entry point for the standard `cdk8s synth` CLI (see cdk8s.yaml): writes every environment's
 * charts the way cdk8s does (one `<chart>.k8s.yaml` per chart, one folder per environment under
 * CDK8S_OUTDIR), from the render core's result: the same objects, collision check and Secret
 * checks as `keelson synth`. keelson's own `synth` is the supported path; this one exists for
 * cdk8s tooling and benchmarks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../constructs/common/errors';
import { ENVIRONMENTS } from '../stacks/environments';
import { renderEnvironments, toYaml } from '../render';

const outRoot = process.env.CDK8S_OUTDIR ?? 'dist/cdk8s';
try {
  // Every environment is rendered (and so validated) before any is written.
  for (const r of renderEnvironments(ENVIRONMENTS)) {
    const dir = path.join(outRoot, r.env);
    fs.mkdirSync(dir, { recursive: true });
    for (const chart of r.charts) fs.writeFileSync(path.join(dir, `${chart.name}.k8s.yaml`), chart.objects.map(toYaml).join('---\n'));
  }
} catch (e) {
  // A configuration mistake: its message and exit 1, no stack trace.
  if (!(e instanceof ConfigError)) throw e;
  console.error(`error: ${e.message}`);
  process.exitCode = 1;
}
