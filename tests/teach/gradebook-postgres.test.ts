/** The gradebook data-layer tests on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { gradebookSuite } from './gradebook-suite';

gradebookSuite('PostgreSQL', postgresHarness('gradebook'));
