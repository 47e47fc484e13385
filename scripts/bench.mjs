// Benchmarks synthesis (a fresh process per run, as users run it; medians of interleaved runs, so
// that a change in machine load hits every command alike):
//  1. `keelson synth` of all environments (manifests and environment pages), twice: as a re-run
//     costs (its inputs unchanged, so the synthesis cache in dist/synth-cache/ serves the
//     rendering: filled by the warm-up run, a normal `keelson synth`, or by an earlier run of the
//     same bundle) and with `--no-cache` (a cold rendering);
//  2. the standard `cdk8s synth` CLI on the same construct tree, written by cdk8s's own
//     App.synth() (dist/bench-cdk8s-baseline.js);
//  3. the I/O floor: a bare Node process writing the same bytes into the same layout;
//  4. `npm run synth` when nothing changed (what the README tells people to run);
//  5. scaling: 1, 10, 50 and 1,000 preview-like environments synthesized in one process, with
//     peak memory.
// It prints the ratios (cdk8s / keelson and keelson / floor, for both keelson figures; npm run
// synth - keelson synth) against their goals. A benchmark, never a test: CI prints it and does not gate on it.
//  6. `npm test` once, its CPU time against the goal of 30 s (scripts/bench-tests.mjs).
// usage: npm run bench [-- --runs N] [-- --skip-cdk8s] [-- --skip-tests]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { readdirSync } from 'node:fs';
import { benchTests } from './bench-tests.mjs';

const arg = (name) => process.argv.indexOf(`--${name}`);
const runs = arg('runs') > 0 ? Number(process.argv[arg('runs') + 1]) : 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, ${xs.length} runs)`;
const verdict = (ok) => (ok ? 'ok' : 'MISSED');

/**
 * CPU time (user + system, ms) of the finished child processes, from /proc/self/stat (Linux;
 * 10 ms ticks). Unlike wall time it barely moves when other work shares the machine.
 */
function childrenCpuMs() {
  if (!existsSync('/proc/self/stat')) return undefined;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, at 100 ticks per second
}

/** One command in a fresh process, writing into a throw-away folder; returns { wall, stdout, cpu } (ms). */
function time([cmd, args]) {
  const out = mkdtempSync(join(tmpdir(), 'keelson-bench-'));
  try {
    const cpu0 = childrenCpuMs();
    const t0 = process.hrtime.bigint();
    const stdout = execFileSync(cmd, args(out), { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    return { wall, stdout, cpu: cpu0 === undefined ? undefined : childrenCpuMs() - cpu0 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function filesUnder(root, dir = root) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(root, join(dir, e.name)) : [relative(root, join(dir, e.name))],
  );
}

console.log(`machine: ${cpus().length} CPUs, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at start`);

const node = (file, args) => [process.execPath, (out) => [file, ...args(out)]];
const synthArgs = (out) => ['--out', out, '--docs', join(out, 'docs')];
const commands = {
  keelson: node('bin/keelson.js', (out) => ['synth', ...synthArgs(out)]),
  'keelson --no-cache': node('bin/keelson.js', (out) => ['synth', '--no-cache', ...synthArgs(out)]),
  // --no-check-upgrade: no registry request inside the timing.
  cdk8s: node('node_modules/cdk8s-cli/bin/cdk8s', (out) => [
    'synth',
    '--no-check-upgrade',
    '--app',
    `${process.execPath} dist/bench-cdk8s-baseline.js`,
    '--output',
    out,
  ]),
  floor: node('scripts/bench-floor.mjs', (out) => [snapshotFile, out]),
  'npm run synth': ['npm', (out) => ['run', '--silent', 'synth', '--', ...synthArgs(out)]],
};
if (arg('skip-cdk8s') >= 0 || !existsSync('node_modules/cdk8s-cli/bin/cdk8s')) delete commands.cdk8s;

// The floor's input: the bytes and paths of one keelson run, rendered (this run also writes the
// V8 code cache; --no-cache leaves the synthesis cache to the warm-up run below).
const work = mkdtempSync(join(tmpdir(), 'keelson-bench-snapshot-'));
const snapshotFile = join(work, 'snapshot.json');
execFileSync(process.execPath, ['bin/keelson.js', 'synth', '--no-cache', ...synthArgs(join(work, 'out'))], { stdio: 'ignore' });
const written = filesUnder(join(work, 'out')).sort();
writeFileSync(snapshotFile, JSON.stringify(written.map((f) => [f, readFileSync(join(work, 'out', f), 'utf8')])));

// Warm the file system cache, then alternate the commands. The synthesis cache starts empty, so
// the warm-up `keelson synth`, a normal run, renders and fills it: the timed runs reuse what a
// previous run left, nothing seeded by the bench.
const REUSED = 'rendering reused from the synthesis cache';
rmSync('dist/synth-cache', { recursive: true, force: true });
const warmup = Object.fromEntries(Object.entries(commands).map(([k, c]) => [k, time(c)]));
if (warmup.keelson.stdout.includes(REUSED)) throw new Error('bench: the warm-up keelson synth found a filled cache');
const cacheNote = `the warm-up keelson synth rendered and filled dist/synth-cache/ (${fmt([warmup.keelson.wall])})`;
const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (let i = 0; i < runs; i++) for (const [k, c] of Object.entries(commands)) samples[k].push(time(c));
rmSync(work, { recursive: true, force: true });
// Each figure measures what its label says: every cached run reused the rendering, no --no-cache run did.
for (const [k, reused] of [
  ['keelson', true],
  ['keelson --no-cache', false],
  ['npm run synth', true],
]) {
  const wrong = samples[k].filter((s) => s.stdout.includes(REUSED) !== reused).length;
  if (wrong) throw new Error(`bench: ${wrong} of the ${k} runs ${reused ? 'rendered' : 'reused a cached rendering'}`);
}

const wall = (k) => samples[k].map((s) => s.wall);
const cpu = (k) => (samples[k][0].cpu === undefined ? undefined : samples[k].map((s) => s.cpu));
const line = (label, k) => console.log(`${label.padEnd(34)} wall ${fmt(wall(k))}${cpu(k) ? `; CPU time median ${median(cpu(k)).toFixed(0)} ms` : ''}`);
line('keelson synth, inputs unchanged', 'keelson');
line('keelson synth --no-cache', 'keelson --no-cache');
if (commands.cdk8s) line('cdk8s synth (same app)', 'cdk8s');
line(`I/O floor (${written.length} files)`, 'floor');
line('npm run synth (nothing changed)', 'npm run synth');
console.log(`synthesis cache: ${cacheNote}`);

const floor = median(wall('floor'));
for (const [label, key] of [
  ['keelson synth (inputs unchanged, from the synthesis cache)', 'keelson'],
  ['keelson synth --no-cache (rendering)', 'keelson --no-cache'],
]) {
  const k = median(wall(key));
  if (commands.cdk8s) {
    const r = median(wall('cdk8s')) / k;
    console.log(`ratio: ${label} is ${r.toFixed(1)}x faster than cdk8s synth (goal: >= 5x) ${verdict(r >= 5)}`);
  }
  const f = k / floor;
  console.log(`ratio: ${label} takes ${f.toFixed(1)}x the I/O floor (goal: <= 2x) ${verdict(f <= 2)}`);
}
const extra = median(wall('npm run synth')) - median(wall('keelson'));
console.log(`npm run synth costs ${extra.toFixed(0)} ms more than keelson synth when nothing changed (goal: <= 300 ms) ${verdict(extra <= 300)}`);

console.log('scaling (preview-like environments in one process, manifests and pages written):');
for (const n of [1, 10, 50, 1000]) {
  const scale = node('dist/bench-scale.js', (out) => [String(n), out]);
  if (n < 1000) time(scale);
  const got = Array.from({ length: n === 1000 ? 1 : Math.max(3, Math.ceil(runs / 2)) }, () => time(scale));
  const inside = got.map((s) => JSON.parse(s.stdout));
  const ms = median(got.map((s) => s.wall));
  const note = n === 1000 ? ` (goal: < 5000 ms) ${verdict(ms < 5000)}` : '';
  const m = (f) => median(inside.map(f)).toFixed(0);
  console.log(
    `  ${String(n).padStart(4)} environments (${inside[0].objects} objects): process ${fmt(got.map((s) => s.wall))}; synthesis alone median ${m((s) => s.ms)} ms (rendering ${m((s) => s.renderMs)}, writing ${m((s) => s.writeMs)}); peak memory ${m((s) => s.peakMb)} MB${note}`,
  );
}
if (arg('skip-tests') < 0) benchTests();
console.log(`load average ${loadavg()[0].toFixed(1)} at the end`);
