// Bundles the keelson CLI into dist/keelson.js (and the cdk8s app entry into dist/cdk8s-app.js, the scaling benchmark into dist/bench-scale.js) with esbuild (about 0.3 s), so that synthesis
// runs plain JavaScript: no TypeScript compiler on the hot path. The command-line entries carry
// their npm dependencies inside the bundle: one file to read and compile instead of hundreds of
// module look-ups at every start. The Pulumi program keeps its packages external (the Pulumi
// SDK and providers resolve their own files at run time).
import { build } from 'esbuild';

const common = { outdir: 'dist', bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'linked', logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: { keelson: 'cli/keelson.ts', 'cdk8s-app': 'cli/cdk8s-app.ts', 'bench-scale': 'scripts/bench-scale.ts' } }),
  build({ ...common, entryPoints: { pulumi: 'stacks/pulumi/index.ts' }, packages: 'external' }),
]);
