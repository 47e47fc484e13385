/**
 * A recursive partial: what an environment file may override. Arrays are replaced whole. An
 * entry of a keyed collection (a record such as `topics` or `templates`) may also be `null`,
 * which removes the base's entry of that name.
 */
export type DeepPartial<T> = T extends readonly (infer _U)[]
  ? T
  : T extends object
    ? string extends keyof T
      ? { readonly [K in keyof T]?: DeepPartial<T[K]> | null }
      : { readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Layers an override onto defaults: objects merge key by key, everything else (numbers,
 * strings, arrays) is replaced. A tagged union member (an object with `kind`) whose kind
 * changes is replaced whole, so fields of the old variant cannot leak into the new one. Keyed
 * collections are objects too: an override changes one entry by its name, adds new names after
 * the base's (insertion order), and removes one with `null`.
 */
export function layer<T>(base: T, override: DeepPartial<T> | undefined): T {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T;
  if ('kind' in override && override.kind !== base.kind) return override as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === undefined) continue;
    if (v === null) delete out[k];
    else out[k] = k in base ? layer(base[k], v as DeepPartial<unknown>) : v;
  }
  return out as T;
}
