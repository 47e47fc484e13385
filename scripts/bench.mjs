// Measures synthesis of all environments with the built CLI (a fresh Node process per run,
// as users run it): median and spread of several runs. usage: npm run bench [-- --runs N]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(args) {
  const out = mkdtempSync(join(tmpdir(), 'keelson-bench-'));
  try {
    const t0 = process.hrtime.bigint();
    execFileSync(process.execPath, ['bin/keelson.js', ...args, '--out', out], { stdio: 'pipe' });
    return Number(process.hrtime.bigint() - t0) / 1e6;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

time(['synth']); // warm the file system cache
const samples = Array.from({ length: runs }, () => time(['synth']));
console.log(`keelson synth (all environments, fresh process): median ${median(samples).toFixed(0)} ms, min ${Math.min(...samples).toFixed(0)} ms, max ${Math.max(...samples).toFixed(0)} ms over ${runs} runs`);
