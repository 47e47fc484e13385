/**
 * Writes the CI matrices from the environment registry: the `pulumi preview` job runs once per
 * environment with its own Pulumi stack (every namespaced one; previews are `pr-<n>` stacks made
 * per pull request). `npm run workflows` rewrites them; test/ci-workflows.test.ts fails when a
 * committed workflow is out of date.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENVIRONMENTS } from '../stacks/environments';

const ROOT = path.resolve(__dirname, '..');

/** The Pulumi stacks CI previews, in promotion order. */
export function previewedStacks(): string[] {
  return ENVIRONMENTS.filter((e) => e.scope === 'namespaced').map((e) => e.name);
}

/** Each workflow file with the line holding its matrix (the key before the flow list). */
const MATRICES: readonly { readonly file: string; readonly line: RegExp }[] = [
  { file: '.github/workflows/keelson.yml', line: /^(\s+stack: )\[[^\]\n]*\]$/m },
  { file: '.gitlab-ci.yml', line: /^(\s+- STACK: )\[[^\]\n]*\]$/m },
];

/** Every workflow file as it should be committed: [path relative to the repository, content]. */
export function generateWorkflows(root = ROOT): [string, string][] {
  const list = `[${previewedStacks().join(', ')}]`;
  return MATRICES.map(({ file, line }) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    if (!line.test(text)) throw new Error(`${file}: no matrix line matching ${line}`);
    return [file, text.replace(line, (_m, key: string) => `${key}${list}`)];
  });
}

if (require.main === module) {
  for (const [file, content] of generateWorkflows()) {
    fs.writeFileSync(path.join(ROOT, file), content);
    console.log(`wrote ${file}`);
  }
}
