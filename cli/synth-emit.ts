import { compareWithDisk, hasDrift, writeEnvironments } from './output';
import { compareDocs, writeDocs } from './overview/docs-files';
import { Synthesis } from './synth-cache';

export interface EmitOptions {
  readonly outDir: string;
  readonly docsDir: string;
  /** Only compare with what is on disk; write nothing. */
  readonly check: boolean;
  /** The pages cover every registered environment, so a page without one is stale. */
  readonly complete: boolean;
  /** The rendering came from the synthesis cache (the log says so). */
  readonly cached: boolean;
  /** When the run started (process.hrtime.bigint()). */
  readonly started: bigint;
  readonly log: (line: string) => void;
}

const REUSED = 'rendering reused from the synthesis cache: its inputs are unchanged';

/** Writes a synthesis (or, with `check`, compares it with the disk) and logs the outcome; returns the exit code. */
export function emitSynthesis(s: Synthesis, o: EmitOptions): number {
  const { outDir, docsDir, log } = o;
  const { environments: rendered, pages } = s;
  const charts = rendered.reduce((n, r) => n + r.charts, 0);
  const objects = rendered.reduce((n, r) => n + r.objects, 0);
  const files = rendered.reduce((n, r) => n + r.files.size, 0);
  const envNames = rendered.map((r) => r.env).join(', ');
  if (o.check) {
    const manifests = compareWithDisk(outDir, rendered);
    const docs = compareDocs(docsDir, pages, o.complete);
    const drift = {
      added: [...manifests.added, ...docs.added],
      changed: [...manifests.changed, ...docs.changed],
      removed: [...manifests.removed, ...docs.removed],
    };
    if (hasDrift(drift)) {
      log(`${outDir}/ or ${docsDir}/ is out of date with the code (run: npm run synth):`);
      for (const f of drift.added) log(`  missing   ${f}`);
      for (const f of drift.changed) log(`  differs   ${f}`);
      for (const f of drift.removed) log(`  extra     ${f}`);
      return 1;
    }
    log(`${outDir}/ is up to date: ${rendered.length} environments (${envNames}), ${objects} objects${o.cached ? ` (${REUSED})` : ''}`);
    return 0;
  }
  writeEnvironments(outDir, rendered);
  writeDocs(docsDir, pages, o.complete);
  const ms = Number((process.hrtime.bigint() - o.started) / 1_000_000n);
  log(
    `synthesized ${rendered.length} environments (${envNames}): ${charts} charts, ${objects} objects, ${files} files in ${outDir}/, ${pages.size} pages in ${docsDir}/ (${ms} ms${o.cached ? `; ${REUSED}` : ''})`,
  );
  return 0;
}
