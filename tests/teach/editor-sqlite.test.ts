/** The lesson editor's tests on a temporary SQLite file. */
import { sqliteHarness } from '../support/database';
import { editorSuite } from './editor-suite';

editorSuite('SQLite', sqliteHarness('editor'));
