/** The students' data-layer tests on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { studentsSuite } from './suite';

studentsSuite('SQLite', sqliteHarness('students'));
