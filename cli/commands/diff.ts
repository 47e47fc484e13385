import { ConfigError } from '../../constructs/common/errors';
import { ENVIRONMENTS } from '../../stacks/environments';
import { isPreview, isProduction } from '../../stacks/facts';
import { EnvironmentConfig } from '../../stacks/types';
import { flag, parseArgs, UsageError, value } from '../args';
import { BaseRevisionError, baseManifests, BaseSource } from '../diff/base-revision';
import { diffManifests, formatMarkdown, formatText, imageChanges, ManifestFiles, totalChanges } from '../diff/manifest-diff';
import { computeBudget, diffBudgets } from '../overview/budget';
import { chartsFromManifestFiles } from '../overview/workloads';
import { renderEnvironments } from '../../render';
import { Command } from './command';

export const diffCommand: Command = {
  name: 'diff',
  summary: 'show how the manifests of the working tree differ from a git revision',
  usage: `keelson diff --base REF [--format text|markdown] [--base-source synth|committed] [--exit-code]
  --base REF            git revision to compare with, e.g. origin/main or HEAD~1
  --format FORMAT       text (default) or markdown (for a pull/merge request comment)
  --base-source SOURCE  synth (default): render REF with REF's own code;
                        committed: use the manifests/ committed at REF
  --exit-code           exit 1 when the manifests differ`,
  run(argv) {
    const a = parseArgs(argv, ['base', 'format', 'base-source'], ['exit-code']);
    const ref = value(a, 'base');
    if (!ref) throw new UsageError('--base is required');
    const format = value(a, 'format') ?? 'text';
    if (format !== 'text' && format !== 'markdown') throw new UsageError(`--format must be text or markdown; got ${format}`);
    const source = (value(a, 'base-source') ?? 'synth') as BaseSource;
    if (source !== 'synth' && source !== 'committed') throw new UsageError(`--base-source must be synth or committed; got ${source}`);

    let head;
    try {
      head = renderEnvironments(ENVIRONMENTS);
    } catch (e) {
      if (e instanceof ConfigError) {
        console.error(`error: ${e.message}`);
        return 1;
      }
      throw e;
    }
    let base;
    try {
      base = baseManifests(process.cwd(), ref, source, (l) => console.error(l));
    } catch (e) {
      if (e instanceof BaseRevisionError) {
        console.error(`keelson diff: ${e.message}`);
        return 2;
      }
      throw e;
    }
    const headFiles = new Map(head.flatMap((r) => [...r.files]));
    const diffs = diffManifests(
      base.files,
      headFiles,
      ENVIRONMENTS.map((e) => e.name),
    );
    const title = `keelson manifest diff: ${ref} (${base.commit.slice(0, 12)}) → working tree`;
    for (const n of base.notes) console.error(n);
    if (format === 'text') process.stdout.write(formatText(diffs, title));
    else {
      const budget = new Map(
        diffs.flatMap((d) => {
          const line = budgetLine(d.env, base.files, headFiles);
          return line === undefined ? [] : [[d.env, line] as const];
        }),
      );
      process.stdout.write(formatMarkdown(diffs, title, undefined, { reviewOrder: reviewOrder(), budget, images: imageChanges(base.files, headFiles) }));
    }
    return flag(a, 'exit-code') && totalChanges(diffs) > 0 ? 1 : 0;
  },
};

/** Production first, then the other environments from the last promoted back (previews last). */
export function reviewOrder(): string[] {
  const names = (keep: (e: EnvironmentConfig) => boolean) => ENVIRONMENTS.filter(keep).map((e) => e.name);
  const rest = names((e) => !isProduction(e) && !isPreview(e)).reverse();
  return [...names(isProduction), ...rest, ...names(isPreview)];
}

/** The change of an environment's total requests and storage, in one line; undefined when none. */
export function budgetLine(env: string, base: ManifestFiles, head: ManifestFiles): string | undefined {
  const nodes = ENVIRONMENTS.find((e) => e.name === env)?.overview.nodes ?? 1;
  const [before, after] = [base, head].map((files) => computeBudget(chartsFromManifestFiles(env, files), { nodes }));
  const shown = new Set(['pods', 'CPU request', 'memory request', 'storage']);
  const total = diffBudgets(before, after).filter((c) => c.component === 'total' && shown.has(c.measure));
  return total.length ? total.map((c) => `${c.measure} ${c.change}`).join(', ') : undefined;
}
