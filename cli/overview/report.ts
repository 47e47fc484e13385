import { RenderedObjects } from '../../render';
import { Budget, budgetJson, budgetNotes, budgetTable, computeBudget } from './budget';
import { markdownTable, Table, textTable } from './format';
import { ChartCount, Endpoint, endpointsOf, ImageUse, imagesOf, objectCounts, ReleaseUse, releasesOf } from './inventory';
import { componentTitle } from './workloads';

/** Everything `keelson report` says about one environment. */
export interface EnvironmentReport {
  readonly env: string;
  readonly budget: Budget;
  readonly charts: readonly ChartCount[];
  readonly endpoints: readonly Endpoint[];
  readonly images: readonly ImageUse[];
  readonly releases: readonly ReleaseUse[];
}

export interface ReportOptions {
  /** Nodes assumed for DaemonSets. @default the environment's `overview.nodes` */
  readonly nodes?: number;
}

/** The budget of a rendered environment, with its own node-count assumption unless one is given. */
export function environmentBudget(r: RenderedObjects, options: ReportOptions = {}): Budget {
  return computeBudget(r.charts, { nodes: options.nodes ?? r.config.overview.nodes });
}

export function buildReport(r: RenderedObjects, options: ReportOptions = {}): EnvironmentReport {
  return {
    env: r.env,
    budget: environmentBudget(r, options),
    charts: objectCounts(r.charts),
    endpoints: endpointsOf(r.charts),
    images: imagesOf(r.charts),
    releases: releasesOf(r.releases),
  };
}

export type ReportFormat = 'text' | 'markdown' | 'json';

function chartsTable(charts: readonly ChartCount[]): Table {
  return {
    columns: [{ title: 'chart' }, { title: 'namespace' }, { title: 'objects', align: 'right' }, { title: 'kinds' }],
    rows: charts.map((c) => [
      c.chart,
      c.namespace ?? '(chosen at deploy)',
      String(c.objects),
      Object.entries(c.kinds)
        .map(([k, n]) => `${n} ${k}`)
        .join(', '),
    ]),
  };
}

function endpointsTable(endpoints: readonly Endpoint[]): Table {
  return {
    columns: [{ title: 'endpoint' }, { title: 'chart' }, { title: 'object' }, { title: 'address' }, { title: 'details' }, { title: 'serves' }],
    rows: endpoints.map((e) =>
      e.kind === 'Ingress'
        ? [
            'Ingress',
            e.chart,
            e.ingress,
            e.urls.join(', '),
            [e.ingressClassName && `class ${e.ingressClassName}`, ...Object.entries(e.annotations).map(([k, v]) => `${k}=${v}`)].filter(Boolean).join('; '),
            e.targets.map(componentTitle).join(', '),
          ]
        : [
            e.kind,
            e.chart,
            e.count === 1 ? e.service : `${e.service} (×${e.count})`,
            [e.fixedIps.length ? e.fixedIps.join(', ') : 'any address', e.ports.join(', ')].join(' '),
            [
              e.createdBy && `created by ${e.createdBy}`,
              e.pool && `pool ${e.pool}`,
              e.loadBalancerClass && `class ${e.loadBalancerClass}`,
              ...Object.entries(e.annotations).map(([k, v]) => `${k}=${v}`),
            ]
              .filter(Boolean)
              .join('; '),
            e.targets.map(componentTitle).join(', '),
          ],
    ),
  };
}

function imagesTable(images: readonly ImageUse[]): Table {
  return {
    columns: [{ title: 'image' }, { title: 'version' }, { title: 'used by' }],
    rows: images.map((i) => [i.repository, i.version, i.usedBy.join(', ')]),
  };
}

function releasesTable(releases: readonly ReleaseUse[]): Table {
  return {
    columns: [{ title: 'release' }, { title: 'namespace' }, { title: 'chart' }, { title: 'version' }, { title: 'repository' }],
    rows: releases.map((r) => [r.name, r.namespace, r.chart, r.version, r.repoURL]),
  };
}

/** The report's sections as Markdown (heading level `level`), as the environment docs embed them. */
export function reportMarkdownSections(report: EnvironmentReport, level = 2): string {
  const h = '#'.repeat(level);
  const section = (title: string, t: Table, empty: string) => `${h} ${title}\n\n${t.rows.length ? markdownTable(t) : empty}\n`;
  return [
    `${h} Resource budget\n\n${markdownTable(budgetTable(report.budget))}\n\n${budgetNotes(report.budget)}\n`,
    section('Exposed endpoints', endpointsTable(report.endpoints), 'Nothing is exposed outside the cluster.'),
    section('Images', imagesTable(report.images), 'No images.'),
    section('Upstream Helm releases', releasesTable(report.releases), 'None.'),
    section('Objects per chart', chartsTable(report.charts), 'No charts.'),
  ].join('\n');
}

/** Several environments' reports in one format. */
export function formatReports(reports: readonly EnvironmentReport[], format: ReportFormat): string {
  if (format === 'json') {
    return JSON.stringify(
      reports.map((r) => ({ ...r, budget: budgetJson(r.budget) })),
      null,
      2,
    );
  }
  if (format === 'markdown') {
    return reports.map((r) => `# Environment \`${r.env}\`\n\n${reportMarkdownSections(r)}`).join('\n');
  }
  const block = (title: string, t: Table) => (t.rows.length ? `${title}\n${textTable(t)}\n` : `${title}\n(none)\n`);
  return reports
    .map((r) =>
      [
        `== environment ${r.env} ==`,
        '',
        block('resource budget', budgetTable(r.budget)) + budgetNotes(r.budget) + '\n',
        block('exposed endpoints', endpointsTable(r.endpoints)),
        block('images', imagesTable(r.images)),
        block('upstream Helm releases', releasesTable(r.releases)),
        block('objects per chart', chartsTable(r.charts)),
      ].join('\n'),
    )
    .join('\n');
}
