/** Practice mode on a temporary SQLite database. */
import { sqliteHarness } from '../support/database';
import { practiceSuite } from './practice-suite';

practiceSuite('SQLite', sqliteHarness('practice'));
