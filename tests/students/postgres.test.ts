/** The students' data-layer tests on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { studentsSuite } from './suite';

studentsSuite('PostgreSQL', postgresHarness('students'));
