/** One session per student on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { sessionsSuite } from './sessions-suite';

sessionsSuite('PostgreSQL', postgresHarness('sessions'));
