/** Assessments on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { assessmentSuite } from './suite';

assessmentSuite('PostgreSQL', postgresHarness('assessments'));
