/** Mailed links on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { mailLinksSuite } from './links-suite';

mailLinksSuite('PostgreSQL', postgresHarness('mail_links'));
