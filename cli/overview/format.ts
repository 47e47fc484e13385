/** Quantities and tables for the terminal and for Markdown, rendered one way everywhere. */

/** CPU in cores, e.g. `0.25`, `1.5`, `12`; `none` for no limit. */
export function formatCores(milli: number): string {
  if (milli === Infinity) return 'none';
  return String(Math.round(milli) / 1000);
}

const BINARY_UNITS = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi'] as const;

/** Bytes in the largest binary unit that keeps the number at least 1, e.g. `768Mi`, `1.5Gi`; `none` for no limit. */
export function formatBytes(bytes: number): string {
  if (bytes === Infinity) return 'none';
  if (bytes === 0) return '0';
  let value = bytes;
  let unit = '';
  for (const u of BINARY_UNITS) {
    if (Math.abs(value) < 1024) break;
    value /= 1024;
    unit = u;
  }
  return `${Math.round(value * 100) / 100}${unit}`;
}

/** A signed change, e.g. `+2`, `-512Mi`, `0`. */
export function signed(delta: number, format: (n: number) => string): string {
  // A limit removed (or newly set where there was none) has no finite difference.
  if (delta === Infinity) return 'now unbounded';
  if (delta === -Infinity) return 'now bounded';
  if (delta === 0) return '0';
  return delta > 0 ? `+${format(delta)}` : `-${format(-delta)}`;
}

export type Align = 'left' | 'right';

export interface Table {
  readonly columns: readonly { readonly title: string; readonly align?: Align }[];
  readonly rows: readonly (readonly string[])[];
}

/** A plain-text table with aligned columns and a rule under the header. */
export function textTable(t: Table): string {
  const widths = t.columns.map((c, i) => Math.max(c.title.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (t.columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(t.columns.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A GitHub/GitLab-flavoured Markdown table. */
export function markdownTable(t: Table): string {
  return [
    `| ${t.columns.map((c) => mdCell(c.title)).join(' | ')} |`,
    `|${t.columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`,
    ...t.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ].join('\n');
}
