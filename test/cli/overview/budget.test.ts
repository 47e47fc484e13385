import { budgetJson, budgetTable, computeBudget, diffBudgets, formatBudgetDelta } from '../../../cli/overview/budget';
import { formatBytes, formatCores, textTable } from '../../../cli/overview/format';
import { chartsFromManifestFiles, componentTitle } from '../../../cli/overview/workloads';
import { renderedEnvironments } from '../../support/environments';
import { Gi, Mi, overviewFixture } from '../../support/overview-fixture';

// Every expected number is worked out by hand in test/support/overview-fixture.ts.
describe('resource budget of the fixture app (4 nodes)', () => {
  const budget = computeBudget(overviewFixture().charts, { nodes: 4 });
  const row = (title: string) => {
    const r = budget.rows.find((x) => componentTitle(x.key) === title);
    if (!r) throw new Error(`no row ${title}; have ${budget.rows.map((x) => componentTitle(x.key)).join(', ')}`);
    return r;
  };

  test('one row per chart + name + component, in chart order', () => {
    expect(budget.rows.map((r) => componentTitle(r.key))).toEqual([
      'shop · web/frontend',
      'shop · postgres/database',
      'shop · node-agent/collector',
      'jobs · reporter/batch',
    ]);
  });

  test('an init container larger than the app containers sets the request; HPA min and max give the replica range; claims join the component', () => {
    const web = row('shop · web/frontend');
    expect(web.objects).toEqual(['Deployment/web', 'PersistentVolumeClaim/uploads', 'PersistentVolumeClaim/cache']);
    expect([web.pods, web.maxPods]).toEqual([2, 6]);
    expect(web.normal).toEqual({ cpuRequest: 2000, cpuLimit: Infinity, memoryRequest: 640 * Mi, memoryLimit: 1280 * Mi, storage: 6 * Gi });
    expect(web.worstCase).toEqual({ cpuRequest: 6000, cpuLimit: Infinity, memoryRequest: 1920 * Mi, memoryLimit: 3840 * Mi, storage: 6 * Gi });
  });

  test('sidecars add to the pod; volumeClaimTemplates count once per replica', () => {
    const db = row('shop · postgres/database');
    expect([db.pods, db.maxPods]).toEqual([3, 3]);
    expect(db.normal).toEqual({ cpuRequest: 1800, cpuLimit: 3600, memoryRequest: 3264 * Mi, memoryLimit: 3264 * Mi, storage: 36 * Gi });
    expect(db.worstCase).toEqual(db.normal);
  });

  test('a DaemonSet counts once per assumed node; a limit without a request requests the limit', () => {
    const agent = row('shop · node-agent/collector');
    expect([agent.pods, agent.perNode]).toEqual([4, true]);
    expect(agent.normal).toEqual({ cpuRequest: 400, cpuLimit: 400, memoryRequest: 800 * Mi, memoryLimit: 800 * Mi, storage: 0 });
    expect(computeBudget(overviewFixture().charts, { nodes: 10 }).rows[2].normal.cpuRequest).toBe(1000);
  });

  test('a CronJob counts its parallelism', () => {
    expect(row('jobs · reporter/batch').normal).toEqual({ cpuRequest: 200, cpuLimit: 200, memoryRequest: 200 * Mi, memoryLimit: 200 * Mi, storage: 0 });
  });

  test('totals', () => {
    expect(budget.total).toEqual({
      pods: 11,
      maxPods: 15,
      normal: { cpuRequest: 4400, cpuLimit: Infinity, memoryRequest: 4904 * Mi, memoryLimit: 5544 * Mi, storage: 42 * Gi },
      worstCase: { cpuRequest: 8400, cpuLimit: Infinity, memoryRequest: 6184 * Mi, memoryLimit: 8104 * Mi, storage: 42 * Gi },
    });
  });

  test('the table shows the same numbers in cores and binary units', () => {
    const table = budgetTable(budget);
    expect(table.rows.at(-1)).toEqual(['total', '11-15', '4.4', 'none', '4.79Gi', '5.41Gi', '42Gi', '15', '8.4', '6.04Gi', '7.91Gi', '42Gi']);
    expect(table.rows[2]).toEqual(['shop · node-agent/collector', '4 (per node)', '0.4', '0.4', '800Mi', '800Mi', '0', '4', '0.4', '800Mi', '800Mi', '0']);
    expect(textTable(table).split('\n')[0]).toMatch(/^component +pods +CPU req +CPU lim +mem req +mem lim +storage +worst: pods/);
  });

  test('JSON turns unbounded limits into null', () => {
    const json = budgetJson(budget) as any;
    expect(json.total.normal.cpuLimit).toBeNull();
    expect(json.total.normal.cpuRequest).toBe(4400);
    expect(json.nodes).toBe(4);
    expect(json.units).toEqual({ cpu: 'millicores', memory: 'bytes', storage: 'bytes' });
  });
});

describe('budget delta', () => {
  const before = computeBudget(overviewFixture().charts, { nodes: 4 });

  test('identical budgets: no change', () => {
    expect(diffBudgets(before, computeBudget(overviewFixture().charts, { nodes: 4 }))).toEqual([]);
    expect(formatBudgetDelta(before, before)).toBe('resource budget: no change');
  });

  test('more nodes grow the DaemonSet rows and the totals', () => {
    const after = computeBudget(overviewFixture().charts, { nodes: 5 });
    const changes = diffBudgets(before, after);
    expect(changes.filter((c) => c.component === 'total' && c.measure === 'CPU request')).toEqual([
      { component: 'total', measure: 'CPU request', before: '4.4', after: '4.5', change: '+0.1' },
    ]);
    expect(changes.find((c) => c.component === 'shop · node-agent/collector' && c.measure === 'memory limit')).toEqual({
      component: 'shop · node-agent/collector',
      measure: 'memory limit',
      before: '800Mi',
      after: '1000Mi',
      change: '+200Mi',
    });
    expect(changes.every((c) => c.component === 'total' || c.component === 'shop · node-agent/collector')).toBe(true);
    const text = formatBudgetDelta(before, after);
    expect(text.split('\n')[0]).toMatch(/^component +measure +before +after +change$/);
    expect(formatBudgetDelta(before, after, 'markdown')).toContain('| total | pods | 11 | 12 | +1 |');
  });

  test('a removed component shows as a decrease to zero', () => {
    const fixture = overviewFixture();
    const after = computeBudget([{ ...fixture.charts[0] }], { nodes: 4 });
    expect(diffBudgets(before, after)).toContainEqual({
      component: 'jobs · reporter/batch',
      measure: 'CPU request',
      before: '0.2',
      after: '0',
      change: '-0.2',
    });
  });
});

describe('quantities', () => {
  test.each([
    [250, '0.25'],
    [2000, '2'],
    [1250, '1.25'],
    [Infinity, 'none'],
  ])('%s millicores -> %s', (milli, text) => expect(formatCores(milli)).toBe(text));
  test.each([
    [0, '0'],
    [768 * Mi, '768Mi'],
    [1.5 * Gi, '1.5Gi'],
    [200 * Gi, '200Gi'],
    [1024 * Gi, '1Ti'],
  ])('%s bytes -> %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('budget from committed YAML', () => {
  test('reading manifests/ back gives the same budget as the rendered objects', () => {
    for (const r of renderedEnvironments()) {
      const [before, after] = [computeBudget(chartsFromManifestFiles(r.env, r.files), { nodes: 3 }), computeBudget(r.charts, { nodes: 3 })];
      // Files come back in file-name order, so rows are compared by component.
      const byComponent = (b: typeof before) => [...b.rows].sort((x, y) => componentTitle(x.key).localeCompare(componentTitle(y.key)));
      expect(byComponent(before)).toEqual(byComponent(after));
      expect(before.total).toEqual(after.total);
      expect(diffBudgets(before, after)).toEqual([]);
    }
  });
});
