/**
 * The full-copy entrypoint, run for real by bash against a stand-in for bin/logstash that
 * behaves as Logstash and its plugins do (sources in full-copy-script.ts):
 * - a copy whose pipeline fails to start: with one pipeline per process, agent.rb's `execute`
 *   returns 1 (the first converge created no pipeline), so Logstash exits 1;
 * - a copy whose point in time expired: paginated_search.rb's `retryable` logs
 *   "Tried run search after unsuccessfully" and the input ends normally, so Logstash exits 0;
 * - SIGTERM: Logstash drains its queue (queue.drain) and exits 0.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT_SEARCH_GAVE_UP, EXIT_STOPPED, fullCopyScript } from '../../constructs/logstash/full-copy-script';
import { find } from '../support/harness';
import { objectsOf } from '../support/environments';

const STUB = `#!/bin/bash
id=; conf=
while [ $# -gt 0 ]; do
  case $1 in --pipeline.id) id=$2 ;; --path.config) conf=$2 ;; esac
  shift
done
echo "$id $conf" >> "$STUB_CALLS"
var="STUB_\${id//-/_}"
case \${!var:-ok} in
  ok) echo '{"level":"INFO","loggerName":"logstash.inputs.elasticsearch.searchafter","logEvent":{"message":"Query completed"}}' ;;
  no-start) echo '{"level":"ERROR","loggerName":"logstash.agent","logEvent":{"message":"Failed to execute action"}}'; exit 1 ;;
  pit-lost) printf '%s' '{"level":"ERROR","loggerName":"logstash.inputs.elasticsearch.searchafter","logEvent":{"message":"Tried run search after unsuccessfully","cause":"No search context found"}}' ;;
  hang) trap 'echo "drained"; exit 0' TERM; : > "$STUB_STARTED"; while :; do sleep 0.05; done ;;
esac
exit 0
`;

function setup(copies = ['first-full', 'second-full']) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-copy-'));
  fs.writeFileSync(path.join(dir, 'logstash'), STUB, { mode: 0o755 });
  const script = fullCopyScript({
    logstash: path.join(dir, 'logstash'),
    args: ['--path.settings', '/settings'],
    pipelineDir: '/pipelines',
    stateDir: path.join(dir, 'state'),
    tmpDir: dir,
    copies: copies.map((id) => ({ id, file: `${id}.conf`, workers: 2, batchSize: 500 })),
  });
  fs.writeFileSync(path.join(dir, 'full-copy.sh'), script);
  const env = (modes: Record<string, string>, jobUid = 'job-1') => ({
    PATH: process.env.PATH,
    JOB_UID: jobUid,
    STUB_CALLS: path.join(dir, 'calls'),
    STUB_STARTED: path.join(dir, 'started'),
    ...Object.fromEntries(Object.entries(modes).map(([id, m]) => [`STUB_${id.replace(/-/g, '_')}`, m])),
  });
  const run = (modes: Record<string, string> = {}, jobUid = 'job-1') => {
    const r = spawnSync('bash', [path.join(dir, 'full-copy.sh')], { env: env(modes, jobUid), encoding: 'utf8', timeout: 20000 });
    return { status: r.status, out: r.stdout, err: r.stderr };
  };
  const calls = () => (fs.existsSync(path.join(dir, 'calls')) ? fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n') : []);
  const done = (jobUid = 'job-1') => (fs.existsSync(path.join(dir, 'state', jobUid)) ? fs.readdirSync(path.join(dir, 'state', jobUid)).sort() : []);
  return { dir, run, calls, done, env, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe('the full-copy entrypoint fails the Job unless every copy finished', () => {
  test('every copy in its own Logstash, with its pipeline file; exit 0 and a marker each when all finish', () => {
    const t = setup();
    try {
      const r = t.run();
      expect(r.status).toBe(0);
      expect(t.calls()).toEqual(['first-full /pipelines/first-full.conf', 'second-full /pipelines/second-full.conf']);
      expect(t.done()).toEqual(['first-full.done', 'second-full.done']);
      expect(r.out).toContain('"message":"Query completed"'); // Logstash's output still reaches the pod log
    } finally {
      t.cleanup();
    }
  });

  test('a copy that fails to start fails the Job; the retry skips the finished copy and runs the failed one', () => {
    const t = setup();
    try {
      expect(t.run({ 'second-full': 'no-start' }).status).toBe(1);
      expect(t.done()).toEqual(['first-full.done']);
      expect(t.run().status).toBe(0); // next pod of the same Job (backoffLimit)
      expect(t.calls()).toEqual([
        'first-full /pipelines/first-full.conf',
        'second-full /pipelines/second-full.conf',
        'second-full /pipelines/second-full.conf',
      ]);
    } finally {
      t.cleanup();
    }
  });

  test('a copy whose point in time was lost exits non-zero although Logstash exited 0', () => {
    const t = setup();
    try {
      const r = t.run({ 'first-full': 'pit-lost' });
      expect(r.status).toBe(EXIT_SEARCH_GAVE_UP);
      expect(r.err).toContain('full-copy: first-full is incomplete');
      expect(t.done()).toEqual([]);
      expect(t.calls()).toEqual(['first-full /pipelines/first-full.conf']);
    } finally {
      t.cleanup();
    }
  });

  test('a new Job (another uid) copies everything again', () => {
    const t = setup();
    try {
      t.run();
      expect(t.run({}, 'job-2').status).toBe(0);
      expect(t.calls()).toHaveLength(4);
    } finally {
      t.cleanup();
    }
  });

  test('SIGTERM reaches Logstash, which drains; the copy counts as unfinished', async () => {
    const t = setup();
    try {
      const child = spawn('bash', [path.join(t.dir, 'full-copy.sh')], { env: t.env({ 'first-full': 'hang' }) });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      for (let i = 0; i < 200 && !fs.existsSync(path.join(t.dir, 'started')); i++) await new Promise((r) => setTimeout(r, 25));
      child.kill('SIGTERM');
      expect(await exited).toBe(EXIT_STOPPED);
      expect(out).toContain('drained');
      expect(t.done()).toEqual([]);
      expect(t.calls()).toEqual(['first-full /pipelines/first-full.conf']);
    } finally {
      t.cleanup();
    }
  });
});

describe('the Job runs it', () => {
  test.each(['staging', 'prod'])('%s: the copy container runs the script with the Job uid; failed pods are retried', (env) => {
    const objects = objectsOf(env, 'es-sync');
    const job = find(objects, 'Job', 'es-sync-full');
    const copy = job.spec.template.spec.containers[0];
    expect(copy.command).toEqual(['/bin/bash', '/usr/share/logstash/config/full-copy.sh']);
    expect(copy.env.find((e: { name: string }) => e.name === 'JOB_UID').valueFrom.fieldRef.fieldPath).toBe(
      "metadata.labels['batch.kubernetes.io/controller-uid']",
    );
    expect(job.spec.backoffLimit).toBeGreaterThan(0);
    const script = find(objects, 'ConfigMap', 'es-sync-full-config').data['full-copy.sh'];
    expect(script.match(/^copy \S+/gm)).toEqual(['copy commerce-full', 'copy catalog-full']);
    // Started with --path.config, Logstash ignores pipelines.yml: the copy's queue and
    // dead-letter queue sizes come from logstash.yml (Logstash settings: queue.max_bytes,
    // dead_letter_queue.max_bytes are also process-wide settings).
    const yml = find(objects, 'ConfigMap', 'es-sync-full-config').data['logstash.yml'];
    const sizes = { staging: ['4096mb', '2048mb'], prod: ['8192mb', '4096mb'] }[env]!;
    expect(yml).toContain(`queue.max_bytes: ${sizes[0]}\n`);
    expect(yml).toContain(`dead_letter_queue.max_bytes: ${sizes[1]}\n`);
  });
});
