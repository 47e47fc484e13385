/**
 * `npm test`: the test files run inside two suites that share a module registry each
 * (test/support/suites.ts), one jest worker per suite (jest's default of CPUs - 1 would run
 * them one after the other on two cores). jest.isolated.config.js runs each file on its own.
 */
module.exports = { ...require('./scripts/jest-base'), rootDir: '.', testMatch: ['<rootDir>/test/suites/*.test.ts'], maxWorkers: 2 };
