/** LTI deep linking and roster on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { servicesSuite } from './services-suite';

servicesSuite('SQLite', sqliteHarness('lti-services'));
