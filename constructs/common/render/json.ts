import { prune } from './yaml';

/** The one JSON renderer for configuration files (Grafana dashboards …): stable, indented, undefined values dropped. */
export function renderJson(doc: unknown): string {
  return `${JSON.stringify(prune(doc), null, 2)}\n`;
}
