/**
 * The databases the data-layer suites run on: each suite takes a `setup` that makes an
 * empty database, and its two runner files pass `sqliteHarness(...)` (a temporary file) and
 * `postgresHarness(...)` (a throw-away PostgreSQL server, tests/support/pg.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { resolveDatabase, type DatabaseConfig } from '@/server/db/config';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { applyMigrations } from '@/server/db/migrate';
import { startPostgres } from './pg';

/** An empty database and how to throw it away. */
export interface Harness {
  db: DatabaseConfig;
  cleanup(): Promise<void>;
}

/** A setup that makes a SQLite file `<name>.db` in a new temporary folder. */
export function sqliteHarness(name: string): () => Promise<Harness> {
  return async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `curvature-${name}-`));
    const db = resolveDatabase({ DATABASE_URL: `file:${path.join(dir, `${name}.db`)}` });
    return { db, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  };
}

/** A setup that starts a throw-away PostgreSQL server with a database called `name`. */
export function postgresHarness(name: string): () => Promise<Harness> {
  return async () => {
    const server = await startPostgres({ database: name });
    return { db: { provider: 'postgresql', url: server.url }, cleanup: () => server.stop() };
  };
}

/**
 * Inside a describe block: before its tests, make the database, apply every migration and
 * hand a client to `ready`; after them, disconnect and throw the database away.
 */
export function useMigratedDatabase(setup: () => Promise<Harness>, ready: (prisma: PrismaClient) => void): void {
  let harness: Harness | undefined;
  let prisma: PrismaClient | undefined;
  beforeAll(async () => {
    harness = await setup();
    await applyMigrations(harness.db);
    prisma = createPrisma(harness.db);
    ready(prisma);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await harness?.cleanup();
  });
}
