import { parseArgs, UsageError, value, values } from '../args';
import { buildReport, formatReports, ReportFormat } from '../overview/report';
import { renderForCommand } from '../overview/render-all';
import { Command } from './command';

const FORMATS: readonly ReportFormat[] = ['text', 'markdown', 'json'];

export const reportCommand: Command = {
  name: 'report',
  summary: 'resource budget, objects, endpoints and images of environments',
  usage: `keelson report [--env NAME]... [--format text|markdown|json] [--nodes N]
  --env NAME     only this environment (repeatable; default: all)
  --format F     text (default), markdown or json
  --nodes N      nodes DaemonSets run on (default: the environment's overview.nodes)`,
  run(argv) {
    const a = parseArgs(argv, ['env', 'format', 'nodes']);
    const format = (value(a, 'format') ?? 'text') as ReportFormat;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got "${format}"`);
    const nodesText = value(a, 'nodes');
    const nodes = nodesText === undefined ? undefined : Number(nodesText);
    if (nodes !== undefined && !(Number.isInteger(nodes) && nodes >= 1)) throw new UsageError(`--nodes must be a whole number >= 1; got "${nodesText}"`);
    const result = renderForCommand(values(a, 'env'));
    if ('error' in result) {
      console.error(`error: ${result.error}`);
      return 1;
    }
    console.log(
      formatReports(
        result.rendered.map((r) => buildReport(r, { nodes })),
        format,
      ),
    );
    return 0;
  },
};
