/** Drafts on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { draftsSuite } from './drafts-suite';

draftsSuite('SQLite', sqliteHarness('drafts'));
