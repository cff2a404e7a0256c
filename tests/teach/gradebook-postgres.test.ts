/** The gradebook data-layer tests on a throw-away PostgreSQL server. */
import { startPostgres } from '../support/pg';
import { gradebookSuite } from './gradebook-suite';

gradebookSuite('PostgreSQL', async () => {
  const server = await startPostgres({ database: 'gradebook' });
  return { db: { provider: 'postgresql', url: server.url }, cleanup: () => server.stop() };
});
