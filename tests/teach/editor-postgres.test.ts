/** The lesson editor's tests on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { editorSuite } from './editor-suite';

editorSuite('PostgreSQL', postgresHarness('editor'));
