/** Publishing content on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { publishSuite } from './publish-suite';

publishSuite('PostgreSQL', postgresHarness('publish'));
