// Copies the Kubernetes OpenAPI definitions into schemas/ without their descriptions (about a
// fifth of the size), so schema tests run offline and never read outside the repository.
// usage: node scripts/vendor-k8s-schema.mjs <definitions.json> <version>
import { readFileSync, writeFileSync } from 'node:fs';

const [source, version] = process.argv.slice(2);
if (!source || !version) {
  console.error('usage: node scripts/vendor-k8s-schema.mjs <definitions.json> <version, e.g. 1.36.0>');
  process.exit(64);
}
const strip = (v) => {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) if (k !== 'description') out[k] = strip(v[k]);
    return out;
  }
  return v;
};
const { definitions } = JSON.parse(readFileSync(source, 'utf8'));
const target = `schemas/kubernetes-${version}.json`;
writeFileSync(target, JSON.stringify({ version, definitions: strip(definitions) }) + '\n');
console.log(`wrote ${target} (${Object.keys(definitions).length} definitions)`);
