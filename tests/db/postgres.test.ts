/**
 * On one throw-away PostgreSQL server: the shared database tests, connection errors
 * explained in one line, and creating a migration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { checkConnection, ConfigError, resolveDatabase } from '@/server/db/config';
import { ensureDatabase } from '@/server/db/ensure';
import { createDatabase, startPostgres, type TempPostgres } from '../support/pg';
import { databaseSuite } from './suite';
import { createMigrationSuite } from './create-migration';

let server: TempPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

/** URL of a new empty database on the server. */
async function freshDatabase(name: string): Promise<string> {
  await createDatabase(server.url, name);
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return url.toString();
}

databaseSuite('PostgreSQL', async () => ({
  db: { provider: 'postgresql', url: await freshDatabase('suite') },
  cleanup: async () => {},
}));

createMigrationSuite('PostgreSQL', async () => ({ provider: 'postgresql', url: await freshDatabase('create_migration') }), {
  leftoverShadowDatabases: async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE '%shadow%'");
      return rows.map((r) => r.datname);
    } finally {
      await client.end();
    }
  },
});

describe('PostgreSQL connection errors', () => {
  function withUrl(change: (u: URL) => void): string {
    const u = new URL(server.url);
    change(u);
    return u.toString();
  }

  it('accepts postgresql:// and postgres:// URLs and connects', async () => {
    expect(resolveDatabase({ DATABASE_URL: server.url })).toEqual({ provider: 'postgresql', url: server.url });
    const alias = server.url.replace('postgresql://', 'postgres://');
    expect(resolveDatabase({ DATABASE_URL: alias }).provider).toBe('postgresql');
    await expect(checkConnection(resolveDatabase({ DATABASE_URL: server.url }))).resolves.toBeUndefined();
  });

  it('says the server cannot be reached when nothing listens on the port', async () => {
    const url = withUrl((u) => (u.port = '1'));
    const err = await checkConnection(resolveDatabase({ DATABASE_URL: url })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe('cannot reach PostgreSQL at 127.0.0.1:1 — is it running? (check host and port in DATABASE_URL)');
  });

  it('says the user or password is wrong, without printing the password', async () => {
    const url = withUrl((u) => (u.password = 'not-the-password'));
    const err = await checkConnection(resolveDatabase({ DATABASE_URL: url })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(
      `PostgreSQL at 127.0.0.1:${server.port} refused user "postgres" — check the user name and password in DATABASE_URL`,
    );
    expect((err as Error).message).not.toContain('not-the-password');
  });

  it('says the database does not exist', async () => {
    const url = withUrl((u) => (u.pathname = '/no_such_db'));
    await expect(checkConnection(resolveDatabase({ DATABASE_URL: url }))).rejects.toThrow(
      `database "no_such_db" does not exist on PostgreSQL at 127.0.0.1:${server.port} — create it (createdb no_such_db) or fix DATABASE_URL`,
    );
  });

  it('ensureDatabase stops with the ConfigError before touching anything', async () => {
    const url = withUrl((u) => (u.password = 'wrong'));
    await expect(ensureDatabase({ env: { DATABASE_URL: url } })).rejects.toBeInstanceOf(ConfigError);
  });
});
