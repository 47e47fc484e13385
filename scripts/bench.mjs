// Benchmarks synthesis (a fresh Node process per run, as users run it; median of several runs):
//  1. `keelson synth` of all environments (manifests and environment pages);
//  2. the standard `cdk8s synth` CLI on the same app (cdk8s.yaml -> dist/cdk8s-app.js), and the ratio;
//  3. scaling: 1, 10 and 50 preview-like environments synthesized in one process.
// usage: npm run bench [-- --runs N] [-- --skip-cdk8s]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const arg = (name) => process.argv.indexOf(`--${name}`);
const runs = arg('runs') > 0 ? Number(process.argv[arg('runs') + 1]) : 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, ${xs.length} runs)`;

/**
 * CPU time (user + system, ms) of the finished child processes, from /proc/self/stat (Linux;
 * 10 ms ticks). Unlike wall time it barely moves when other work shares the machine.
 */
function childrenCpuMs() {
  if (!existsSync('/proc/self/stat')) return undefined;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, at 100 ticks per second
}

/** One command in a fresh process, writing into a throw-away folder; returns [wall ms, stdout, CPU ms]. */
function time(file, args) {
  const out = mkdtempSync(join(tmpdir(), 'keelson-bench-'));
  try {
    const cpu0 = childrenCpuMs();
    const t0 = process.hrtime.bigint();
    const stdout = execFileSync(process.execPath, [file, ...args(out)], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    return [wall, stdout, cpu0 === undefined ? undefined : childrenCpuMs() - cpu0];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

console.log(`machine: ${cpus().length} CPUs, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at start`);

const keelsonRun = ['bin/keelson.js', (out) => ['synth', '--out', out, '--docs', join(out, 'docs')]];
// --no-check-upgrade: no registry request inside the timing.
const cdk8sRun = ['node_modules/cdk8s-cli/bin/cdk8s', (out) => ['synth', '--no-check-upgrade', '--output', out]];
const withCdk8s = arg('skip-cdk8s') < 0 && existsSync(cdk8sRun[0]);

// Warm the file system cache (and write keelson's code cache), then alternate the two commands
// so that a change in machine load hits both alike.
time(...keelsonRun);
if (withCdk8s) time(...cdk8sRun);
const keelson = [];
const cdk8s = [];
for (let i = 0; i < runs; i++) {
  keelson.push(time(...keelsonRun));
  if (withCdk8s) cdk8s.push(time(...cdk8sRun));
}
const wall = (xs) => xs.map(([ms]) => ms);
const cpu = (xs) => (xs[0][2] === undefined ? undefined : xs.map(([, , ms]) => ms));
const cpuText = (xs) => (cpu(xs) ? `; CPU time median ${median(cpu(xs)).toFixed(0)} ms` : '');
console.log(`keelson synth (all environments): wall ${fmt(wall(keelson))}${cpuText(keelson)}`);
if (withCdk8s) {
  console.log(`cdk8s synth   (all environments): wall ${fmt(wall(cdk8s))}${cpuText(cdk8s)}`);
  const ratio = median(wall(cdk8s)) / median(wall(keelson));
  console.log(`ratio (wall): keelson synth is ${ratio.toFixed(1)}x faster than cdk8s synth (goal: >= 5x) ${ratio >= 5 ? 'ok' : 'MISSED'}`);
  if (cpu(keelson)) console.log(`ratio (CPU time): ${(median(cpu(cdk8s)) / median(cpu(keelson))).toFixed(1)}x`);
}

console.log('scaling (preview-like environments in one process, manifests and pages written):');
for (const n of [1, 10, 50]) {
  time('dist/bench-scale.js', (out) => [String(n), out]);
  const samples = Array.from({ length: Math.max(3, Math.ceil(runs / 2)) }, () => time('dist/bench-scale.js', (out) => [String(n), out]));
  const wall = samples.map(([ms]) => ms);
  const inside = samples.map(([, stdout]) => JSON.parse(stdout));
  const note = n === 50 ? ` (goal: < 5000 ms) ${median(wall) < 5000 ? 'ok' : 'MISSED'}` : '';
  console.log(
    `  ${String(n).padStart(2)} environments (${inside[0].objects} objects): process ${fmt(wall)}; synthesis alone median ${median(inside.map((s) => s.ms)).toFixed(0)} ms${note}`,
  );
}
console.log(`load average ${loadavg()[0].toFixed(1)} at the end`);
