// Refreshes constructs/common/helm-chart-versions.json from each chart repository's index.yaml:
// the published versions of every pinned chart, with the date they were read and where from.
// Needs network access to the chart repositories; without it, it fails and changes nothing.
// usage: node scripts/refresh-chart-versions.mjs   (CHART_VERSIONS_FILE overrides the path)
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
/* global fetch, AbortSignal */

const file = process.env.CHART_VERSIONS_FILE ?? 'constructs/common/helm-chart-versions.json';
const recorded = JSON.parse(readFileSync(file, 'utf8'));
const semver = (v) =>
  v
    .replace(/^v/, '')
    .split(/[.+-]/)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
const bySemver = (a, b) => {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    return typeof x[i] === 'number' && typeof y[i] === 'number' ? x[i] - y[i] : String(x[i]).localeCompare(String(y[i]));
  }
  return 0;
};

const failures = [];
const charts = {};
for (const [chart, entry] of Object.entries(recorded.charts)) {
  const index = `${entry.repoURL.replace(/\/+$/, '')}/index.yaml`;
  try {
    const res = await fetch(index, { signal: AbortSignal.timeout(20_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const published = parse(await res.text())?.entries?.[chart];
    if (!Array.isArray(published) || !published.length) throw new Error(`no entry '${chart}' in the index`);
    const versions = [...new Set(published.map((e) => String(e.version)))].sort(bySemver);
    charts[chart] = { repoURL: entry.repoURL, source: index, versions };
  } catch (e) {
    failures.push(`  ${chart}: cannot read ${index}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
  }
}
if (failures.length) {
  console.error(`refresh-chart-versions: ${failures.length} chart repositor${failures.length === 1 ? 'y' : 'ies'} unreachable; ${file} is unchanged:`);
  console.error(failures.join('\n'));
  process.exit(1);
}
const readAt = new Date().toISOString().slice(0, 10);
writeFileSync(file, JSON.stringify({ readAt, note: recorded.note, charts }, null, 2) + '\n');
console.log(`wrote ${file} (${Object.keys(charts).length} charts, read ${readAt})`);
