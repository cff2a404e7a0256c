/** The roster data-layer tests on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { rosterSuite } from './roster-suite';

rosterSuite('SQLite', sqliteHarness('roster'));
