/** Drafts on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { draftsSuite } from './drafts-suite';

draftsSuite('PostgreSQL', postgresHarness('drafts'));
