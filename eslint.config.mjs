// ESLint flat config: the recommended JavaScript and typescript-eslint rules plus a few habits of
// this code base. Rules are syntactic (no type information), so linting stays fast; `tsc` (strict)
// does the type checking.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeGlobals = {
  require: 'readonly',
  module: 'writable',
  process: 'readonly',
  console: 'readonly',
  __dirname: 'readonly',
  Buffer: 'readonly',
  structuredClone: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
};

/**
 * Layers point one way: constructs <- charts <- stacks <- render <- outputs (CLI, Pulumi program).
 * A relative import that climbs into a higher layer's folder is refused (type-only imports too: a
 * lower layer must not even know a higher one's types). `extra` adds patterns (packages).
 */
const higherLayers = (layers, why, extra = []) => ({
  'no-restricted-imports': ['error', { patterns: [{ regex: `^(\\.\\./)+(${layers.join('|')})(/|$)`, message: why }, ...extra] }],
});

export default defineConfig(
  { ignores: ['dist/', 'lib/', 'node_modules/', 'manifests/', 'cdk8s.out/', 'coverage/', 'schemas/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    // The launcher, jest config and jest transform are CommonJS by design.
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests build deliberately ill-typed input (that is what the error tests are for).
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['constructs/**/*.ts'],
    rules: {
      ...higherLayers(['charts', 'stacks', 'render', 'cli'], 'constructs know no charts, stacks, render or CLI: take what you need as props'),
      // Validation narrows (Checks.that is an assertion); what cannot be narrowed goes through `ensured`.
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    files: ['charts/**/*.ts'],
    rules: higherLayers(['stacks', 'render', 'cli'], 'charts know no stacks, render or CLI: a chart owns its settings type and stacks/types.ts composes them'),
  },
  {
    // stacks/pulumi/ is an output (the Pulumi program): it reads the render core like the CLI.
    files: ['stacks/**/*.ts'],
    ignores: ['stacks/pulumi/**'],
    rules: higherLayers(['render', 'cli'], 'environments know no render core or CLI: the render core reads them, not the other way'),
  },
  {
    files: ['render/**/*.ts'],
    rules: higherLayers(['cli', 'stacks/pulumi'], 'the render core knows no output (CLI, Pulumi program): outputs read its result', [
      { group: ['@pulumi/*'], message: 'the render core knows no Pulumi: the Pulumi program (stacks/pulumi/) reads its result' },
    ]),
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
);
