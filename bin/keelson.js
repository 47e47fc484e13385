#!/usr/bin/env node
// Entry point of the `keelson` command; dist/keelson.js is built by `npm run build`.
require('../dist/keelson.js')
  .main(process.argv.slice(2))
  .then((code) => (process.exitCode = code))
  .catch((e) => {
    console.error(e);
    process.exitCode = 70;
  });
