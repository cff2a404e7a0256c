/** LTI launches on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { launchSuite } from './launch-suite';

launchSuite('SQLite', sqliteHarness('lti-launch'));
