import { parse } from 'yaml';
import { unifiedDiff } from './unified';

/** Manifest files keyed by path under the manifests root: `<env>/<chart>/<kind>-<name>.yaml`. */
export type ManifestFiles = ReadonlyMap<string, string>;

export type ChangeKind = 'added' | 'changed' | 'removed';

export interface ObjectChange {
  readonly path: string;
  readonly kind: ChangeKind;
  /** `Kind/name` of the object (from the newer side when it exists). */
  readonly object: string;
  readonly patch: string;
}

export interface EnvironmentDiff {
  readonly env: string;
  readonly changes: readonly ObjectChange[];
  readonly counts: Readonly<Record<ChangeKind, number>>;
}

function describe(yaml: string, path: string): string {
  try {
    const o = parse(yaml) as { kind?: string; metadata?: { name?: string } };
    if (o?.kind && o.metadata?.name) return `${o.kind}/${o.metadata.name}`;
  } catch {
    // not YAML we can read: fall back to the path
  }
  return path;
}

/**
 * Per-environment, per-object differences between two sets of manifest files. Environments
 * listed in `order` come first, in that order (promotion order); others follow by name.
 */
export function diffManifests(base: ManifestFiles, head: ManifestFiles, order: readonly string[] = []): EnvironmentDiff[] {
  const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
  const byEnv = new Map<string, ObjectChange[]>();
  for (const path of paths) {
    const before = base.get(path);
    const after = head.get(path);
    if (before === after) continue;
    const kind: ChangeKind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    const patch = unifiedDiff(before ?? '', after ?? '', before === undefined ? '/dev/null' : `a/${path}`, after === undefined ? '/dev/null' : `b/${path}`);
    const env = path.split('/')[0];
    byEnv.set(env, [...(byEnv.get(env) ?? []), { path, kind, object: describe(after ?? before ?? '', path), patch }]);
  }
  const rank = (e: string) => (order.includes(e) ? order.indexOf(e) : order.length);
  const envs = [...new Set(paths.map((p) => p.split('/')[0]))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return envs.map((env) => {
    const changes = byEnv.get(env) ?? [];
    const count = (k: ChangeKind) => changes.filter((c) => c.kind === k).length;
    return { env, changes, counts: { added: count('added'), changed: count('changed'), removed: count('removed') } };
  });
}

export function totalChanges(diffs: readonly EnvironmentDiff[]): number {
  return diffs.reduce((n, d) => n + d.changes.length, 0);
}

const SIGN: Record<ChangeKind, string> = { added: '+', changed: '~', removed: '-' };

/** Plain text for a terminal: a summary per environment, then every object's unified diff. */
export function formatText(diffs: readonly EnvironmentDiff[], title: string): string {
  const lines = [title, ''];
  if (totalChanges(diffs) === 0) return [...lines, 'no manifest changes'].join('\n') + '\n';
  for (const d of diffs) {
    lines.push(`${d.env}: ${d.counts.added} added, ${d.counts.changed} changed, ${d.counts.removed} removed`);
    for (const c of d.changes) lines.push(`  ${SIGN[c.kind]} ${c.path} (${c.object})`);
  }
  for (const d of diffs) for (const c of d.changes) lines.push('', c.patch.trimEnd());
  return lines.join('\n') + '\n';
}

/**
 * Markdown for a pull/merge request comment: a summary table and one collapsible diff per
 * object. Beyond `maxChars` (GitHub rejects comments over 65 536 characters) the remaining
 * diffs are listed but not shown.
 */
export function formatMarkdown(diffs: readonly EnvironmentDiff[], title: string, maxChars = 60000): string {
  const head = [`### ${title}`, ''];
  if (totalChanges(diffs) === 0) return [...head, 'No manifest changes.'].join('\n') + '\n';
  head.push('| environment | added | changed | removed |', '|---|---:|---:|---:|');
  for (const d of diffs) head.push(`| ${d.env} | ${d.counts.added} | ${d.counts.changed} | ${d.counts.removed} |`);
  head.push('');
  let body = head.join('\n');
  const omitted: string[] = [];
  for (const d of diffs) {
    for (const c of d.changes) {
      const block = `\n<details><summary><code>${c.path}</code> ${c.object} (${c.kind})</summary>\n\n\`\`\`diff\n${c.patch.trimEnd()}\n\`\`\`\n\n</details>\n`;
      if (body.length + block.length > maxChars) omitted.push(`- \`${c.path}\` (${c.kind})`);
      else body += block;
    }
  }
  if (omitted.length) body += `\n${omitted.length} more diffs are too long for a comment (run \`npm run diff\` locally):\n${omitted.join('\n')}\n`;
  return body;
}
