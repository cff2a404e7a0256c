/** One session per student on a temporary SQLite database. */
import { sqliteHarness } from '../support/database';
import { sessionsSuite } from './sessions-suite';

sessionsSuite('SQLite', sqliteHarness('sessions'));
