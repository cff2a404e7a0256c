/**
 * Database migrations from the command line (Prisma's `migrate` CLI cannot run offline;
 * this drives its WebAssembly engine through server/db/migrate.ts).
 *
 *   npx tsx scripts/db-migrate.ts                 apply pending migrations to DATABASE_URL
 *                                                 (default file:./data/curvature.db) and
 *                                                 print which were applied
 *   npx tsx scripts/db-migrate.ts status          list migrations not yet applied
 *   npx tsx scripts/db-migrate.ts create <name>   after editing prisma/schema.prisma: write
 *                                                 a new migration for BOTH databases
 *
 * `create` re-derives prisma-pg/schema.prisma, then generates the SQLite migration against
 * a scratch database in a temporary folder and the PostgreSQL one against a throw-away
 * PostgreSQL server (started from the local server binaries, see tests/support/pg.ts) or,
 * when MIGRATE_PG_URL is set, against that scratch database (its user must be allowed to
 * CREATE DATABASE, for the shadow database). Both migrations get the same folder name.
 * Commit both folders, then run `npm run postinstall` (prisma generate) for the new client.
 *
 * The process always ends itself: the engine keeps a timer alive for ~10 s on PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, checkConnection, resolveDatabase } from '../server/db/config';
import { MigrationError, PROJECT_ROOT, applyMigrations, createMigration, pendingMigrations, schemaPaths } from '../server/db/migrate';
import { derivePgSchema, schemaFiles } from './db-derive-pg';

async function apply(): Promise<void> {
  const db = resolveDatabase();
  await checkConnection(db);
  const where = db.provider === 'sqlite' ? db.file : new URL(db.url).host;
  const applied = await applyMigrations(db);
  if (applied.length === 0) console.log(`${db.provider} ${where}: no pending migrations`);
  for (const name of applied) console.log(`${db.provider} ${where}: applied ${name}`);
}

async function status(): Promise<void> {
  const db = resolveDatabase();
  await checkConnection(db);
  const pending = await pendingMigrations(db);
  console.log(pending.length === 0 ? 'database is up to date' : `pending: ${pending.join(', ')}`);
}

async function create(name: string | undefined): Promise<void> {
  if (!name) throw new MigrationError('usage: tsx scripts/db-migrate.ts create <name>');
  if (!/^[a-z0-9_]+$/.test(name)) throw new MigrationError(`a migration name is lower-case letters, digits and underscores (e.g. grade_trail), not "${name}"`);
  const root = PROJECT_ROOT;
  const { source, derived } = schemaFiles(root);
  const pgSchema = derivePgSchema(fs.readFileSync(source, 'utf8'));
  if (!fs.existsSync(derived) || fs.readFileSync(derived, 'utf8') !== pgSchema) {
    fs.writeFileSync(derived, pgSchema);
    console.log('updated prisma-pg/schema.prisma');
  }

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-migrate-'));
  let sqliteDir: string | null = null;
  try {
    const file = path.join(scratch, 'dev.db');
    sqliteDir = await createMigration({ provider: 'sqlite', file, url: `file:${file}` }, name, { root });

    let pgUrl = process.env.MIGRATE_PG_URL;
    let stop: (() => Promise<void>) | undefined;
    if (!pgUrl) {
      const { startPostgres } = await import('../tests/support/pg');
      const server = await startPostgres({ database: 'curvature_migrate' });
      pgUrl = server.url;
      stop = server.stop;
    }
    let pgDir: string | null;
    try {
      pgDir = await createMigration({ provider: 'postgresql', url: pgUrl }, name, { root, directoryName: sqliteDir ?? undefined });
    } finally {
      await stop?.();
    }

    if (!sqliteDir && !pgDir) {
      console.log('no schema changes: no migration created');
      return;
    }
    if (!sqliteDir || !pgDir || sqliteDir !== pgDir) {
      console.warn(`warning: only one provider had changes (sqlite: ${sqliteDir ?? 'none'}, postgresql: ${pgDir ?? 'none'})`);
    }
    for (const [provider, dir] of [['sqlite', sqliteDir], ['postgresql', pgDir]] as const) {
      if (dir) console.log(`created ${path.relative(root, path.join(schemaPaths(provider, root).migrations, dir, 'migration.sql'))}`);
    }
    console.log('next: commit both migrations and run prisma generate (npm run postinstall)');
  } catch (err) {
    // Keep the two folders in step: drop the SQLite migration if PostgreSQL's failed.
    if (sqliteDir) fs.rmSync(path.join(schemaPaths('sqlite', root).migrations, sqliteDir), { recursive: true, force: true });
    throw err;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2);
  if (command === undefined || command === 'apply' || command === 'deploy') return apply();
  if (command === 'status') return status();
  if (command === 'create') return create(arg);
  throw new MigrationError(`unknown command "${command}" — use: (nothing) | status | create <name>`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    const known = err instanceof ConfigError || err instanceof MigrationError;
    console.error(`db-migrate: ${known ? (err as Error).message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
