import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kubernetesSchemaFile } from './validation/kubernetes-schema';

/**
 * The synthesis cache of the `keelson` command: a successful rendering (every selected
 * environment's files and pages, and the counts synth logs) kept under a digest of everything
 * that decides it, so a synth whose inputs did not change only writes (or compares) files.
 *
 * What decides the rendering, and so the key:
 * - the bundle's bytes (dist/keelson.js): the constructs, charts, stacks and environment
 *   configuration, and every npm package synth runs (the CLI bundle carries them all; a test
 *   fails if one is ever left external, since its version would then escape the key);
 * - the Node version, platform and architecture that run it;
 * - the environment variables the bundled code reads (READ_VARIABLES; a test fails when the
 *   bundle reads one not listed);
 * - the files it reads at run time (the Kubernetes schema the API-server rules consult);
 * - the environments selected (`--env`).
 * The output and docs folders are not: files are keyed relative to the output root and the
 * pages name `manifests/<env>/` whatever the output root is.
 * The clock is not either: the one check that reads it (an es-sync tracking start at most 366
 * days ahead) can only turn from failing to passing as time moves on, and failures are never kept.
 */

/** Bumped when the entry layout changes, so an older entry is never misread. */
const FORMAT = 1;

/** Entries kept (newest first by use): enough for all environments, one `--env` and a branch switch. */
export const KEPT_ENTRIES = 4;

/** Set (to anything but empty or 0) to turn the cache off, like `--no-cache`. */
export const NO_CACHE_VARIABLE = 'KEELSON_NO_CACHE';

/**
 * Every environment variable the bundled code reads: cdk8s's key sorting, name hashing, construct
 * metadata and output folder (node_modules/cdk8s/lib/{api-object,names,app}.js), and the yaml
 * package's debug printing.
 */
export const READ_VARIABLES = [
  'CDK8S_DISABLE_SORT',
  'CDK8S_LEGACY_HASH',
  'CDK8S_OUTDIR',
  'CDK8S_RECORD_CONSTRUCT_METADATA',
  'LOG_STREAM',
  'LOG_TOKENS',
] as const;

/** Files the rendering reads at run time (checked by a test that watches every file synth reads). */
export function runtimeInputFiles(): string[] {
  return [kubernetesSchemaFile()];
}

/** Everything that decides a rendering. */
export interface CacheKeyInputs {
  /** sha256 of the bundle that runs. */
  readonly bundleDigest: string;
  /** `process.version`, `process.platform`, `process.arch`. */
  readonly node: string;
  /** Values of READ_VARIABLES (undefined when unset). */
  readonly variables: Readonly<Record<string, string | undefined>>;
  /** sha256 of each runtime input file, by base name. */
  readonly files: Readonly<Record<string, string>>;
  /** The environments selected, in order; empty for all. */
  readonly envs: readonly string[];
}

export function cacheKey(inputs: CacheKeyInputs): string {
  const variables = READ_VARIABLES.map((v) => [v, inputs.variables[v] ?? null]);
  const files = Object.entries(inputs.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const material = JSON.stringify([FORMAT, inputs.bundleDigest, inputs.node, variables, files, inputs.envs.length ? inputs.envs : '*']);
  return crypto.createHash('sha256').update(material).digest('hex');
}

const sha256 = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** The key for the running process: its bundle, Node, variables and runtime files. */
export function currentCacheKey(bundleDigest: string, envs: readonly string[]): string {
  const variables = Object.fromEntries(READ_VARIABLES.map((v) => [v, process.env[v]]));
  const files = Object.fromEntries(runtimeInputFiles().map((f) => [path.basename(f), sha256(fs.readFileSync(f))]));
  return cacheKey({ bundleDigest, node: `${process.version} ${process.platform} ${process.arch}`, variables, files, envs });
}

/** One environment as the writer and the log need it. */
export interface SynthesizedEnvironment {
  readonly env: string;
  readonly charts: number;
  readonly objects: number;
  /** Output files, keyed by path relative to the output root. */
  readonly files: ReadonlyMap<string, string>;
}

/** What a synth renders: the environments' files and the pages. */
export interface Synthesis {
  readonly environments: readonly SynthesizedEnvironment[];
  readonly pages: ReadonlyMap<string, string>;
}

interface Entry {
  readonly format: number;
  readonly key: string;
  readonly environments: { env: string; charts: number; objects: number; files: [string, string][] }[];
  readonly pages: [string, string][];
}

/**
 * Entries in `dir`, one file per key: the sha256 of the body on the first line, then the body
 * (JSON). A file that is unreadable, truncated, altered or of another format is a miss and is
 * replaced; a failure to write only costs speed.
 */
export class SynthCache {
  constructor(
    readonly dir: string,
    readonly key: string,
  ) {}

  private get file(): string {
    return path.join(this.dir, `${this.key}.json`);
  }

  read(): Synthesis | undefined {
    try {
      const text = fs.readFileSync(this.file, 'utf8');
      const nl = text.indexOf('\n');
      const body = text.slice(nl + 1);
      if (nl !== 64 || text.slice(0, nl) !== sha256(body)) return undefined;
      const entry = JSON.parse(body) as Entry;
      if (entry.format !== FORMAT || entry.key !== this.key) return undefined;
      // Keeps the entry in use the newest, so pruning drops the others first.
      const now = new Date();
      fs.utimesSync(this.file, now, now);
      return {
        environments: entry.environments.map((e) => ({ env: e.env, charts: e.charts, objects: e.objects, files: new Map(e.files) })),
        pages: new Map(entry.pages),
      };
    } catch {
      return undefined;
    }
  }

  write(s: Synthesis): void {
    const entry: Entry = {
      format: FORMAT,
      key: this.key,
      environments: s.environments.map((e) => ({ env: e.env, charts: e.charts, objects: e.objects, files: [...e.files] })),
      pages: [...s.pages],
    };
    const body = JSON.stringify(entry);
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(tmp, `${sha256(body)}\n${body}`);
      fs.renameSync(tmp, this.file);
      this.prune();
    } catch {
      // A read-only installation synthesizes without the cache.
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // nothing was written
      }
    }
  }

  /** Keeps the KEPT_ENTRIES most recently used entries; removes temporary files a killed run left. */
  private prune(): void {
    const entries = fs
      .readdirSync(this.dir)
      .map((name) => ({ name, mtime: fs.statSync(path.join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    const hourAgo = Date.now() - 3_600_000;
    const kept = entries.filter((e) => e.name.endsWith('.json')).slice(0, KEPT_ENTRIES);
    for (const e of entries) {
      const stale = e.name.endsWith('.tmp') ? e.mtime < hourAgo : !kept.includes(e);
      if (stale) fs.rmSync(path.join(this.dir, e.name), { force: true });
    }
  }
}

/** The cache of the bundle that runs (dist/synth-cache/ beside it), unless turned off or there is no bundle (source-level callers). */
export function synthCacheFor(
  bundle: { readonly file: string; readonly digest: string } | undefined,
  envs: readonly string[],
  off: boolean,
): SynthCache | undefined {
  const variable = process.env[NO_CACHE_VARIABLE];
  if (off || (variable !== undefined && variable !== '' && variable !== '0') || !bundle) return undefined;
  try {
    return new SynthCache(path.join(path.dirname(bundle.file), 'synth-cache'), currentCacheKey(bundle.digest, envs));
  } catch {
    // An input of the key that cannot be read (the schema file) is reported by the rendering itself.
    return undefined;
  }
}
