/** Jest runs the TypeScript sources through esbuild (no type checking here: `npm run typecheck` does that). */
module.exports = {
  testEnvironment: 'node',
  // The Pulumi runtime keeps its state on the global object and reads it after a test file ends.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/scripts/jest-esbuild.js' },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
