import * as path from 'node:path';
import { flag, parseArgs, value, values } from '../args';
import { synth } from '../synth';
import { currentCacheKey, NO_CACHE_VARIABLE, SynthCache } from '../synth-cache';
import { Command, Runtime } from './command';

/** The bundle's cache (dist/synth-cache/ beside it), unless turned off. */
function cacheFor(runtime: Runtime | undefined, envs: readonly string[], off: boolean): SynthCache | undefined {
  const variable = process.env[NO_CACHE_VARIABLE];
  if (off || (variable !== undefined && variable !== '' && variable !== '0') || !runtime?.bundle) return undefined;
  try {
    return new SynthCache(path.join(path.dirname(runtime.bundle.file), 'synth-cache'), currentCacheKey(runtime.bundle.digest, envs));
  } catch {
    // An input of the key that cannot be read (the schema file) is reported by the rendering itself.
    return undefined;
  }
}

export const synthCommand: Command = {
  name: 'synth',
  summary: 'synthesize environments into manifests/ (or check them)',
  usage: `keelson synth [--env NAME]... [--out DIR] [--docs DIR] [--check] [--no-cache]
  --env NAME   only this environment (repeatable; default: all)
  --out DIR    output root (default: manifests)
  --docs DIR   environment pages (topology and budget; default: docs/environments)
  --check      compare with DIR instead of writing; exit 1 when they differ
  --no-cache   render even when the synthesis cache holds this rendering (also: ${NO_CACHE_VARIABLE}=1)
a successful rendering is kept in dist/synth-cache/ under a digest of the bundle, Node, the
files and variables it reads and the environments chosen; a run with the same inputs reuses it`,
  run(argv, runtime) {
    const a = parseArgs(argv, ['env', 'out', 'docs'], ['check', 'no-cache']);
    const envs = values(a, 'env');
    return synth({
      envs,
      outDir: value(a, 'out'),
      docsDir: value(a, 'docs'),
      check: flag(a, 'check'),
      cache: cacheFor(runtime, envs, flag(a, 'no-cache')),
      log: (l) => (l.startsWith('error') ? console.error(l) : console.log(l)),
    });
  },
};
