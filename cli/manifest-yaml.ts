import { CORE_SCHEMA, load, loadAll } from 'js-yaml';

/**
 * Reads manifest files back (a base revision's committed manifests/, a synthesized base) with
 * js-yaml under the YAML 1.2 core schema, the schema the files are written in. It gives the same
 * values as the `yaml` package for every file keelson writes (test/common/yaml-emitter.test.ts
 * compares both over the committed manifests) and parses them five to nine times faster, which
 * is most of `keelson diff`'s time when it computes the budget of both sides.
 */
export function parseManifestDocuments(text: string): unknown[] {
  return loadAll(text, { schema: CORE_SCHEMA }).filter((d) => d !== null && d !== undefined);
}

/** One YAML document (throws on a syntax error or on several documents). */
export function parseManifest(text: string): unknown {
  return load(text, { schema: CORE_SCHEMA });
}
