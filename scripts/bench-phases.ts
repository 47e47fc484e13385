/**
 * Phase breakdown of `keelson synth` inside one process (bundled to dist/bench-phases.js):
 * module load, construct tree, tree walks, cdk8s resolution, YAML emission, pages, file writes.
 * Repeats the whole synthesis REPEAT times in the same process and prints the median of each
 * phase as JSON (the first, cold round is reported apart: it includes JIT warm-up).
 * usage: node dist/bench-phases.js OUT [REPEAT]
 */
const tLoad0 = process.hrtime.bigint();
/* eslint-disable @typescript-eslint/no-require-imports */
const { mkdtempSync, mkdirSync, rmSync } = require('node:fs') as typeof import('node:fs');
const { ApiObject } = require('cdk8s') as typeof import('cdk8s');
const { KeelsonChart } = require('../charts/keelson-chart') as typeof import('../charts/keelson-chart');
const { buildPlatform } = require('../stacks/platform') as typeof import('../stacks/platform');
const { buildDelivery } = require('../stacks/delivery') as typeof import('../stacks/delivery');
const { ENVIRONMENTS } = require('../stacks/environments') as typeof import('../stacks/environments');
const { toYaml, fileNameOf } = require('../render') as typeof import('../render');
const { environmentDocs, writeDocs } = require('../cli/overview/docs') as typeof import('../cli/overview/docs');
const { writeEnvironments } = require('../cli/output') as typeof import('../cli/output');
const { flowsIn } = require('../constructs/common/wiring') as typeof import('../constructs/common/wiring');
const { releasesIn } = require('../constructs/upstream/upstream-release') as typeof import('../constructs/upstream/upstream-release');
/* eslint-enable @typescript-eslint/no-require-imports */
const loadMs = Number(process.hrtime.bigint() - tLoad0) / 1e6;

type Phases = Record<string, number>;

function round(out: string): Phases {
  const ph: Phases = {};
  const lap = <T>(name: string, f: () => T): T => {
    const t = process.hrtime.bigint();
    const r = f();
    ph[name] = (ph[name] ?? 0) + Number(process.hrtime.bigint() - t) / 1e6;
    return r;
  };
  const rendered = ENVIRONMENTS.map((env) => {
    const platform = lap('construct tree', () => buildPlatform(env));
    const delivery = lap('construct tree', () => buildDelivery(platform));
    const files = new Map<string, string>();
    const charts = [];
    const all = [...platform.charts, ...delivery.charts];
    const json = lap('resolution (toJson)', () => KeelsonChart.renderAll(all));
    for (const [i, chart] of all.entries()) {
      lap('tree walks', () => chart.node.findAll().filter((c) => ApiObject.isApiObject(c)).length);
      const objects = json[i];
      lap('YAML emission', () => {
        for (const o of objects) files.set(`${env.name}/${chart.node.id}/${fileNameOf(o)}`, toYaml(o));
      });
      charts.push({ name: chart.node.id, namespace: chart.targetNamespace, objects });
    }
    const flows = lap('tree walks', () => flowsIn(platform.app));
    const releases = lap('tree walks', () => releasesIn(platform.app));
    return { env: env.name, charts, files, config: env, flows, releases };
  });
  const pages = lap('pages (report, topology)', () => environmentDocs(rendered));
  // A fresh folder per round: this measures writing, not deleting the previous round's files.
  const dir = mkdtempSync(`${out}/round-`);
  lap('file writes', () => writeEnvironments(dir, rendered));
  lap('file writes', () => writeDocs(`${dir}/docs`, pages, true));
  lap('removing a previous output', () => rmSync(dir, { recursive: true }));
  return ph;
}

const [out, repeat = '5'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const cold = round(out);
const warm: Phases[] = Array.from({ length: Number(repeat) }, () => round(out));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const warmMedian = Object.fromEntries(Object.keys(cold).map((k) => [k, median(warm.map((w) => w[k]))]));
console.log(JSON.stringify({ loadMs, cold, warm: warmMedian }));
