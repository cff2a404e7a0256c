/** Passwords and sign-in limits on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { authSuite } from './suite';

authSuite('PostgreSQL', postgresHarness('auth'));
