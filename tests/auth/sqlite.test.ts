/** Passwords and sign-in limits on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { authSuite } from './suite';

authSuite('SQLite', sqliteHarness('auth'));
