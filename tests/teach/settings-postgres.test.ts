/** The course-settings data-layer tests on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { settingsSuite } from './settings-suite';

settingsSuite('PostgreSQL', postgresHarness('settings'));
