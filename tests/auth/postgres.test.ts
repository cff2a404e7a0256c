/** Passwords and sign-in limits on a throw-away PostgreSQL server. */
import { startPostgres } from '../support/pg';
import { authSuite } from './suite';

authSuite('PostgreSQL', async () => {
  const server = await startPostgres({ database: 'auth' });
  return { db: { provider: 'postgresql', url: server.url }, cleanup: () => server.stop() };
});
