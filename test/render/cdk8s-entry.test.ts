import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENTS } from '../../stacks/environments';
import { renderedEnvironments } from '../support/environments';

/**
 * The `cdk8s synth` entry (cdk8s.yaml `app: node dist/cdk8s-app.js`) writes what the render core
 * rendered, chart for chart. cdk8s-cli 2.207 (lib/util.js, synthApp) runs the app with
 * CDK8S_OUTDIR set to cdk8s.yaml's `output`, fails when the app did not create that folder, and
 * takes the `.yaml` files it finds there as the synthesized manifests; cdk8s 2.70's App.synth
 * writes one `<chart>.k8s.yaml` per chart, the layout the entry keeps.
 */
describe('cdk8s entry', () => {
  test('writes every registered environment, one multi-document file per chart, with the rendered objects', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-cdk8s-'));
    const before = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = out;
    try {
      // The entry runs when loaded, as `node dist/cdk8s-app.js` does (no other test loads it).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../../cli/cdk8s-app');
      expect(process.exitCode ?? 0).toBe(0);
      expect(fs.readdirSync(out).sort()).toEqual(ENVIRONMENTS.map((e) => e.name).sort());
      for (const r of renderedEnvironments()) {
        const written = Object.fromEntries(
          fs.readdirSync(path.join(out, r.env)).map((f) => [f, parseAllDocuments(fs.readFileSync(path.join(out, r.env, f), 'utf8')).map((d) => d.toJS())]),
        );
        expect(written).toEqual(Object.fromEntries(r.charts.map((c) => [`${c.name}.k8s.yaml`, JSON.parse(JSON.stringify(c.objects))])));
      }
    } finally {
      if (before === undefined) delete process.env.CDK8S_OUTDIR;
      else process.env.CDK8S_OUTDIR = before;
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
