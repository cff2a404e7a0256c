/** The misconceptions report's tests on a throw-away PostgreSQL server. */
import { startPostgres } from '../support/pg';
import { misconceptionsSuite } from './misconceptions-suite';

misconceptionsSuite('PostgreSQL', async () => {
  const server = await startPostgres({ database: 'misconceptions' });
  return { db: { provider: 'postgresql', url: server.url }, cleanup: () => server.stop() };
});
