/** Publishing content on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { gitSuite, publishSuite } from './publish-suite';

publishSuite('SQLite', sqliteHarness('publish'));
gitSuite();
