/**
 * Line diffs in the unified format (`diff -u`), for reviewing manifest changes. Manifests are
 * one object per file and at most a few hundred lines, so a plain LCS table is fast enough
 * and keeps the output minimal.
 */

type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The shortest edit script turning `a` into `b` (longest common subsequence). */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) ops.push({ kind: '-', line: a[i++] });
    else ops.push({ kind: '+', line: b[j++] });
  }
  while (i < n) ops.push({ kind: '-', line: a[i++] });
  while (j < m) ops.push({ kind: '+', line: b[j++] });
  return ops;
}

/**
 * A unified diff of two texts with `context` lines around each change, headed by
 * `--- <fromLabel>` / `+++ <toLabel>`; empty when the texts are equal.
 */
export function unifiedDiff(from: string, to: string, fromLabel: string, toLabel: string, context = 3): string {
  if (from === to) return '';
  const ops = editScript(splitLines(from), splitLines(to));
  const changed = ops.map((o, k) => (o.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  // Group changes whose context windows touch into hunks.
  const hunks: [number, number][] = [];
  for (const k of changed) {
    const start = Math.max(0, k - context);
    const end = Math.min(ops.length, k + context + 1);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }
  const out = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  // Line numbers (1-based) in each file at the start of every op.
  let aLine = 1;
  let bLine = 1;
  const positions = ops.map((o) => {
    const p = [aLine, bLine] as const;
    if (o.kind !== '+') aLine++;
    if (o.kind !== '-') bLine++;
    return p;
  });
  for (const [start, end] of hunks) {
    const slice = ops.slice(start, end);
    const aCount = slice.filter((o) => o.kind !== '+').length;
    const bCount = slice.filter((o) => o.kind !== '-').length;
    const [aStart, bStart] = positions[start];
    out.push(`@@ -${aCount === 0 ? aStart - 1 : aStart},${aCount} +${bCount === 0 ? bStart - 1 : bStart},${bCount} @@`);
    for (const o of slice) out.push(`${o.kind}${o.line}`);
  }
  return `${out.join('\n')}\n`;
}
