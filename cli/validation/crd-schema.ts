import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../paths';
import { Schema, SchemaError, validate } from './json-schema';

interface CrdEntry {
  readonly scope: 'Namespaced' | 'Cluster';
  readonly schema: Schema;
}

let cache: Record<string, CrdEntry> | undefined;

/** Upstream CRD schemas vendored in schemas/crds.json, keyed `group/version/Kind`. */
function crds(): Record<string, CrdEntry> {
  cache ??= JSON.parse(fs.readFileSync(path.join(packageRoot(), 'schemas', 'crds.json'), 'utf8')) as Record<string, CrdEntry>;
  return cache;
}

export function isCustomKind(apiVersion: string, kind: string): boolean {
  return `${apiVersion}/${kind}` in crds();
}

/** Validates a custom resource against its CRD's structural schema; unknown fields are errors. */
export function validateCustomResource(obj: { apiVersion: string; kind: string; metadata?: { namespace?: string } }): SchemaError[] {
  const entry = crds()[`${obj.apiVersion}/${obj.kind}`];
  if (!entry) return [{ path: '', message: `${obj.apiVersion}/${obj.kind} has no vendored CRD schema` }];
  const errors: SchemaError[] = [];
  if (entry.scope === 'Cluster' && obj.metadata?.namespace !== undefined)
    errors.push({ path: 'metadata.namespace', message: 'must not be set on a cluster-scoped kind' });
  // apiVersion, kind and metadata are checked by the API server itself, not by the CRD schema.
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = obj as Record<string, unknown>;
  const envelope = ['apiVersion', 'kind', 'metadata'];
  const schema: Schema = {
    ...entry.schema,
    properties: Object.fromEntries(Object.entries(entry.schema.properties ?? {}).filter(([k]) => !envelope.includes(k))),
    // Some CRDs (Argo CD's Application) list metadata as required at the root.
    required: entry.schema.required?.filter((k) => !envelope.includes(k)),
  };
  return [...errors, ...validate(schema, rest, () => undefined)];
}
