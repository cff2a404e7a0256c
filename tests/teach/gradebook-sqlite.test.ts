/** The gradebook data-layer tests on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { gradebookSuite } from './gradebook-suite';

gradebookSuite('SQLite', sqliteHarness('gradebook'));
