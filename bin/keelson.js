#!/usr/bin/env node
// Entry point of the `keelson` command; dist/keelson.js is built by `npm run build`.
process.exitCode = require('../dist/keelson.js').main(process.argv.slice(2));
