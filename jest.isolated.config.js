/**
 * Every test file in its own module registry, as jest runs files by default: for running one
 * file while working on it (`npm run test:file -- test/jenkins`), or to check that no file
 * depends on what another one loaded. `npm test` runs the same files through test/suites/.
 */
module.exports = {
  ...require('./scripts/jest-base'),
  rootDir: '.',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/suites/'],
};
