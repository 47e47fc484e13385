/**
 * Scaling benchmark body (bundled to dist/bench-scale.js): synthesizes N preview-like
 * environments in one process, the way a CI job previewing N pull requests would, and writes
 * them (manifests and pages) under OUT. Prints the in-process milliseconds and the peak memory
 * (resident set) as JSON.
 * usage: node dist/bench-scale.js N OUT
 */
import { environmentDocs, writeDocs } from '../cli/overview/docs';
import { writeEnvironments } from '../cli/output';
import { renderEnvironments } from '../render';
import { ENVIRONMENTS } from '../stacks/environments';
import { EnvironmentConfig } from '../stacks/types';

/** N copies of the preview environment (dev until a preview stack exists), each with its own name. */
function previewLike(n: number): EnvironmentConfig[] {
  const template = ENVIRONMENTS.find((e) => e.name === 'preview') ?? ENVIRONMENTS.find((e) => e.name === 'dev')!;
  return Array.from({ length: n }, (_, i) => {
    const name = `pr-${i + 1}`;
    return { ...template, name, namespacePrefix: template.namespacePrefix === undefined ? undefined : name, domain: `${name}.${template.domain}` };
  });
}

const [count, out] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const rendered = renderEnvironments(previewLike(Number(count)));
const pages = environmentDocs(rendered);
writeEnvironments(out, rendered);
writeDocs(`${out}/docs`, pages, true);
console.log(
  JSON.stringify({
    environments: rendered.length,
    objects: rendered.reduce((n, r) => n + r.files.size, 0),
    ms: Number(process.hrtime.bigint() - t0) / 1e6,
    // resident set size at its peak (maxRSS is in kilobytes)
    peakMb: process.resourceUsage().maxRSS / 1024,
  }),
);
