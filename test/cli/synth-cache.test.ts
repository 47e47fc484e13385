import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { synth } from '../../cli/synth';
import { getEnvironment } from '../../stacks/environments';
import { buildPlatform } from '../../stacks/platform';
import { cacheKey, CacheKeyInputs, currentCacheKey, KEPT_ENTRIES, READ_VARIABLES, runtimeInputFiles, SynthCache, Synthesis } from '../../cli/synth-cache';

/**
 * The synthesis cache of the `keelson` command, run as users run it: bin/keelson.js and the
 * built bundle copied into a package layout of their own (no sources beside them, so no
 * staleness check and no build), each run a fresh process. The bundle is the worktree's, built
 * only when it is missing or stale (`keelson help` rebuilds like every command). Runs select the
 * small environments, so the file costs a few renderings.
 */
const REUSED = 'rendering reused from the synthesis cache: its inputs are unchanged';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-synth-cache-test-'));
const pkg = path.join(work, 'pkg');
const bundle = path.join(pkg, 'dist', 'keelson.js');
const cacheDir = path.join(pkg, 'dist', 'synth-cache');
let outputs = 0;

/** Runs the copied `keelson` with a clean environment (no cache switch or cdk8s variable of the caller's). */
function keelson(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('KEELSON_') && !(READ_VARIABLES as readonly string[]).includes(k)),
  );
  return spawnSync(process.execPath, [path.join(pkg, 'bin', 'keelson.js'), ...args], { cwd: work, encoding: 'utf8', env: { ...clean, ...env } });
}

/** `synth` of `envs` into fresh folders; returns the run and the folders. */
function synthInto(envs: string[], extra: string[] = [], env: Record<string, string> = {}) {
  const out = path.join(work, `out-${++outputs}`);
  const docs = path.join(work, `docs-${outputs}`);
  const r = keelson(['synth', ...envs.flatMap((e) => ['--env', e]), '--out', out, '--docs', docs, ...extra], env);
  return { ...r, out, docs };
}

/**
 * Every file under `dir`, relative path to its bytes as a latin1 string (one character per byte,
 * so equal strings are equal bytes; jest compares strings far faster than Buffers).
 */
function tree(dir: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  if (!fs.existsSync(path.join(dir, prefix))) return files;
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.posix.join(prefix, e.name);
    if (e.isDirectory()) for (const [k, v] of tree(dir, rel)) files.set(k, v);
    else files.set(rel, fs.readFileSync(path.join(dir, rel), 'latin1'));
  }
  return files;
}

/** The committed manifests and pages of `envs`: what a correct synthesis writes. */
function committed(envs: string[]): { manifests: Map<string, string>; pages: Map<string, string> } {
  const manifests = new Map<string, string>();
  for (const e of envs) for (const [k, v] of tree('manifests', e)) manifests.set(k, v);
  return { manifests, pages: new Map(envs.map((e) => [`${e}.md`, fs.readFileSync(path.join('docs', 'environments', `${e}.md`), 'latin1')])) };
}

const entries = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((f) => f.endsWith('.json')) : []);
/** The entry the last run used (a hit touches it, a miss writes it). */
const newestEntry = () =>
  path.join(cacheDir, entries().sort((a, b) => fs.statSync(path.join(cacheDir, b)).mtimeMs - fs.statSync(path.join(cacheDir, a)).mtimeMs)[0]);

beforeAll(() => {
  const built = spawnSync(process.execPath, ['bin/keelson.js', 'help'], { encoding: 'utf8' });
  expect(built.status).toBe(0);
  // with the bundle's V8 code cache, so the first run does not compile it all
  for (const f of ['bin/keelson.js', 'dist/keelson.js', 'dist/synth-hit.js', 'dist/keelson.js.cache', 'package.json'].filter((f) => fs.existsSync(f))) {
    fs.mkdirSync(path.join(pkg, path.dirname(f)), { recursive: true });
    fs.copyFileSync(f, path.join(pkg, f));
  }
  fs.cpSync('schemas', path.join(pkg, 'schemas'), { recursive: true });
}, 60000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('keelson synth with the synthesis cache', () => {
  test('a re-run with unchanged inputs reuses the rendering and writes the same bytes as the run that rendered it', () => {
    const miss = synthInto(['dev', 'preview']);
    expect(miss.status).toBe(0);
    expect(miss.stdout).not.toContain(REUSED);
    expect(entries()).toHaveLength(1);
    const hit = synthInto(['dev', 'preview']);
    expect(hit.status).toBe(0);
    expect(hit.stdout).toContain(`synthesized 2 environments (dev, preview): 11 charts, 88 objects, 88 files in ${hit.out}/, 2 pages in ${hit.docs}/ (`);
    expect(hit.stdout).toContain(REUSED);
    expect(tree(hit.out)).toEqual(tree(miss.out));
    expect(tree(hit.docs)).toEqual(tree(miss.docs));
    // and both are what the code renders (the golden test holds the committed files to it)
    expect(tree(hit.out)).toEqual(committed(['dev', 'preview']).manifests);
    expect(tree(hit.docs)).toEqual(committed(['dev', 'preview']).pages);
  }, 60000);

  test('synth --check reuses it as well, against the committed manifests', () => {
    const r = keelson([
      'synth',
      '--check',
      '--env',
      'dev',
      '--env',
      'preview',
      '--out',
      path.resolve('manifests'),
      '--docs',
      path.resolve('docs/environments'),
    ]);
    expect(r.stdout).toContain(`is up to date: 2 environments (dev, preview), 88 objects (${REUSED})`);
    expect(r.status).toBe(0);
  }, 60000);

  test('another environment selection is another entry: a miss, then a hit', () => {
    const miss = synthInto(['preview']);
    expect(miss.stdout).not.toContain(REUSED);
    expect(entries()).toHaveLength(2);
    const hit = synthInto(['preview']);
    expect(hit.stdout).toContain(REUSED);
    expect(tree(hit.out)).toEqual(committed(['preview']).manifests);
  }, 60000);

  test('without dist/synth-hit.js the CLI bundle serves the hit itself', () => {
    const fast = path.join(pkg, 'dist', 'synth-hit.js');
    fs.renameSync(fast, `${fast}.away`);
    try {
      const hit = synthInto(['preview']);
      expect(hit.status).toBe(0);
      expect(hit.stdout).toContain(REUSED);
      expect(tree(hit.out)).toEqual(committed(['preview']).manifests);
    } finally {
      fs.renameSync(`${fast}.away`, fast);
    }
  }, 60000);

  test('--no-cache and KEELSON_NO_CACHE=1 render although the entry is there', () => {
    for (const r of [synthInto(['preview'], ['--no-cache']), synthInto(['preview'], [], { KEELSON_NO_CACHE: '1' })]) {
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('synthesized 1 environments (preview)');
      expect(r.stdout).not.toContain(REUSED);
      expect(tree(r.out)).toEqual(committed(['preview']).manifests);
    }
  }, 60000);

  test('a cdk8s variable that changes the output (CDK8S_DISABLE_SORT) is part of the key the command computes', () => {
    const digest = 'd'.repeat(64);
    const before = process.env.CDK8S_DISABLE_SORT;
    delete process.env.CDK8S_DISABLE_SORT;
    try {
      const unset = currentCacheKey(digest, ['preview']);
      process.env.CDK8S_DISABLE_SORT = '1';
      expect(currentCacheKey(digest, ['preview'])).not.toBe(unset);
      delete process.env.CDK8S_DISABLE_SORT;
      expect(currentCacheKey(digest, ['preview'])).toBe(unset);
    } finally {
      if (before === undefined) delete process.env.CDK8S_DISABLE_SORT;
      else process.env.CDK8S_DISABLE_SORT = before;
    }
  });

  test('a corrupted entry is ignored, the environments rendered again and the entry rewritten', () => {
    expect(synthInto(['preview']).stdout).toContain(REUSED);
    const entry = newestEntry();
    const intact = fs.readFileSync(entry, 'utf8');
    // Still valid JSON, one manifest byte different: only the entry's digest can tell.
    const altered = intact.replace('app.kubernetes.io/part-of: keelson', 'app.kubernetes.io/part-of: keelsom');
    expect(altered).not.toBe(intact);
    for (const corrupt of [altered, intact.slice(0, intact.length / 2)]) {
      fs.writeFileSync(entry, corrupt);
      const r = synthInto(['preview']);
      expect(r.status).toBe(0);
      expect(r.stdout).not.toContain(REUSED);
      expect(tree(r.out)).toEqual(committed(['preview']).manifests);
      expect(fs.readFileSync(entry, 'utf8')).toBe(intact);
    }
    expect(synthInto(['preview']).stdout).toContain(REUSED);
  }, 60000);

  test('a configuration error is never kept', () => {
    const before = entries().sort();
    const unknown = synthInto(['nope']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('environment must be one of dev, staging, prod, preview; got "nope"');
    expect(entries().sort()).toEqual(before);
  }, 60000);

  test('a one-byte change of the bundle misses; a bundle whose configuration is invalid fails and leaves no entry', () => {
    const source = fs.readFileSync(bundle, 'utf8');
    fs.writeFileSync(bundle, `${source} `);
    const changed = synthInto(['preview']);
    expect(changed.status).toBe(0);
    expect(changed.stdout).not.toContain(REUSED);
    expect(tree(changed.out)).toEqual(committed(['preview']).manifests);

    // The preview's agents with no executor: the build's validation refuses it.
    const at = source.indexOf('domain: "preview.platform.example.com"');
    const executors = source.indexOf('executors: 1', at);
    expect(at > 0 && executors > at).toBe(true);
    fs.writeFileSync(bundle, `${source.slice(0, executors)}executors: 0${source.slice(executors + 'executors: 1'.length)}`);
    const before = entries().sort();
    const r = synthInto(['preview']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("jenkins 'ci/jenkins' (preview): agents.executors must be a whole number between 1 and 64; got 0");
    expect(r.stdout).toContain('nothing was written');
    expect(fs.existsSync(r.out)).toBe(false);
    expect(entries().sort()).toEqual(before);
    fs.writeFileSync(bundle, source);
  }, 60000);
});

/** The key covers what the bundle can read: every variable it names, no package left outside it, every file it opens. */
describe('what the key covers', () => {
  test('the bundle reads no environment variable outside READ_VARIABLES', () => {
    // esbuild heads each module of the bundle with a `// <path>` line; the cache's own modules read its switch and the key's variables.
    const own = new Set(['cli/synth-cache.ts', 'cli/commands/synth.ts']);
    const modules = fs.readFileSync(bundle, 'utf8').split(/^\/\/ (\S+\.(?:[cm]?js|ts|json))$/m);
    const source = modules.filter((_, i) => i % 2 === 0 && !own.has(modules[i - 1])).join('\n');
    expect(modules.length).toBeGreaterThan(100);
    // process.env.X, and node_process.env.X where a package imports node:process
    const named = new Set([...source.matchAll(/process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
    expect(named.size).toBeGreaterThan(0);
    expect([...named].filter((v) => !(READ_VARIABLES as readonly string[]).includes(v))).toEqual([]);
    // and never a name computed at run time, nor the whole environment handed on
    expect(source).not.toMatch(/process\.env\[/);
    expect(source).not.toMatch(/process\.env\)/);
  });

  test('the bundles require nothing but Node built-ins: every package they run is in their bytes', () => {
    for (const file of [bundle, path.join(pkg, 'dist', 'synth-hit.js')]) {
      const required = new Set([...fs.readFileSync(file, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1].replace(/^node:/, '')));
      expect(required.size).toBeGreaterThan(0);
      expect([...required].filter((m) => !builtinModules.includes(m))).toEqual([]);
    }
  });

  test('the cache-hit path is built from sources the CLI bundle is built from, so the bundle digest covers its code too', () => {
    const hit = fs.readFileSync(path.join(pkg, 'dist', 'synth-hit.js'), 'utf8');
    const cli = fs.readFileSync(bundle, 'utf8');
    const modules = [...hit.matchAll(/^\/\/ (\S+\.ts)$/gm)].map((m) => m[1]);
    expect(modules).toContain('cli/synth-cache.ts');
    for (const m of modules.filter((m) => m !== 'cli/synth-hit.ts')) expect(cli).toContain(`\n// ${m}\n`);
  });

  test('rendering every environment reads no file but runtimeInputFiles()', () => {
    // The built command, traced: a preloaded module records every path handed to fs's readers.
    const tracer = path.join(work, 'trace-reads.js');
    const log = path.join(work, 'reads.json');
    fs.writeFileSync(
      tracer,
      [
        "const fs = require('node:fs');",
        'const read = new Set();',
        "for (const name of ['readFileSync', 'openSync', 'readdirSync']) {",
        '  const original = fs[name];',
        '  fs[name] = function (file, ...rest) { read.add(String(file)); return original.call(this, file, ...rest); };',
        '}',
        `process.on('exit', () => fs.writeFileSync(${JSON.stringify(log)}, JSON.stringify([...read])));`,
      ].join('\n'),
    );
    const out = path.join(work, 'traced');
    const r = spawnSync(
      process.execPath,
      ['-r', tracer, path.join(pkg, 'bin', 'keelson.js'), 'synth', '--no-cache', '--out', out, '--docs', path.join(out, 'docs')],
      {
        cwd: work,
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const own = [path.join(pkg, 'bin'), path.join(pkg, 'dist'), out].map((d) => d + path.sep);
    const reads = (JSON.parse(fs.readFileSync(log, 'utf8')) as string[]).map((f) => path.resolve(work, f)).filter((f) => !own.some((d) => f.startsWith(d)));
    // The package's own files, as the repository holds them.
    expect(reads.map((f) => path.relative(pkg, f)).sort()).toEqual(runtimeInputFiles().map((f) => path.relative(process.cwd(), f)));
  }, 60000);
});

describe('source-level callers', () => {
  test('synth() with injected environments or a tree builder never reads nor writes the cache it is given', () => {
    const cache = new SynthCache(path.join(work, 'injected'), 'c'.repeat(64));
    const bogus: Synthesis = { environments: [{ env: 'preview', charts: 1, objects: 1, files: new Map([['preview/x.yaml', 'bogus\n']]) }], pages: new Map() };
    cache.write(bogus);
    const entry = fs.readFileSync(path.join(cache.dir, `${cache.key}.json`), 'utf8');
    const preview = getEnvironment('preview');
    for (const injected of [{ environments: [preview] }, { envs: ['preview'], build: buildPlatform }]) {
      const out = path.join(work, `injected-out-${++outputs}`);
      expect(synth({ ...injected, cache, outDir: out, docsDir: path.join(out, 'docs'), log: () => undefined })).toBe(0);
      expect([...tree(out, 'preview').keys()]).toEqual([...committed(['preview']).manifests.keys()]);
    }
    expect(fs.readdirSync(cache.dir)).toEqual([`${cache.key}.json`]);
    expect(fs.readFileSync(path.join(cache.dir, `${cache.key}.json`), 'utf8')).toBe(entry);
  }, 60000);
});

describe('SynthCache', () => {
  const synthesis = (n: number): Synthesis => ({
    environments: [{ env: `e${n}`, charts: 1, objects: 1, files: new Map([[`e${n}/c/a.yaml`, `n: ${n}\n`]]) }],
    pages: new Map([[`e${n}.md`, `# ${n}\n`]]),
  });

  test(`keeps the ${KEPT_ENTRIES} most recently used entries`, () => {
    const dir = path.join(work, 'bounded');
    const caches = Array.from({ length: KEPT_ENTRIES + 1 }, (_, i) => new SynthCache(dir, `${i}`.padStart(64, '0')));
    caches.slice(0, KEPT_ENTRIES).forEach((c, i) => {
      c.write(synthesis(i));
      const t = new Date(Date.now() - (KEPT_ENTRIES - i) * 60_000);
      fs.utimesSync(path.join(dir, `${c.key}.json`), t, t);
    });
    expect(caches[0].read()).toEqual(synthesis(0)); // the oldest written, used now
    caches[KEPT_ENTRIES].write(synthesis(KEPT_ENTRIES));
    expect(fs.readdirSync(dir)).toHaveLength(KEPT_ENTRIES);
    expect(caches[1].read()).toBeUndefined(); // the least recently used
    for (const i of [0, 2, 3, KEPT_ENTRIES]) expect(caches[i].read()).toEqual(synthesis(i));
  });

  test('an unwritable folder costs only speed', () => {
    const file = path.join(work, 'a-file');
    fs.writeFileSync(file, '');
    const c = new SynthCache(path.join(file, 'synth-cache'), 'a'.repeat(64));
    expect(() => c.write(synthesis(1))).not.toThrow();
    expect(c.read()).toBeUndefined();
  });

  test('each input of the key changes it', () => {
    const base: CacheKeyInputs = {
      bundleDigest: 'a'.repeat(64),
      node: 'v20.0.0 linux x64',
      variables: {},
      files: { 'kubernetes-1.36.0.json': 'b'.repeat(64) },
      envs: [],
    };
    const variants: CacheKeyInputs[] = [
      { ...base, bundleDigest: `${'a'.repeat(63)}b` },
      { ...base, node: 'v20.0.1 linux x64' },
      { ...base, variables: { CDK8S_LEGACY_HASH: '1' } },
      { ...base, files: { 'kubernetes-1.36.0.json': `${'b'.repeat(63)}c` } },
      { ...base, envs: ['dev'] },
      { ...base, envs: ['dev', 'preview'] },
      { ...base, envs: ['preview', 'dev'] },
    ];
    const keys = [base, ...variants].map(cacheKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(cacheKey({ ...base, variables: { UNRELATED: 'x' } })).toBe(cacheKey(base));
  });
});
