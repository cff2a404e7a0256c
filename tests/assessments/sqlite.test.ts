/** Assessments on a temporary SQLite database. */
import { sqliteHarness } from '../support/database';
import { assessmentSuite } from './suite';

assessmentSuite('SQLite', sqliteHarness('assessments'));
