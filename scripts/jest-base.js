/** What both jest configurations share (jest.config.js runs the suites, jest.isolated.config.js each file alone). */
module.exports = {
  testEnvironment: 'node',
  // The Pulumi runtime keeps its state on the global object and reads it after a test file ends.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/test'],
  // TypeScript through esbuild, no type checking here: `npm run typecheck` does that.
  transform: { '^.+\\.ts$': '<rootDir>/scripts/jest-esbuild.js' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // One rendering of every environment per run, shared by the test files (test/support/render-cache.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
