/** The misconceptions report's tests on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { misconceptionsSuite } from './misconceptions-suite';

misconceptionsSuite('SQLite', sqliteHarness('misconceptions'));
