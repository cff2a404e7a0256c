/** Exam mode on a temporary SQLite database. */
import { sqliteHarness } from '../support/database';
import { examModeSuite } from './exam-mode-suite';

examModeSuite('SQLite', sqliteHarness('exam-mode'));
