/**
 * The manifests of another git revision, synthesized by that revision's own code: its tree is
 * exported with `git archive` into a temporary folder and its own build and synth run there.
 * Rendering the base with today's code would hide exactly the changes a review must see.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFiles } from '../output';
import { ManifestFiles } from './manifest-diff';

export class BaseRevisionError extends Error {}

/** How the base manifests are obtained: synthesized by the base's code, or its committed manifests/. */
export type BaseSource = 'synth' | 'committed';

export interface BaseManifests {
  readonly ref: string;
  readonly commit: string;
  readonly files: ManifestFiles;
  /** How they were obtained, and any fallback taken. */
  readonly notes: string[];
}

function git(cwd: string, args: readonly string[], input?: Buffer): Buffer {
  return execFileSync('git', args, { cwd, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });
}

function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of listFiles(root, '.')) {
    const rel = f.replace(/^\.\//, '');
    if (rel.endsWith('.yaml')) files.set(rel, fs.readFileSync(path.join(root, rel), 'utf8'));
  }
  return files;
}

/** Resolves `ref` to a commit of the repository containing `repoDir`, with a helpful error. */
export function resolveCommit(repoDir: string, ref: string): string {
  try {
    return git(repoDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
      .toString()
      .trim();
  } catch {
    const hint = isShallow(repoDir) ? ` (this is a shallow clone: fetch it first, git fetch --depth=50 origin ${ref.replace(/^origin\//, '')})` : '';
    throw new BaseRevisionError(`unknown git revision '${ref}'${hint}`);
  }
}

/** Whether the repository is a shallow clone (`git rev-parse --is-shallow-repository`, git 2.15+). */
export function isShallow(repoDir: string): boolean {
  try {
    return git(repoDir, ['rev-parse', '--is-shallow-repository']).toString().trim() === 'true';
  } catch {
    return false;
  }
}

function sameFile(a: string, b: string): boolean {
  return fs.existsSync(a) && fs.existsSync(b) && fs.readFileSync(a).equals(fs.readFileSync(b));
}

/**
 * Where a base revision's synthesized manifests are kept between runs: `dist/diff-base/<commit>.json`
 * in the checkout (git-ignored with the rest of dist/). A commit's tree and lockfile fix what its
 * code renders, so a second diff against the same base (the usual case while a branch is
 * reviewed) skips exporting, building and synthesizing it again.
 */
function cachePath(root: string, commit: string): string {
  return path.join(root, 'dist', 'diff-base', `${commit}.json`);
}

function readCache(root: string, commit: string): ManifestFiles | undefined {
  try {
    return new Map(JSON.parse(fs.readFileSync(cachePath(root, commit), 'utf8')) as [string, string][]);
  } catch {
    return undefined;
  }
}

function writeCache(root: string, commit: string, files: ManifestFiles): void {
  try {
    const target = cachePath(root, commit);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify([...files]));
    fs.renameSync(tmp, target);
  } catch {
    // A read-only checkout diffs without the cache.
  }
}

/**
 * The committed manifests/ of `commit`, read from git's object store (`git ls-tree`, then one
 * `git cat-file --batch` for every file): nothing is extracted to disk.
 */
export function committedManifests(root: string, commit: string): ManifestFiles {
  const names = git(root, ['ls-tree', '-r', '-z', '--name-only', commit, '--', 'manifests/'])
    .toString()
    .split('\0')
    .filter((f) => f.endsWith('.yaml'));
  const files = new Map<string, string>();
  if (names.length === 0) return files;
  const out = git(root, ['cat-file', '--batch'], Buffer.from(names.map((f) => `${commit}:${f}\n`).join('')));
  let at = 0;
  for (const name of names) {
    // Each answer: "<object> blob <size>\n", the content, "\n".
    const header = out.indexOf(0x0a, at);
    const size = Number(out.subarray(at, header).toString().split(' ')[2]);
    files.set(name.slice('manifests/'.length), out.subarray(header + 1, header + 1 + size).toString('utf8'));
    at = header + 1 + size + 1;
  }
  return files;
}

/**
 * The manifests of `ref`. With source 'synth' (default) the base's own code renders them; if
 * that revision cannot synthesize (it predates the CLI, or its build fails), its committed
 * manifests/ are used instead and a note says so.
 */
export function baseManifests(repoDir: string, ref: string, source: BaseSource = 'synth', log: (l: string) => void = () => undefined): BaseManifests {
  const root = git(repoDir, ['rev-parse', '--show-toplevel']).toString().trim();
  const commit = resolveCommit(root, ref);
  if (source === 'synth') {
    const cached = readCache(root, commit);
    if (cached)
      return {
        ref,
        commit,
        files: cached,
        notes: [`base manifests: synthesized by the code of ${commit.slice(0, 12)} (kept from an earlier run in dist/diff-base/)`],
      };
  }
  const committed = () => committedManifests(root, commit);
  if (source === 'committed') return { ref, commit, files: committed(), notes: [`base manifests: committed manifests/ of ${commit.slice(0, 12)}`] };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-base-'));
  const notes: string[] = [];
  try {
    // The base's sources, without what its build and synth never read (its manifests and tests).
    const tree = git(root, ['archive', '--format=tar', commit, '--', '.', ':(exclude)manifests', ':(exclude)test']);
    execFileSync('tar', ['-x', '-C', tmp], { input: tree, maxBuffer: 512 * 1024 * 1024 });
    if (!fs.existsSync(path.join(tmp, 'scripts', 'build.mjs')) || !fs.existsSync(path.join(tmp, 'bin', 'keelson.js'))) {
      notes.push(`base manifests: ${commit.slice(0, 12)} has no keelson CLI; using its committed manifests/`);
      return { ref, commit, files: committed(), notes };
    }
    // Same dependencies: reuse node_modules. Otherwise install the base's own, exactly.
    const modules = path.join(root, 'node_modules');
    if (sameFile(path.join(root, 'package-lock.json'), path.join(tmp, 'package-lock.json')) && fs.existsSync(modules)) {
      fs.symlinkSync(modules, path.join(tmp, 'node_modules'), 'dir');
    } else {
      log(`installing the dependencies of ${commit.slice(0, 12)} (its package-lock.json differs) …`);
      execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
      notes.push('base dependencies installed with npm ci (package-lock.json differs)');
    }
    const out = path.join(tmp, '.keelson-base-manifests');
    try {
      // --cli: only the CLI bundle (a revision whose build script predates the flag ignores it).
      execFileSync(process.execPath, ['scripts/build.mjs', '--cli'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
      execFileSync(process.execPath, ['bin/keelson.js', 'synth', '--out', out], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim().split('\n').slice(-3).join(' ') ?? String(e);
      notes.push(`base manifests: synthesizing ${commit.slice(0, 12)} failed (${stderr}); using its committed manifests/`);
      return { ref, commit, files: committed(), notes };
    }
    notes.push(`base manifests: synthesized by the code of ${commit.slice(0, 12)}`);
    const files = readTree(out);
    writeCache(root, commit, files);
    return { ref, commit, files, notes };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
