/** The course-settings data-layer tests on a throw-away PostgreSQL server. */
import { startPostgres } from '../support/pg';
import { settingsSuite } from './settings-suite';

settingsSuite('PostgreSQL', async () => {
  const server = await startPostgres({ database: 'settings' });
  return { db: { provider: 'postgresql', url: server.url }, cleanup: () => server.stop() };
});
