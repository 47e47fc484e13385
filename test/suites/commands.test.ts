import { runSuite } from '../support/suites';

// The CLI and its commands, the e2e helpers, lint layering and the library (test/support/suites.ts).
runSuite('commands');
