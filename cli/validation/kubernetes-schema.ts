import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../paths';
import { Schema, SchemaError, validate } from './json-schema';

/** The Kubernetes API version whose schema keelson's output is checked against. */
export const KUBERNETES_SCHEMA_VERSION = '1.36.0';

interface Definitions {
  readonly version: string;
  readonly definitions: Record<string, Schema & { 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[] }>;
}

/** The schema file: read at run time (synth's API-server rules ask it which kinds are core), so part of synth's cache key. */
export function kubernetesSchemaFile(): string {
  return path.join(packageRoot(), 'schemas', `kubernetes-${KUBERNETES_SCHEMA_VERSION}.json`);
}

let cache: { defs: Definitions; byGvk: Map<string, string> } | undefined;

function load(): { defs: Definitions; byGvk: Map<string, string> } {
  if (cache) return cache;
  const defs = JSON.parse(fs.readFileSync(kubernetesSchemaFile(), 'utf8')) as Definitions;
  const byGvk = new Map<string, string>();
  for (const [name, d] of Object.entries(defs.definitions)) {
    for (const g of d['x-kubernetes-group-version-kind'] ?? []) {
      byGvk.set(`${g.group ? `${g.group}/` : ''}${g.version}/${g.kind}`, name);
    }
  }
  cache = { defs, byGvk };
  return cache;
}

/** Whether the Kubernetes schema defines this apiVersion/kind (custom resources are not). */
export function isCoreKind(apiVersion: string, kind: string): boolean {
  return load().byGvk.has(`${apiVersion}/${kind}`);
}

/** Validates one object against the Kubernetes schema of its kind; unknown fields are errors. */
export function validateKubernetesObject(obj: { apiVersion: string; kind: string }): SchemaError[] {
  const { defs, byGvk } = load();
  const name = byGvk.get(`${obj.apiVersion}/${obj.kind}`);
  if (!name) return [{ path: '', message: `${obj.apiVersion}/${obj.kind} is not a Kubernetes ${KUBERNETES_SCHEMA_VERSION} kind` }];
  const resolve = (ref: string) => defs.definitions[ref.replace('#/definitions/', '')];
  return validate({ $ref: `#/definitions/${name}` }, obj, resolve);
}
