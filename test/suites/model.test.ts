import { runSuite } from '../support/suites';

// Constructs, charts, environments, the render core and the Pulumi program (test/support/suites.ts).
runSuite('model');
