import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyProject } from '../support/project-copy';

/**
 * The `keelson` command in a source checkout never runs a bundle older than its sources: after an
 * edit under stacks/, `keelson synth --check` rebuilds first and reports the drift the edit causes
 * (it used to run the old bundle and say "up to date"). Run on a copy of the repository.
 */
describe('keelson after a source edit', () => {
  let repo = '';
  const keelson = (...args: string[]) => spawnSync(process.execPath, ['bin/keelson.js', ...args], { cwd: repo, encoding: 'utf8' });

  beforeAll(() => {
    repo = copyProject('keelson-stale-test-');
  }, 60000);

  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('a fresh clone without dist/ builds on the first run', () => {
    const r = keelson('synth', '--check', '--env', 'dev');
    expect(r.stderr).toContain('keelson: dist/keelson.js is missing; rebuilding dist/');
    expect(r.stdout).toContain('manifests/ is up to date: 1 environments (dev)');
    expect(r.status).toBe(0);
  }, 60000);

  test('an up-to-date bundle runs without rebuilding', () => {
    const r = keelson('synth', '--check', '--env', 'dev');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60000);

  test('an edited stack rebuilds the bundle, and the check reports the drift the edit causes', () => {
    const dev = path.join(repo, 'stacks', 'dev.ts');
    const source = fs.readFileSync(dev, 'utf8');
    expect(source).toContain("storage: { size: '10Gi' }");
    fs.writeFileSync(dev, source.replace("storage: { size: '10Gi' }", "storage: { size: '12Gi' }"));
    // mtime one second ahead: the comparison must not depend on the file system's timestamp resolution
    const later = new Date(fs.statSync(path.join(repo, 'dist', 'keelson.js')).mtimeMs + 1000);
    fs.utimesSync(dev, later, later);
    const r = keelson('synth', '--check', '--env', 'dev');
    expect(r.stderr).toContain('keelson: stacks/dev.ts changed since dist/keelson.js was built; rebuilding dist/');
    expect(r.stdout).toContain('differs   dev/ci/statefulset-jenkins.yaml');
    expect(r.status).toBe(1);
  }, 60000);
});

/**
 * The npm scripts that run the CLI leave the staleness check to it (above) instead of rebuilding
 * every bundle at each run: `npm run synth` when nothing changed used to spend more time in
 * esbuild than in synthesis.
 */
test('the npm scripts of the CLI run it directly, without an unconditional build', () => {
  const scripts = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  for (const name of ['synth', 'synth:check', 'report', 'graph', 'validate', 'diff']) {
    expect(scripts[name]).toMatch(/^node bin\/keelson\.js /);
    expect(scripts[name]).not.toContain('build.mjs');
  }
});
