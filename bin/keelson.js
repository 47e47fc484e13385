#!/usr/bin/env node
// Entry point of the `keelson` command; dist/keelson.js is built by `npm run build`. In a source
// checkout the bundle is rebuilt first when it is missing or older than any file it was built
// from (dist/keelson.inputs.json), so the command never runs code older than the sources. The
// installed package ships no sources and skips that check.
// The bundle is compiled with a V8 code cache kept beside it (dist/keelson.js.cache), so a run
// skips most parsing and compiling. The cache starts with a digest of the bundle it was made
// from (V8 itself only compares source lengths), and V8 rejects one from another Node version;
// a missing or rejected cache is rewritten after the run. Failing to write it only costs speed.
// The same digest is handed to the commands: `keelson synth` keys its cache of renderings on it,
// and a synth that cache can serve runs dist/synth-hit.js alone, without loading the bundle.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { spawnSync } = require('node:child_process');
const { createRequire, wrap } = require('node:module');

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'dist', 'keelson.js');

/** Why the bundle must be rebuilt before it runs, or undefined when it is current (about 1 ms of stat calls). */
function staleness() {
  if (!fs.existsSync(path.join(root, 'cli', 'keelson.ts'))) return undefined;
  let built;
  let inputs;
  try {
    built = fs.statSync(bundle).mtimeMs;
    inputs = JSON.parse(fs.readFileSync(path.join(root, 'dist', 'keelson.inputs.json'), 'utf8'));
  } catch {
    return 'dist/keelson.js is missing';
  }
  for (const f of inputs) {
    let mtime;
    try {
      mtime = fs.statSync(path.join(root, f)).mtimeMs;
    } catch {
      return `${f} was removed since dist/keelson.js was built`;
    }
    if (mtime > built) return `${f} changed since dist/keelson.js was built`;
  }
  return undefined;
}

const stale = staleness();
if (stale !== undefined) {
  // --cli: this command needs its own bundle only (`npm run build` makes the others).
  console.error(`keelson: ${stale}; rebuilding dist/ (node scripts/build.mjs --cli)`);
  const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--cli'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (b.status !== 0) {
    console.error('keelson: the build failed; not running an out-of-date bundle');
    process.exit(70);
  }
}

function load(file, source, digest) {
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    const cache = fs.readFileSync(cacheFile);
    if (cache.subarray(0, digest.length).equals(digest)) cachedData = cache.subarray(digest.length);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, path.dirname(file));
  const saveCache = () => {
    if (cachedData && !script.cachedDataRejected) return;
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(tmp, Buffer.concat([digest, script.createCachedData()]));
      fs.renameSync(tmp, cacheFile);
    } catch {
      // A read-only installation runs without the cache.
    }
  };
  return { main: mod.exports.main, saveCache };
}

// Bytes, decoded only when the bundle is loaded (a cache hit never does).
const bytes = fs.readFileSync(bundle);
const digest = crypto.createHash('sha256').update(bytes).digest();
const runtime = { bundle: { file: bundle, digest: digest.toString('hex') } };

/** The exit code of a synth served from the cache, or undefined (not a hit, or no dist/synth-hit.js). */
function cachedSynth() {
  if (process.argv[2] !== 'synth') return undefined;
  let hit;
  try {
    hit = require(path.join(root, 'dist', 'synth-hit.js'));
  } catch {
    return undefined;
  }
  try {
    return hit.synthFromCache(process.argv.slice(2), runtime.bundle);
  } catch (e) {
    console.error(e);
    return 70;
  }
}

const served = cachedSynth();
if (served !== undefined) {
  process.exitCode = served;
} else {
  const { main, saveCache } = load(bundle, bytes.toString('utf8'), digest);
  main(process.argv.slice(2), runtime)
    .then((code) => {
      saveCache();
      process.exitCode = code;
    })
    .catch((e) => {
      console.error(e);
      process.exitCode = 70;
    });
}
