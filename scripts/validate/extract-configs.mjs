// Writes one data key of every ConfigMap whose name matches a pattern, from the committed
// manifests, into a folder: `node extract-configs.mjs <name-regex> <key> <out-dir>`.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const [pattern, key, outDir] = process.argv.slice(2);
const matcher = new RegExp(pattern);
mkdirSync(outDir, { recursive: true });
for (const env of readdirSync('manifests')) {
  for (const chart of readdirSync(join('manifests', env))) {
    for (const file of readdirSync(join('manifests', env, chart))) {
      if (!file.startsWith('configmap-')) continue;
      const cm = parse(readFileSync(join('manifests', env, chart, file), 'utf8'));
      if (!matcher.test(cm.metadata.name) || cm.data?.[key] === undefined) continue;
      const target = join(outDir, `${env}-${cm.metadata.name}-${key}`);
      writeFileSync(target, cm.data[key]);
      console.log(target);
    }
  }
}
