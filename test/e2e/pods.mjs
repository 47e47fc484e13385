// Prints, as a JSON List, one Pod per workload (Deployment, StatefulSet, DaemonSet, Job) found in
// the YAML files given as arguments, built from the workload's pod template the way its
// controller builds it. Without controllers the local API server never creates these Pods, so
// e2e.sh creates them with a server-side dry run: PodSecurity enforcement and the ServiceAccount
// admission plugin then judge real Pods. `--namespace <ns>` sets the namespace of objects
// without one (the preview manifests).
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const args = process.argv.slice(2);
let namespace;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--namespace') namespace = args[++i];
  else files.push(args[i]);
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job']);
const items = [];
for (const file of files) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const o = doc.toJS();
    if (!o || !WORKLOADS.has(o.kind)) continue;
    const template = o.spec.template;
    const spec = structuredClone(template.spec);
    if (o.kind === 'StatefulSet') {
      // The StatefulSet controller turns each claim template into a volume of ordinal 0's claim.
      const claims = (o.spec.volumeClaimTemplates ?? []).map((c) => ({
        name: c.metadata.name,
        persistentVolumeClaim: { claimName: `${c.metadata.name}-${o.metadata.name}-0` },
      }));
      spec.volumes = [...(spec.volumes ?? []), ...claims];
    }
    items.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${o.metadata.name}-${o.kind.toLowerCase()}-e2e`,
        namespace: o.metadata.namespace ?? namespace,
        labels: template.metadata?.labels,
        annotations: template.metadata?.annotations,
      },
      spec,
    });
  }
}
console.log(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
