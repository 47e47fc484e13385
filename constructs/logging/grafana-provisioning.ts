/**
 * Typed model of Grafana's provisioning files (datasources and dashboard providers). Grafana
 * expands `$VAR` and `${VAR}` in these files from its environment, so a literal `$` in a value
 * must be written `$$`: `escapeProvisioning` does that, in one place.
 */

/** Fixed datasource uids: dashboards, derived fields and links refer to them, so they never change. */
export const DATASOURCE_UIDS = { loki: 'loki', jaeger: 'jaeger', prometheus: 'prometheus' } as const;

/**
 * A Loki derived field that opens a trace. Grafana's Loki datasource (getDerivedFields.ts) either
 * applies a regex to the log line (first group is the value) or, with `label`, takes the value of
 * the first label or structured-metadata key the regex matches. Fields sharing a name are grouped
 * and all use the first one's matcher, so names must be unique.
 */
export type TraceLink =
  | { readonly matcher: 'regex'; readonly name: string; readonly datasourceUid: string; readonly regex: string }
  | { readonly matcher: 'label'; readonly name: string; readonly datasourceUid: string; readonly label: string };

/** A span tag (resource or span attribute) and the Loki stream label holding the same value. */
export interface SpanTagToLabel {
  readonly spanTag: string;
  readonly lokiLabel: string;
}

/** Trace ids as written by OpenTelemetry SDK log bridges and common JSON/logfmt loggers. */
export const TRACE_ID_REGEX = '(?:trace_?[iI][dD]|traceID)"?[=:]\\s*"?([0-9a-fA-F]{16,32})';

export type DatasourceSpec =
  | { readonly kind: 'loki'; readonly url: string; readonly maxLines: number; readonly traceLinks: readonly TraceLink[] }
  | {
      readonly kind: 'jaeger';
      readonly url: string;
      /** Spans link to these logs: the stream selector is built from the mapped tags. */
      readonly logs?: { readonly datasourceUid: string; readonly tags: readonly SpanTagToLabel[] };
    }
  | { readonly kind: 'prometheus'; readonly url: string };

export function escapeProvisioning(value: string): string {
  return value.replace(/\$/g, '$$$$');
}

function datasource(d: DatasourceSpec, isDefault: boolean): Record<string, unknown> {
  const common = { access: 'proxy', url: escapeProvisioning(d.url), isDefault, editable: false, version: 1 };
  switch (d.kind) {
    case 'loki':
      return {
        name: 'Loki',
        type: 'loki',
        uid: DATASOURCE_UIDS.loki,
        ...common,
        jsonData: {
          maxLines: d.maxLines,
          derivedFields: d.traceLinks.length
            ? d.traceLinks.map((l) => ({
                name: l.name,
                matcherType: l.matcher,
                // For `label` the regex is tested against label keys, unanchored: anchor it.
                matcherRegex: escapeProvisioning(l.matcher === 'regex' ? l.regex : `^${l.label}$`),
                datasourceUid: l.datasourceUid,
                // An internal link: the query is the matched trace id, `${__value.raw}`.
                url: escapeProvisioning('${__value.raw}'),
                urlDisplayLabel: 'View trace',
              }))
            : undefined,
        },
      };
    case 'jaeger':
      return {
        name: 'Jaeger',
        type: 'jaeger',
        uid: DATASOURCE_UIDS.jaeger,
        ...common,
        jsonData: d.logs
          ? {
              tracesToLogsV2: {
                datasourceUid: d.logs.datasourceUid,
                // Without tags Grafana looks for span tags cluster, hostname, namespace and pod
                // (createSpanLink.tsx); `value` renames a tag to the Loki label in the selector.
                tags: d.logs.tags.map((t) => ({ key: t.spanTag, value: t.lokiLabel })),
                spanStartTimeShift: '-5m',
                spanEndTimeShift: '5m',
                filterByTraceID: true,
                customQuery: false,
              },
            }
          : undefined,
      };
    case 'prometheus':
      return { name: 'Prometheus', type: 'prometheus', uid: DATASOURCE_UIDS.prometheus, ...common, jsonData: { httpMethod: 'POST' } };
  }
}

/** The datasources provisioning file; the first datasource is the default one. */
export function datasourcesFile(sources: readonly DatasourceSpec[]): Record<string, unknown> {
  return {
    apiVersion: 1,
    // Removes datasources that were provisioned before and are no longer listed.
    deleteDatasources: [],
    datasources: sources.map((d, i) => datasource(d, i === 0)),
  };
}

/** The dashboard provider: files under `path`, read-only in the UI. */
export function dashboardsFile(path: string, folder: string): Record<string, unknown> {
  return {
    apiVersion: 1,
    providers: [
      {
        name: 'keelson',
        orgId: 1,
        folder,
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 60,
        options: { path, foldersFromFilesStructure: false },
      },
    ],
  };
}
