import { parseManifest } from '../manifest-yaml';
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
    const o = parseManifest(yaml) as { kind?: string; metadata?: { name?: string } };
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

/** A container image whose version differs between the two sides, in one environment. */
export interface ImageChange {
  readonly env: string;
  readonly repository: string;
  /** Versions (tags or digests) on each side, sorted; empty when the image is new or gone. */
  readonly before: readonly string[];
  readonly after: readonly string[];
}

const IMAGE_LINE = /^\s*(?:-\s+)?image:\s*["']?([^"'\s]+)["']?\s*$/gm;

function splitImage(image: string): { repository: string; version: string } {
  const at = image.indexOf('@');
  const ref = at >= 0 ? image.slice(0, at) : image;
  const colon = ref.lastIndexOf(':');
  const tagged = colon > ref.lastIndexOf('/');
  const repository = tagged ? ref.slice(0, colon) : ref;
  const version = [tagged ? ref.slice(colon + 1) : '', at >= 0 ? image.slice(at + 1) : ''].filter(Boolean).join('@') || '(none)';
  return { repository, version };
}

function imagesByEnv(files: ManifestFiles): Map<string, Map<string, Set<string>>> {
  const out = new Map<string, Map<string, Set<string>>>();
  for (const [path, text] of files) {
    const env = path.split('/')[0];
    const repos = out.get(env) ?? new Map<string, Set<string>>();
    for (const m of text.matchAll(IMAGE_LINE)) {
      const { repository, version } = splitImage(m[1]);
      repos.set(repository, (repos.get(repository) ?? new Set()).add(version));
    }
    out.set(env, repos);
  }
  return out;
}

/** Container images (`image:` fields) whose versions differ, per environment and repository. */
export function imageChanges(base: ManifestFiles, head: ManifestFiles): ImageChange[] {
  const [before, after] = [imagesByEnv(base), imagesByEnv(head)];
  const out: ImageChange[] = [];
  for (const env of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const [b, a] = [before.get(env) ?? new Map<string, Set<string>>(), after.get(env) ?? new Map<string, Set<string>>()];
    for (const repository of [...new Set([...b.keys(), ...a.keys()])].sort()) {
      const [x, y] = [[...(b.get(repository) ?? [])].sort(), [...(a.get(repository) ?? [])].sort()];
      if (x.join() !== y.join()) out.push({ env, repository, before: x, after: y });
    }
  }
  return out;
}

/** What the markdown summary adds to the per-environment counts. */
export interface ReviewSummary {
  /** Environments in review order (production first); others follow by name. @default the order of `diffs` */
  readonly reviewOrder?: readonly string[];
  /** Per environment, the change of its total budget in one line (e.g. `storage +2Gi`). */
  readonly budget?: ReadonlyMap<string, string>;
  readonly images?: readonly ImageChange[];
}

/** Changed existing objects first, then removed, then added; within each, environments in review order. */
const KIND_ORDER: Record<ChangeKind, number> = { changed: 0, removed: 1, added: 2 };

/**
 * Markdown for a pull/merge request comment. The summary comes first (objects added, changed and
 * removed per environment, budget change, image changes), then one collapsible diff per object:
 * changes to existing objects before removals and additions, production first, so that what a
 * reviewer must see survives the size limit (GitHub rejects comments over 65 536 characters).
 * Diffs beyond `maxChars` are not shown, and the comment says which, and how many per
 * environment and kind.
 */
export function formatMarkdown(diffs: readonly EnvironmentDiff[], title: string, maxChars = 60000, summary: ReviewSummary = {}): string {
  const head = [`### ${title}`, ''];
  if (totalChanges(diffs) === 0) return [...head, 'No manifest changes.'].join('\n') + '\n';
  const order = summary.reviewOrder ?? diffs.map((d) => d.env);
  const rank = (e: string) => (order.includes(e) ? order.indexOf(e) : order.length);
  const sorted = [...diffs].sort((a, b) => rank(a.env) - rank(b.env) || a.env.localeCompare(b.env));
  const budget = summary.budget;
  head.push(
    `| environment | added | changed | removed |${budget ? ' budget |' : ''}`,
    `|---|---:|---:|---:|${budget ? '---|' : ''}`,
    ...sorted.map(
      (d) => `| ${d.env} | ${d.counts.added} | ${d.counts.changed} | ${d.counts.removed} |${budget ? ` ${budget.get(d.env) ?? 'no change'} |` : ''}`,
    ),
    '',
  );
  if (summary.images) {
    if (summary.images.length === 0) head.push('Images: no change.', '');
    else {
      const list = (v: readonly string[]) => (v.length ? v.map((x) => `\`${x}\``).join(', ') : '(none)');
      const images = [...summary.images].sort((a, b) => rank(a.env) - rank(b.env) || a.repository.localeCompare(b.repository));
      head.push(
        '| environment | image | before | after |',
        '|---|---|---|---|',
        ...images.map((i) => `| ${i.env} | ${i.repository} | ${list(i.before)} | ${list(i.after)} |`),
        '',
      );
    }
  }
  head.push('Changed objects first (production first), then removed, then added.', '');
  const changes = sorted
    .flatMap((d) => d.changes.map((c) => ({ env: d.env, c })))
    .sort((x, y) => KIND_ORDER[x.c.kind] - KIND_ORDER[y.c.kind] || rank(x.env) - rank(y.env));
  let body = head.join('\n');
  const omitted: { env: string; c: ObjectChange }[] = [];
  // Room kept for the list of what was cut.
  const budgetForDiffs = maxChars - Math.min(4000, Math.floor(maxChars / 10));
  for (const x of changes) {
    const block = `\n<details><summary><code>${x.c.path}</code> ${x.c.object} (${x.c.kind})</summary>\n\n\`\`\`diff\n${x.c.patch.trimEnd()}\n\`\`\`\n\n</details>\n`;
    if (body.length + block.length <= budgetForDiffs) body += block;
    else omitted.push(x);
  }
  if (omitted.length) {
    const groups = new Map<string, number>();
    for (const x of omitted) groups.set(`${x.c.kind} in ${x.env}`, (groups.get(`${x.c.kind} in ${x.env}`) ?? 0) + 1);
    body += `\n**Not shown:** ${omitted.length} of ${changes.length} diffs (${[...groups].map(([k, n]) => `${n} ${k}`).join(', ')}) would pass the comment's ${maxChars}-character limit; run \`npm run diff\` locally to see them:\n`;
    let listed = 0;
    for (const x of omitted) {
      const line = `- \`${x.c.path}\` ${x.c.object} (${x.c.kind})\n`;
      if (body.length + line.length > maxChars - 80) break;
      body += line;
      listed++;
    }
    if (listed < omitted.length) body += `- … and ${omitted.length - listed} more\n`;
  }
  return body;
}
