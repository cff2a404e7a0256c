/** The roster data-layer tests on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { rosterSuite } from './roster-suite';

rosterSuite('PostgreSQL', postgresHarness('roster'));
