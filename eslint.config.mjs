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
 * Layers point one way: constructs <- charts <- stacks <- outputs (CLI, Pulumi). A relative import
 * that climbs into a higher layer's folder is refused (type-only imports too: a lower layer must
 * not even know a higher one's types).
 */
const higherLayers = (layers, why) => ({
  'no-restricted-imports': ['error', { patterns: [{ regex: `^(\\.\\./)+(${layers.join('|')})(/|$)`, message: why }] }],
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
      ...higherLayers(['charts', 'stacks', 'cli'], 'constructs know no charts, stacks or CLI: take what you need as props'),
      // Validation narrows (Checks.that is an assertion); what cannot be narrowed goes through `ensured`.
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    files: ['charts/**/*.ts'],
    rules: higherLayers(['stacks', 'cli'], 'charts know no stacks or CLI: a chart owns its settings type and stacks/types.ts composes them'),
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
