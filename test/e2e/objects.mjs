// Reads `kubectl apply -o json` output (one object or a List) on stdin and prints one line per
// object, "<kind>/<namespace>/<name> <sha256 of the object without its resourceVersion>", for
// the re-apply comparison. The resourceVersion is left out because the API server rewrites some
// kinds (PersistentVolumeClaims) on a no-op apply with identical content; everything else,
// managedFields included, must be unchanged.
import { createHash } from 'node:crypto';

let text = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (text += chunk));
process.stdin.on('end', () => {
  const doc = JSON.parse(text);
  const items = doc.kind === 'List' ? doc.items : [doc];
  for (const o of items) {
    const { resourceVersion, ...metadata } = o.metadata;
    void resourceVersion;
    const hash = createHash('sha256')
      .update(JSON.stringify({ ...o, metadata }))
      .digest('hex')
      .slice(0, 16);
    console.log(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name} ${hash}`);
  }
});
