import { DOCS_DIR } from './overview/docs-files';
import { parseSynthArgs, synthLog } from './synth-args';
import { synthCacheFor } from './synth-cache';
import { emitSynthesis } from './synth-emit';

/**
 * `keelson synth` served from the synthesis cache without loading the CLI bundle (dist/synth-hit.js,
 * a few kilobytes; bin/keelson.js tries it first): the key, the entry and the writer, nothing of
 * cdk8s or the renderers. Returns undefined whenever this is not a plain hit (another command,
 * a help or usage error, the cache turned off, no entry): the CLI then runs as usual and reports.
 */
export function synthFromCache(argv: readonly string[], bundle: { readonly file: string; readonly digest: string }): number | undefined {
  const started = process.hrtime.bigint();
  const [name, ...rest] = argv;
  if (name !== 'synth' || rest.includes('--help') || rest.includes('-h')) return undefined;
  let a;
  try {
    a = parseSynthArgs(rest);
  } catch {
    return undefined;
  }
  const synthesis = synthCacheFor(bundle, a.envs, a.noCache)?.read();
  if (!synthesis) return undefined;
  return emitSynthesis(synthesis, {
    outDir: a.outDir ?? 'manifests',
    docsDir: a.docsDir ?? DOCS_DIR,
    check: a.check,
    complete: a.envs.length === 0,
    cached: true,
    started,
    log: synthLog,
  });
}
