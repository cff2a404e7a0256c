/** The exercise preview's tests on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { previewSuite } from './preview-suite';

previewSuite('SQLite', sqliteHarness('preview'));
