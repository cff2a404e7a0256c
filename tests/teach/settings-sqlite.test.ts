/** The course-settings data-layer tests on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { settingsSuite } from './settings-suite';

settingsSuite('SQLite', sqliteHarness('settings'));
