import { flag, parseArgs, value, values } from '../args';
import { compareDocs, DOCS_DIR, environmentDocs, writeDocs } from '../overview/docs';
import { renderForCommand } from '../overview/render-all';
import { topologyMermaid } from '../overview/topology';
import { hasDrift } from '../output';
import { Command } from './command';

export const graphCommand: Command = {
  name: 'graph',
  summary: `write each environment's topology diagram and budget to ${DOCS_DIR}/ (or check them)`,
  usage: `keelson graph [--env NAME]... [--docs DIR] [--check] [--print]
  --env NAME   only this environment (repeatable; default: all)
  --docs DIR   output folder (default: ${DOCS_DIR})
  --check      compare with DIR instead of writing; exit 1 when they differ
  --print      print the Mermaid diagrams instead of writing`,
  run(argv) {
    const a = parseArgs(argv, ['env', 'docs'], ['check', 'print']);
    const names = values(a, 'env');
    const dir = value(a, 'docs') ?? DOCS_DIR;
    const result = renderForCommand(names);
    if ('error' in result) {
      console.error(`error: ${result.error}`);
      console.error('nothing was written');
      return 1;
    }
    if (flag(a, 'print')) {
      console.log(result.rendered.map((r) => `%% environment ${r.env}\n${topologyMermaid(r)}`).join('\n\n'));
      return 0;
    }
    // Every page is rendered before any is written.
    const pages = environmentDocs(result.rendered);
    const complete = names.length === 0;
    if (flag(a, 'check')) {
      const drift = compareDocs(dir, pages, complete);
      if (hasDrift(drift)) {
        console.error(`${dir}/ is out of date with the code (run: npm run graph):`);
        for (const f of drift.added) console.error(`  missing   ${f}`);
        for (const f of drift.changed) console.error(`  differs   ${f}`);
        for (const f of drift.removed) console.error(`  extra     ${f}`);
        return 1;
      }
      console.log(`${dir}/ is up to date: ${pages.size} environment pages`);
      return 0;
    }
    writeDocs(dir, pages, complete);
    console.log(`wrote ${pages.size} environment pages to ${dir}/: ${[...pages.keys()].join(', ')}`);
    return 0;
  },
};
