/** Mailed links on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { mailLinksSuite } from './links-suite';

mailLinksSuite('SQLite', sqliteHarness('mail-links'));
