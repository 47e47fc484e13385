// The test suite's CPU time, for `npm run bench` (issue goal: `npm test` under 30 s of CPU).
// Runs `npm test` once in a child process and reads the CPU time (user + system) of everything
// it ran from /proc/self/stat, wall time beside it. Whether the typecheck was incremental (a
// dist/typecheck.tsbuildinfo from an earlier run) or a full check is said, since a clean clone
// pays the full check once (about 10 s of CPU on 2 cores).
// usage: node scripts/bench-tests.mjs   (or through npm run bench; --skip-tests there skips it)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** CPU time (ms) of this process's finished children (cutime + cstime, 100 ticks per second). */
function childrenCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

export function benchTests() {
  if (!existsSync('/proc/self/stat')) return console.log('npm test CPU time: not measured (needs /proc)');
  const incremental = existsSync('dist/typecheck.tsbuildinfo');
  const load = loadavg()[0];
  const cpu0 = childrenCpuMs();
  const t0 = process.hrtime.bigint();
  execFileSync('npm', ['test', '--silent'], { stdio: 'ignore' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = (childrenCpuMs() - cpu0) / 1000;
  const verdict = cpu < 30 ? 'ok' : 'MISSED';
  console.log(
    `npm test: CPU time ${cpu.toFixed(1)} s (user + system), wall ${wall.toFixed(1)} s, typecheck ${incremental ? 'incremental' : 'full'}, load average ${load.toFixed(1)} at start (goal: < 30 s of CPU) ${verdict}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) benchTests();
