/** The bulk-regrade data-layer tests on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { regradeSuite } from './regrade-suite';

regradeSuite('SQLite', sqliteHarness('regrade'));
