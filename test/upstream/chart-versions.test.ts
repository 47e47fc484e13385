import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELM_CHARTS } from '../../constructs/common/helm-charts';
import recorded from '../../constructs/common/helm-chart-versions.json';

type Recorded = { readAt: string; charts: Record<string, { repoURL: string; source: string; versions: string[] }> };
const data = recorded as Recorded;

/**
 * Argo CD's repo server and Pulumi's Helm client fetch `targetRevision` from the repository's
 * index.yaml (Helm `repo.IndexFile.Get`): a version that was never published fails the sync with
 * "chart ... version ... not found". The recorded list is what the repositories published when read.
 */
describe('pinned Helm charts are published versions', () => {
  test.each(Object.entries(HELM_CHARTS))('%s is in the recorded index of its repository', (_, pin) => {
    const entry = data.charts[pin.chart];
    expect(entry).toBeDefined();
    expect(entry.repoURL).toBe(pin.repoURL);
    expect(entry.versions).toContain(pin.version);
  });

  test('metrics-server 3.14.0 was never published (newest: 3.13.1, CHANGELOG.md of kubernetes-sigs/metrics-server)', () => {
    expect(data.charts['metrics-server'].versions).not.toContain('3.14.0');
    expect(data.charts['metrics-server'].versions.at(-1)).toBe('3.13.1');
  });

  test('every recorded chart names its source and the list carries the date it was read', () => {
    expect(data.readAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const entry of Object.values(data.charts)) expect(entry.source.length).toBeGreaterThan(0);
    expect(Object.keys(data.charts).sort()).toEqual([...new Set(Object.values(HELM_CHARTS).map((c) => c.chart))].sort());
  });

  test('the refresh script fails clearly and changes nothing when a repository is unreachable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chart-versions-'));
    const file = join(dir, 'versions.json');
    const unreachable = { ...data, charts: { harbor: { ...data.charts.harbor, repoURL: 'http://127.0.0.1:9/' } } };
    const before = JSON.stringify(unreachable, null, 2) + '\n';
    writeFileSync(file, before);
    const run = spawnSync(process.execPath, ['scripts/refresh-chart-versions.mjs'], {
      env: { ...process.env, CHART_VERSIONS_FILE: file },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('1 chart repository unreachable');
    expect(run.stderr).toContain('harbor: cannot read http://127.0.0.1:9/index.yaml');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
