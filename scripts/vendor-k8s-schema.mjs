// Copies the Kubernetes OpenAPI definitions into schemas/ without their descriptions (about a
// fifth of the size), so schema tests run offline and never read outside the repository.
// usage: node scripts/vendor-k8s-schema.mjs <definitions.json> <version>
import { readFileSync, writeFileSync } from 'node:fs';
import { stripDescriptions } from './strip-descriptions.mjs';

const [source, version] = process.argv.slice(2);
if (!source || !version) {
  console.error('usage: node scripts/vendor-k8s-schema.mjs <definitions.json> <version, e.g. 1.36.0>');
  process.exit(64);
}
const { definitions } = JSON.parse(readFileSync(source, 'utf8'));
const target = `schemas/kubernetes-${version}.json`;
writeFileSync(target, JSON.stringify({ version, definitions: stripDescriptions(definitions) }) + '\n');
console.log(`wrote ${target} (${Object.keys(definitions).length} definitions)`);
