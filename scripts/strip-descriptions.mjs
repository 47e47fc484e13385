// Schema data without prose: keys sorted, `description` fields dropped (about 80% smaller). A
// property that is itself named `description` (AppProject's spec.description) is a field, not
// prose, and is kept.
export function stripDescriptions(v, isPropertyMap = false) {
  if (Array.isArray(v)) return v.map((x) => stripDescriptions(x));
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) {
      if (k === 'description' && !isPropertyMap) continue;
      out[k] = stripDescriptions(v[k], !isPropertyMap && (k === 'properties' || k === 'patternProperties'));
    }
    return out;
  }
  return v;
}
