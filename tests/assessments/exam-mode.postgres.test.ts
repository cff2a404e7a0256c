/** Exam mode on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { examModeSuite } from './exam-mode-suite';

examModeSuite('PostgreSQL', postgresHarness('exam-mode'));
