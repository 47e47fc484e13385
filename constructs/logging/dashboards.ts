/**
 * Grafana dashboards as a small typed model (panels over Loki queries), rendered to the JSON
 * Grafana provisions. Only what keelson's dashboards use is modelled.
 */

export interface DashboardVariable {
  readonly name: string;
  readonly label: string;
  /** Loki label whose values the variable offers. */
  readonly lokiLabel: string;
  /** Only streams matching this selector. @default undefined (every stream with the label) */
  readonly selector?: string;
}

/** One LogQL query of a panel; a panel shows the union of its queries. */
export interface PanelQuery {
  readonly expr: string;
  /** Series name template (time series panels). @default undefined */
  readonly legend?: string;
}

export type DashboardPanel =
  | {
      readonly kind: 'timeseries';
      readonly title: string;
      readonly queries: readonly PanelQuery[];
      readonly width: number;
      readonly height: number;
      readonly stacked: boolean;
    }
  | { readonly kind: 'logs'; readonly title: string; readonly queries: readonly PanelQuery[]; readonly width: number; readonly height: number };

export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly datasourceUid: string;
  readonly variables: readonly DashboardVariable[];
  readonly panels: readonly DashboardPanel[];
}

const GRID_WIDTH = 24;
/** Dashboard JSON schema version written; Grafana migrates older versions on load. */
const SCHEMA_VERSION = 41;

/** Lays panels out left to right, wrapping at the 24-column grid. */
function layout(panels: readonly DashboardPanel[]): { x: number; y: number; w: number; h: number }[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return panels.map((p) => {
    if (x + p.width > GRID_WIDTH) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const pos = { x, y, w: p.width, h: p.height };
    x += p.width;
    rowHeight = Math.max(rowHeight, p.height);
    return pos;
  });
}

/** The dashboard JSON document; render it with `renderJson`. */
export function dashboardJson(d: Dashboard): Record<string, unknown> {
  const ds = { type: 'loki', uid: d.datasourceUid };
  const positions = layout(d.panels);
  return {
    uid: d.uid,
    title: d.title,
    tags: [...d.tags],
    editable: false,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    refresh: '30s',
    time: { from: 'now-1h', to: 'now' },
    timezone: 'browser',
    templating: {
      list: d.variables.map((v) => ({
        name: v.name,
        label: v.label,
        type: 'query',
        datasource: ds,
        query: v.selector ? `label_values(${v.selector}, ${v.lokiLabel})` : `label_values(${v.lokiLabel})`,
        refresh: 2,
        multi: true,
        includeAll: true,
        allValue: '.+',
        current: { text: ['All'], value: ['$__all'] },
        sort: 1,
      })),
    },
    panels: d.panels.map((p, i) => {
      const base = { id: i + 1, title: p.title, type: p.kind, datasource: ds, gridPos: positions[i] };
      const refId = (n: number) => String.fromCharCode(65 + n);
      if (p.kind === 'logs') {
        return {
          ...base,
          targets: p.queries.map((q, n) => ({ refId: refId(n), datasource: ds, expr: q.expr, queryType: 'range' })),
          options: { showTime: true, wrapLogMessage: true, enableLogDetails: true, sortOrder: 'Descending', dedupStrategy: 'none' },
        };
      }
      return {
        ...base,
        targets: p.queries.map((q, n) => ({ refId: refId(n), datasource: ds, expr: q.expr, legendFormat: q.legend, queryType: 'range' })),
        fieldConfig: {
          defaults: { unit: 'short', custom: { drawStyle: 'bars', fillOpacity: 60, stacking: { mode: p.stacked ? 'normal' : 'none', group: 'A' } } },
          overrides: [],
        },
        options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
      };
    }),
  };
}

/**
 * The two kinds of streams in Loki: pod logs shipped by Alloy (labels `namespace`, `app`) and
 * logs received over OTLP (labels `k8s_namespace_name`, `service_name` under Loki's default
 * mapping). A LogQL log query has one stream selector, so each panel queries both kinds.
 */
export const LOG_STREAM_KINDS = [
  { kind: 'pod logs', namespaceLabel: 'namespace', appLabel: 'app', appVariable: 'app' },
  { kind: 'OTLP logs', namespaceLabel: 'k8s_namespace_name', appLabel: 'service_name', appVariable: 'service' },
] as const;

const selector = (k: (typeof LOG_STREAM_KINDS)[number]) => `{${k.namespaceLabel}=~"$namespace", ${k.appLabel}=~"$${k.appVariable}"}`;
const ERRORS = '|~ "(?i)(error|exception|fatal|panic)"';

/** Logs overview: volume and error rate per app or service, and the lines themselves, of both stream kinds. */
export function logsOverviewDashboard(datasourceUid: string): Dashboard {
  return {
    uid: 'keelson-logs-overview',
    title: 'Logs overview',
    tags: ['keelson', 'logs'],
    datasourceUid,
    variables: [
      { name: 'namespace', label: 'Namespace', lokiLabel: 'namespace' },
      { name: 'app', label: 'App (pod logs)', lokiLabel: 'app' },
      // Loki also derives `service_name` for pod-log streams (discover_service_name): offer OTLP ones only.
      { name: 'service', label: 'Service (OTLP logs)', lokiLabel: 'service_name', selector: '{k8s_namespace_name=~".+"}' },
    ],
    panels: [
      {
        kind: 'timeseries',
        title: 'Log lines by app',
        queries: LOG_STREAM_KINDS.map((k) => ({
          expr: `sum by (${k.appLabel}) (count_over_time(${selector(k)} [$__auto]))`,
          legend: `{{${k.appLabel}}} (${k.kind})`,
        })),
        width: 12,
        height: 8,
        stacked: true,
      },
      {
        kind: 'timeseries',
        title: 'Error lines by app',
        queries: LOG_STREAM_KINDS.map((k) => ({
          expr: `sum by (${k.appLabel}) (count_over_time(${selector(k)} ${ERRORS} [$__auto]))`,
          legend: `{{${k.appLabel}}} (${k.kind})`,
        })),
        width: 12,
        height: 8,
        stacked: true,
      },
      { kind: 'logs', title: 'Log lines', queries: LOG_STREAM_KINDS.map((k) => ({ expr: selector(k) })), width: 24, height: 14 },
    ],
  };
}
