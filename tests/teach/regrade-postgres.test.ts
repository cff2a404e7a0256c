/** The bulk-regrade data-layer tests on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { regradeSuite } from './regrade-suite';

regradeSuite('PostgreSQL', postgresHarness('regrade'));
