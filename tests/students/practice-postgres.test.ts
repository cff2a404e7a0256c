/** Practice mode on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { practiceSuite } from './practice-suite';

practiceSuite('PostgreSQL', postgresHarness('practice'));
