/** The exercise preview's tests on a throw-away PostgreSQL server. */
import { postgresHarness } from '../support/database';
import { previewSuite } from './preview-suite';

previewSuite('PostgreSQL', postgresHarness('preview'));
