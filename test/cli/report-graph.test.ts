import { captureConsole } from '../support/console';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../cli/keelson';
import { ENVIRONMENTS, UNKNOWN_ENVIRONMENT } from '../../stacks/environments';
import { unknownEnvironmentError } from '../support/environments';

describe('keelson report and graph', () => {
  const { out, err } = captureConsole();

  test('help lists report and graph', async () => {
    expect(await main(['help'])).toBe(0);
    expect(out.join('\n')).toMatch(/^ {2}report +resource budget/m);
    expect(out.join('\n')).toMatch(/^ {2}graph +write each environment's topology/m);
  });

  test('report --env prod prints the budget as a text table with its totals', async () => {
    expect(await main(['report', '--env', 'prod'])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^== environment prod ==$/m);
    // controller 2 CPU / 8Gi / 200Gi; swarm agents 2..10 × (1 CPU, 2Gi request, 4Gi limit).
    expect(text).toMatch(/^ci · jenkins\/controller +1 +2 +none +8Gi +8Gi +200Gi +1 +2 +8Gi +8Gi +200Gi$/m);
    expect(text).toMatch(/^ci · jenkins\/swarm-agent +2-10 +2 +none +4Gi +8Gi +0 +10 +10 +20Gi +40Gi +0$/m);
    // The totals of every component are checked by hand on a fixture (test/overview); here, that the row is there.
    expect(text).toMatch(/^total +\d+-\d+ +[\d.]+ +none +[\d.]+Gi +[\d.]+Gi +[\d.]+[GT]i /m);
    expect(text).toContain('6 nodes assumed');
    expect(text).toMatch(/^docker\.io\/jenkins\/jenkins +2\.580\.1-lts-jdk21 +ci · jenkins\/controller$/m);
    expect(text).toMatch(/^LoadBalancer +ci +jenkins-external +any address 443\/TCP +pool 10\.30\.0\.11/m);
  });

  test('report --format json is parseable and carries every section', async () => {
    expect(await main(['report', '--env', 'dev', '--env', 'prod', '--format', 'json', '--nodes', '2'])).toBe(0);
    const reports = JSON.parse(out.join('\n'));
    expect(reports.map((r: any) => r.env)).toEqual(['dev', 'prod']);
    expect(reports[1].budget.nodes).toBe(2);
    // The total is the sum of the rows.
    const sum = (field: string) => reports[1].budget.rows.reduce((n: number, r: any) => n + r.normal[field], 0);
    expect(reports[1].budget.total.normal).toMatchObject({
      cpuRequest: sum('cpuRequest'),
      memoryRequest: sum('memoryRequest'),
      memoryLimit: sum('memoryLimit'),
      storage: sum('storage'),
    });
    expect(Object.keys(reports[0]).sort()).toEqual(['budget', 'charts', 'endpoints', 'env', 'images', 'releases']);
  });

  test('report --format markdown prints Markdown tables', async () => {
    expect(await main(['report', '--env', 'staging', '--format', 'markdown'])).toBe(0);
    expect(out.join('\n')).toMatch(/^# Environment `staging`\n\n## Resource budget\n\n\| component \| pods \|/);
  });

  test.each([
    [['report', '--format', 'yaml'], 'keelson report: --format must be one of text, markdown, json; got "yaml"'],
    [['report', '--nodes', '0'], 'keelson report: --nodes must be a whole number >= 1; got "0"'],
    [['graph', '--out', 'x'], 'keelson graph: unknown option --out'],
  ])('usage errors exit 64: %j', async (argv, message) => {
    expect(await main(argv)).toBe(64);
    expect(err.join('\n')).toContain(message);
  });

  test('an unknown environment exits 1 with the configuration error', async () => {
    expect(await main(['report', '--env', UNKNOWN_ENVIRONMENT])).toBe(1);
    expect(err.join('\n')).toBe(`error: ${unknownEnvironmentError()}`);
  });

  test('graph --check passes on the committed pages', async () => {
    expect(await main(['graph', '--check'])).toBe(0);
    expect(out.join('\n')).toBe(`docs/environments/ is up to date: ${ENVIRONMENTS.length} environment pages`);
  });

  test('graph --print prints the diagrams only', async () => {
    expect(await main(['graph', '--env', 'dev', '--print'])).toBe(0);
    expect(out.join('\n')).toMatch(/^%% environment dev\nflowchart LR\n/);
  });

  test('graph writes the pages into --docs and --check then finds them current', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-graph-'));
    try {
      expect(await main(['graph', '--docs', dir, '--check'])).toBe(1);
      expect(err).toContain(`  missing   ${dir}/dev.md`);
      expect(await main(['graph', '--docs', dir])).toBe(0);
      expect(fs.readdirSync(dir).sort()).toEqual(ENVIRONMENTS.map((e) => `${e.name}.md`).sort());
      expect(fs.readFileSync(path.join(dir, 'prod.md'), 'utf8')).toBe(fs.readFileSync('docs/environments/prod.md', 'utf8'));
      expect(await main(['graph', '--docs', dir, '--check'])).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
