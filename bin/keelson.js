#!/usr/bin/env node
// Entry point of the `keelson` command; dist/keelson.js is built by `npm run build`.
// The bundle is compiled with a V8 code cache kept beside it (dist/keelson.js.cache), so a run
// skips most parsing and compiling. The cache starts with a digest of the bundle it was made
// from (V8 itself only compares source lengths), and V8 rejects one from another Node version;
// a missing or rejected cache is rewritten after the run. Failing to write it only costs speed.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire, wrap } = require('node:module');

function load(file) {
  const cacheFile = `${file}.cache`;
  const source = fs.readFileSync(file, 'utf8');
  const digest = crypto.createHash('sha1').update(source).digest();
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

const { main, saveCache } = load(path.join(__dirname, '..', 'dist', 'keelson.js'));
main(process.argv.slice(2))
  .then((code) => {
    saveCache();
    process.exitCode = code;
  })
  .catch((e) => {
    console.error(e);
    process.exitCode = 70;
  });
