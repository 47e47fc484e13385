import { synth } from '../synth';
import { parseSynthArgs, synthLog } from '../synth-args';
import { NO_CACHE_VARIABLE, synthCacheFor } from '../synth-cache';
import { Command } from './command';

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
    const a = parseSynthArgs(argv);
    return synth({
      envs: a.envs,
      outDir: a.outDir,
      docsDir: a.docsDir,
      check: a.check,
      cache: synthCacheFor(runtime?.bundle, a.envs, a.noCache),
      log: synthLog,
    });
  },
};
