// Bundles the keelson CLI into dist/keelson.js and, beside it, dist/synth-hit.js (a `keelson synth`
// served from its cache, run without loading the CLI: see bin/keelson.js), (and the cdk8s app entry into dist/cdk8s-app.js, the benchmark bodies into dist/bench-scale.js and dist/bench-phases.js) with esbuild (about 0.3 s), so that synthesis
// runs plain JavaScript: no TypeScript compiler on the hot path. The command-line entries carry
// their npm dependencies inside the bundle: one file to read and compile instead of hundreds of
// module look-ups at every start. The Pulumi program keeps its packages external (the Pulumi
// SDK and providers resolve their own files at run time).
// dist/keelson.inputs.json lists the repository files the CLI bundle was built from (and the
// lockfile, which pins the bundled packages): bin/keelson.js rebuilds when one is newer, so the
// command never runs code older than its sources.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';

const common = { outdir: 'dist', bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'linked', logLevel: 'warning' };

// --cli builds the CLI bundle alone (keelson diff synthesizing a base revision needs nothing else).
const cliOnly = process.argv.includes('--cli');
const [cli] = await Promise.all([
  // synth-hit: `keelson synth` served from its cache, a few kilobytes tried before the CLI is loaded.
  build({ ...common, entryPoints: { keelson: 'cli/keelson.ts', 'synth-hit': 'cli/synth-hit.ts' }, metafile: true }),
  ...(cliOnly
    ? []
    : [
        build({
          ...common,
          entryPoints: {
            'cdk8s-app': 'cli/cdk8s-app.ts',
            'bench-scale': 'scripts/bench-scale.ts',
            'bench-phases': 'scripts/bench-phases.ts',
            'bench-cdk8s-baseline': 'scripts/bench-cdk8s-baseline.ts',
          },
        }),
        build({ ...common, entryPoints: { pulumi: 'stacks/pulumi/index.ts' }, packages: 'external' }),
      ]),
]);
const sources = Object.keys(cli.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
writeFileSync('dist/keelson.inputs.json', `${JSON.stringify([...sources.sort(), 'package-lock.json'], null, 1)}\n`);
