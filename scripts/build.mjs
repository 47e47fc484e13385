// Bundles the keelson CLI into dist/keelson.js (and the cdk8s app entry into dist/cdk8s-app.js) with esbuild (about 0.1 s), so that synthesis
// runs plain JavaScript: no TypeScript compiler on the hot path. npm packages stay external.
import { build } from 'esbuild';

await build({
  entryPoints: { keelson: 'cli/keelson.ts', 'cdk8s-app': 'cli/cdk8s-app.ts', pulumi: 'stacks/pulumi/index.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
