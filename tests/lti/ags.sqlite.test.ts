/** LTI grades to the LMS on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { agsSuite } from './ags-suite';

agsSuite('SQLite', sqliteHarness('lti-ags'));
