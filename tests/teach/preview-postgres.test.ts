/** The exercise preview's tests on a throw-away PostgreSQL server. */
import { startPostgres } from '../support/pg';
import { previewSuite } from './preview-suite';

previewSuite('PostgreSQL', async () => {
  const server = await startPostgres({ database: 'preview' });
  return { db: { provider: 'postgresql', url: server.url }, cleanup: () => server.stop() };
});
