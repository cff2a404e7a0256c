/** The misconceptions report's tests on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { misconceptionsSuite } from './misconceptions-suite';

misconceptionsSuite('PostgreSQL', postgresHarness('misconceptions'));
