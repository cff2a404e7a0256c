/** LTI launches on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { launchSuite } from './launch-suite';

launchSuite('PostgreSQL', postgresHarness('lti_launch'));
