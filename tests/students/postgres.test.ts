/** The students' data-layer tests on a throw-away PostgreSQL server. */
import { startPostgres } from '../support/pg';
import { studentsSuite } from './suite';

studentsSuite('PostgreSQL', async () => {
  const server = await startPostgres({ database: 'students' });
  return { db: { provider: 'postgresql', url: server.url }, cleanup: () => server.stop() };
});
