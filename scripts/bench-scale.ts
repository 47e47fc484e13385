/**
 * Scaling benchmark body (bundled to dist/bench-scale.js): synthesizes N preview-like
 * environments in one process, the way a CI job previewing N pull requests would, and writes
 * them (manifests and pages) under OUT. Prints as JSON the in-process milliseconds (in all, and
 * rendering and writing apart) and the peak memory (resident set).
 * usage: node dist/bench-scale.js N OUT
 */
import { environmentDocs, writeDocs } from '../cli/overview/docs';
import { BackgroundStaging } from '../cli/background-staging';
import { YamlCache } from '../constructs/common/render/yaml-emitter';
import { renderEnvironmentWith } from '../render';
import { ENVIRONMENTS } from '../stacks/environments';
import { buildPlatform } from '../stacks/platform';
import { isNamespaceAgnostic, isPreview } from '../stacks/facts';
import { EnvironmentConfig } from '../stacks/types';

/** N copies of the registered preview environment, each with its own name (and namespaces, were it namespaced). */
function previewLike(n: number): EnvironmentConfig[] {
  const template = ENVIRONMENTS.find(isPreview);
  if (!template) throw new Error('bench-scale: no registered environment has the preview tier');
  return Array.from({ length: n }, (_, i) => {
    const name = `pr-${i + 1}`;
    return { ...template, name, namespacePrefix: isNamespaceAgnostic(template) ? undefined : name, domain: `${name}.${template.domain}` };
  });
}

const [count, out] = process.argv.slice(2);
const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const t0 = process.hrtime.bigint();
const envs = previewLike(Number(count));
// A job previewing many pull requests emits the objects they share once (YamlCache), and hands
// each environment to a writing thread as soon as it is rendered (BackgroundStaging), so the
// disk works while the next ones render. Names are unique by construction (pr-1, pr-2 …).
const yaml = new YamlCache();
const staging = new BackgroundStaging(out);
const rendered = envs.map((e) => {
  const r = renderEnvironmentWith(e, buildPlatform, (o) => yaml.emit(o));
  staging.stage(r);
  return r;
});
const pages = environmentDocs(rendered);
const renderMs = since(t0);
const t1 = process.hrtime.bigint();
staging
  .commit()
  .then(() => {
    writeDocs(`${out}/docs`, pages, true);
    report(since(t1), since(t0));
  })
  .catch((e: unknown) => {
    console.error(`bench-scale: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });

function report(writeMs: number, ms: number): void {
  console.log(
    JSON.stringify({
      environments: rendered.length,
      objects: rendered.reduce((n, r) => n + r.files.size, 0),
      ms,
      renderMs,
      writeMs,
      // resident set size at its peak (maxRSS is in kilobytes)
      peakMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}
