import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { committedManifests, isShallow, resolveCommit } from '../../cli/diff/base-revision';
import { diffManifests, formatMarkdown, formatText, imageChanges } from '../../cli/diff/manifest-diff';
import { unifiedDiff } from '../../cli/diff/unified';
import { copyProject } from '../support/project-copy';

const yaml = (kind: string, name: string, extra = '') => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${extra}`;

describe('unifiedDiff', () => {
  test('equal texts give nothing', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'a/x', 'b/x')).toBe('');
  });

  test('a change in the middle: one hunk with three lines of context, as diff -u prints it', () => {
    const from = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n') + '\n';
    const to = from.replace('5\n', 'five\n');
    expect(unifiedDiff(from, to, 'a/f', 'b/f')).toBe(
      ['--- a/f', '+++ b/f', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', ''].join('\n'),
    );
  });

  test('distant changes make separate hunks; additions and removals at the ends', () => {
    const from = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join('\n') + '\n';
    const to = `l0\n${from.replace('l20\n', '')}`;
    expect(unifiedDiff(from, to, 'a/f', 'b/f')).toBe(
      ['--- a/f', '+++ b/f', '@@ -1,3 +1,4 @@', '+l0', ' l1', ' l2', ' l3', '@@ -17,4 +18,3 @@', ' l17', ' l18', ' l19', '-l20', ''].join('\n'),
    );
  });

  test('a new file', () => {
    expect(unifiedDiff('', 'x\ny\n', '/dev/null', 'b/f')).toBe('--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n');
  });
});

describe('diffManifests', () => {
  const base = new Map([
    ['dev/ci/configmap-a.yaml', yaml('ConfigMap', 'a', 'data:\n  k: "1"\n')],
    ['dev/ci/service-gone.yaml', yaml('Service', 'gone')],
    ['prod/ci/configmap-a.yaml', yaml('ConfigMap', 'a')],
  ]);
  const head = new Map([
    ['dev/ci/configmap-a.yaml', yaml('ConfigMap', 'a', 'data:\n  k: "2"\n')],
    ['dev/ci/secretless-new.yaml', yaml('ServiceAccount', 'new')],
    ['prod/ci/configmap-a.yaml', yaml('ConfigMap', 'a')],
  ]);
  const diffs = diffManifests(base, head, ['prod', 'dev']);

  test('per environment, in the given order, counting added, changed and removed objects', () => {
    expect(diffs.map((d) => [d.env, d.counts])).toEqual([
      ['prod', { added: 0, changed: 0, removed: 0 }],
      ['dev', { added: 1, changed: 1, removed: 1 }],
    ]);
    expect(diffs[1].changes.map((c) => [c.path, c.kind, c.object])).toEqual([
      ['dev/ci/configmap-a.yaml', 'changed', 'ConfigMap/a'],
      ['dev/ci/secretless-new.yaml', 'added', 'ServiceAccount/new'],
      ['dev/ci/service-gone.yaml', 'removed', 'Service/gone'],
    ]);
    expect(diffs[1].changes[0].patch).toContain('-  k: "1"\n+  k: "2"\n');
    expect(diffs[1].changes[2].patch).toContain('+++ /dev/null');
  });

  test('text: summary lines, then the unified diffs', () => {
    const text = formatText(diffs, 'title');
    expect(text.split('\n').slice(0, 7)).toEqual([
      'title',
      '',
      'prod: 0 added, 0 changed, 0 removed',
      'dev: 1 added, 1 changed, 1 removed',
      '  ~ dev/ci/configmap-a.yaml (ConfigMap/a)',
      '  + dev/ci/secretless-new.yaml (ServiceAccount/new)',
      '  - dev/ci/service-gone.yaml (Service/gone)',
    ]);
    expect(text).toContain('--- a/dev/ci/configmap-a.yaml\n+++ b/dev/ci/configmap-a.yaml\n@@');
    expect(formatText(diffManifests(base, base), 't')).toBe('t\n\nno manifest changes\n');
  });

  test('markdown: a summary table and one collapsible diff per object', () => {
    const md = formatMarkdown(diffs, 'keelson manifest diff');
    expect(md).toContain('| environment | added | changed | removed |\n|---|---:|---:|---:|\n| prod | 0 | 0 | 0 |\n| dev | 1 | 1 | 1 |');
    expect(md).toContain('<details><summary><code>dev/ci/configmap-a.yaml</code> ConfigMap/a (changed)</summary>\n\n```diff\n--- a/dev/ci/configmap-a.yaml');
    expect(formatMarkdown(diffManifests(base, base), 't')).toBe('### t\n\nNo manifest changes.\n');
  });

  describe('markdown under the size limit: what a reviewer must see comes first, and the cut is stated', () => {
    const deployment = (image: string, replicas: number) =>
      yaml('Deployment', 'web', `spec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`);
    const before = new Map([
      ['dev/app/deployment-web.yaml', deployment('docker.io/acme/web:1.0', 1)],
      ['prod/app/deployment-web.yaml', deployment('docker.io/acme/web:1.0', 3)],
      ['prod/app/configmap-old.yaml', yaml('ConfigMap', 'old')],
    ]);
    const after = new Map([
      ['dev/app/deployment-web.yaml', deployment('docker.io/acme/web:1.1', 1)],
      ['prod/app/deployment-web.yaml', deployment('docker.io/acme/web:1.1', 4)],
      // A new environment: many large files, all added.
      ...Array.from(
        { length: 40 },
        (_, i) => [`qa/app/configmap-${i}.yaml`, yaml('ConfigMap', `c${i}`, `data:\n  k: "${'x'.repeat(400)}"\n`)] as [string, string],
      ),
    ]);
    // Promotion order puts qa and dev before prod: the review order must not.
    const envDiffs = diffManifests(before, after, ['dev', 'qa', 'prod']);
    const summary = {
      reviewOrder: ['prod', 'qa', 'dev'],
      budget: new Map([['prod', 'pods +1']]),
      images: imageChanges(before, after),
    };
    const limit = 6000;
    const md = formatMarkdown(envDiffs, 'diff', limit, summary);

    test('the summary is at the top: counts and budget per environment (production first), then image changes', () => {
      expect(md.split('\n').slice(0, 12)).toEqual([
        '### diff',
        '',
        '| environment | added | changed | removed | budget |',
        '|---|---:|---:|---:|---|',
        '| prod | 0 | 1 | 1 | pods +1 |',
        '| qa | 40 | 0 | 0 | no change |',
        '| dev | 0 | 1 | 0 | no change |',
        '',
        '| environment | image | before | after |',
        '|---|---|---|---|',
        '| prod | docker.io/acme/web | `1.0` | `1.1` |',
        '| dev | docker.io/acme/web | `1.0` | `1.1` |',
      ]);
    });

    test('changed objects come first, production first, then removals, then additions', () => {
      const shown = [...md.matchAll(/<summary><code>([^<]+)<\/code>/g)].map((m) => m[1]);
      expect(shown.slice(0, 3)).toEqual(['prod/app/deployment-web.yaml', 'dev/app/deployment-web.yaml', 'prod/app/configmap-old.yaml']);
      expect(shown.slice(3).every((p) => p.startsWith('qa/'))).toBe(true);
    });

    test('the comment stays under the limit and says which diffs were cut, and how many per environment', () => {
      expect(md.length).toBeLessThanOrEqual(limit);
      const shownCount = [...md.matchAll(/<details>/g)].length;
      const cut = 43 - shownCount;
      expect(cut).toBeGreaterThan(0);
      expect(md).toContain(`**Not shown:** ${cut} of 43 diffs (${cut} added in qa) would pass the comment's ${limit}-character limit`);
      expect(md).toMatch(/- `qa\/app\/configmap-\d+\.yaml` ConfigMap\/c\d+ \(added\)\n/);
    });

    test('a list of cut diffs too long for the comment ends with how many more there are', () => {
      const tiny = formatMarkdown(envDiffs, 'diff', 1500, summary);
      expect(tiny.length).toBeLessThanOrEqual(1500);
      expect(tiny).toMatch(/- … and \d+ more\n$/);
    });
  });
});

/**
 * End to end on a fresh repository: the project's files committed twice (the second commit
 * changes dev), then `keelson diff --base HEAD~1` run from the built CLI, as a user would
 * after cloning.
 */
describe('keelson diff against HEAD~1 in a fresh repository', () => {
  let repo = '';
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const git = (...args: string[]) => run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args]);

  beforeAll(() => {
    repo = copyProject('keelson-diff-test-');
    fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules\ndist\n');
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'base');
    const dev = path.join(repo, 'stacks', 'dev.ts');
    fs.writeFileSync(dev, fs.readFileSync(dev, 'utf8').replace("storage: { size: '10Gi' }", "storage: { size: '12Gi' }"));
    git('commit', '-qam', 'grow JENKINS_HOME in dev');
    run(process.execPath, ['scripts/build.mjs', '--cli']);
  }, 60000);

  const onExit: (() => void)[] = [];
  afterAll(() => {
    fs.rmSync(repo, { recursive: true, force: true });
    onExit.forEach((f) => f());
  });

  test('shows exactly the changed object, synthesized from both revisions', () => {
    const out = run(process.execPath, ['bin/keelson.js', 'diff', '--base', 'HEAD~1']);
    expect(out).toContain('dev: 0 added, 1 changed, 0 removed\n  ~ dev/ci/statefulset-jenkins.yaml (StatefulSet/jenkins)\n');
    expect(out).toContain('staging: 0 added, 0 changed, 0 removed');
    expect(out).toMatch(/-\s+storage: 10Gi\n\+\s+storage: 12Gi\n/);
  }, 60000);

  test('markdown output and --exit-code; the base synthesized by the first run is reused, not rebuilt', () => {
    let status = 0;
    let out = '';
    let stderr = '';
    try {
      out = run(process.execPath, ['bin/keelson.js', 'diff', '--base', 'HEAD~1', '--format', 'markdown', '--exit-code']);
    } catch (e) {
      status = (e as { status: number }).status;
      out = (e as { stdout: string }).stdout;
      stderr = (e as { stderr: string }).stderr;
    }
    expect(status).toBe(1);
    const base = git('rev-parse', 'HEAD~1').trim();
    expect(stderr).toContain(`base manifests: synthesized by the code of ${base.slice(0, 12)} (kept from an earlier run in dist/diff-base/)`);
    expect(fs.existsSync(path.join(repo, 'dist', 'diff-base', `${base}.json`))).toBe(true);
    // The budget column: dev's JENKINS_HOME claim grew by 2Gi; production's row comes first.
    expect(out).toContain('| dev | 0 | 1 | 0 | storage +2Gi |');
    expect(out.indexOf('| prod | 0 | 0 | 0 | no change |')).toBeLessThan(out.indexOf('| dev |'));
    expect(out).toContain('Images: no change.');
    expect(out).toContain('<code>dev/ci/statefulset-jenkins.yaml</code> StatefulSet/jenkins (changed)');
  }, 60000);

  test('the committed manifests of the base can be compared instead', () => {
    // the base's committed manifests/ (10Gi) against the working tree's rendering (12Gi)
    const out = run(process.execPath, ['bin/keelson.js', 'diff', '--base', 'HEAD~1', '--base-source', 'committed']);
    expect(out).toContain('dev: 0 added, 1 changed, 0 removed');
  }, 60000);

  test("the base's committed manifests are read from git's objects, byte for byte", () => {
    const base = git('rev-parse', 'HEAD~1').trim();
    const onDisk = (dir: string, prefix = ''): [string, string][] =>
      fs
        .readdirSync(path.join(dir, prefix), { withFileTypes: true })
        .flatMap((e) =>
          e.isDirectory()
            ? onDisk(dir, path.posix.join(prefix, e.name))
            : [[path.posix.join(prefix, e.name), fs.readFileSync(path.join(dir, prefix, e.name), 'utf8')] as [string, string]],
        );
    // The second commit changed stacks/dev.ts only, so the base's manifests/ is the working tree's.
    const expected = onDisk(path.join(repo, 'manifests')).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(expected.length).toBeGreaterThan(300);
    expect([...committedManifests(repo, base)].sort(([a], [b]) => (a < b ? -1 : 1))).toEqual(expected);
  });

  test('an unknown revision is a clear error; a full clone gets no shallow-clone hint', () => {
    let stderr = '';
    try {
      run(process.execPath, ['bin/keelson.js', 'diff', '--base', 'no-such-branch']);
    } catch (e) {
      stderr = String((e as { stderr: string }).stderr);
    }
    expect(stderr).toContain("unknown git revision 'no-such-branch'");
    expect(stderr).not.toContain('shallow');
  });

  test('in a shallow clone the error says how to fetch the revision', () => {
    // `git clone --depth 1` of a file:// URL makes a real shallow clone (a plain path would hard-link
    // a full one); a two-commit repository of one file is enough, and cloning it costs nothing.
    const origin = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-diff-origin-'));
    const shallow = `${origin}-shallow`;
    onExit.push(() => [origin, shallow].forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const inOrigin = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: origin, stdio: 'ignore' });
    inOrigin('init', '-q');
    for (const n of ['1', '2']) {
      fs.writeFileSync(path.join(origin, 'f'), n);
      inOrigin('add', 'f');
      inOrigin('commit', '-qm', n);
    }
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin}`, shallow], { stdio: 'ignore' });
    expect(isShallow(shallow)).toBe(true);
    expect(isShallow(repo)).toBe(false);
    expect(() => resolveCommit(shallow, 'origin/HEAD~1')).toThrow(
      "unknown git revision 'origin/HEAD~1' (this is a shallow clone: fetch it first, git fetch --depth=50 origin HEAD~1)",
    );
  });
});
