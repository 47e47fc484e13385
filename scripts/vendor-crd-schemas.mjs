// Copies the openAPIV3Schema of upstream CRDs into schemas/crds.json (descriptions stripped), so
// custom resources are validated offline, inside the repository, like core objects.
// usage: node scripts/vendor-crd-schemas.mjs <crd.yaml>...
import { readFileSync, writeFileSync } from 'node:fs';
import { stripDescriptions } from './strip-descriptions.mjs';
import { parseAllDocuments } from 'yaml';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node scripts/vendor-crd-schemas.mjs <crd.yaml>...');
  process.exit(64);
}
const kinds = {};
for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const { group, names, scope, versions } = crd.spec;
    for (const v of versions.filter((x) => x.served)) {
      kinds[`${group}/${v.name}/${names.kind}`] = { scope, schema: stripDescriptions(v.schema.openAPIV3Schema) };
    }
  }
}
const sorted = Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync('schemas/crds.json', JSON.stringify(sorted) + '\n');
console.log(`wrote schemas/crds.json (${Object.keys(sorted).length} kinds)`);
