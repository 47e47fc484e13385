import { emitYaml } from './yaml-emitter';

/**
 * The one YAML renderer for configuration files (JCasC, Loki, Alloy …): keys keep the order in
 * which the typed model builds them, undefined values vanish, no anchors, no line folding, so
 * output is deterministic and diffs stay readable.
 */
export function renderYaml(doc: unknown): string {
  return emitYaml(prune(doc));
}

/** Removes undefined values (recursively) so that optional model fields leave no trace. */
export function prune<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => prune(v)) as unknown as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = prune(v);
    }
    return out as T;
  }
  return value;
}
