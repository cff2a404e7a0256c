/** LTI deep linking and roster on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { servicesSuite } from './services-suite';

servicesSuite('PostgreSQL', postgresHarness('lti_services'));
