// Schema data without prose: keys sorted, `description` fields dropped (about 80% smaller).
export function stripDescriptions(v) {
  if (Array.isArray(v)) return v.map(stripDescriptions);
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) if (k !== 'description') out[k] = stripDescriptions(v[k]);
    return out;
  }
  return v;
}
