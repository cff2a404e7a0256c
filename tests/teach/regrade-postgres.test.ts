/** The bulk-regrade data-layer tests on a throw-away PostgreSQL server. */
import { startPostgres } from '../support/pg';
import { regradeSuite } from './regrade-suite';

regradeSuite('PostgreSQL', async () => {
  const server = await startPostgres({ database: 'regrade' });
  return { db: { provider: 'postgresql', url: server.url }, cleanup: () => server.stop() };
});
