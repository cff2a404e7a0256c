/** LTI grades to the LMS on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { agsSuite } from './ags-suite';

agsSuite('PostgreSQL', postgresHarness('lti_ags'));
