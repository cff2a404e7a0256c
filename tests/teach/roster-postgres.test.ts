/** The roster data-layer tests on a throw-away PostgreSQL server. */
import { startPostgres } from '../support/pg';
import { rosterSuite } from './roster-suite';

rosterSuite('PostgreSQL', async () => {
  const server = await startPostgres({ database: 'roster' });
  return { db: { provider: 'postgresql', url: server.url }, cleanup: () => server.stop() };
});
