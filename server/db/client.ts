/**
 * The Prisma client, for the database DATABASE_URL names.
 *
 * Two clients are generated (generated/prisma-sqlite and generated/prisma-pg) because a
 * Prisma client is bound to one provider. Both have the same models and API, so code is
 * typed against the SQLite one and runs unchanged on PostgreSQL.
 *
 * Server-side only (scripts and the CLI import it too, so no `server-only` marker); never
 * import it from lib/. Nothing connects at import time: `next build` imports every route
 * module, and the database must not be opened (or created) by a build.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma-sqlite/client';
import { PrismaClient as PgPrismaClient } from '../../generated/prisma-pg/client';
import { resolveDatabase, type DatabaseConfig } from './config';
import { CurvatureSqliteAdapter } from './sqlite';

export { PrismaClient };
export type { Prisma } from '../../generated/prisma-sqlite/client';

/**
 * A new client for `db` (SQLite: WAL, synchronous = NORMAL and a 5 s busy timeout are set
 * when it connects). Callers own it and must `$disconnect()` it; most code wants getPrisma().
 */
export function createPrisma(db: DatabaseConfig): PrismaClient {
  if (db.provider === 'sqlite') {
    return new PrismaClient({ adapter: new CurvatureSqliteAdapter(db.url) });
  }
  const client = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: db.url }) });
  // Same models, same API, generated from the same schema: only the provider differs.
  return client as unknown as PrismaClient;
}

// Kept on globalThis so that Next's dev-mode module reloads reuse one client.
const slot = globalThis as typeof globalThis & { __curvaturePrisma?: PrismaClient };

/**
 * The process's client, created on first call from DATABASE_URL (resolveDatabase may throw
 * a ConfigError). It connects on its first query.
 */
export function getPrisma(): PrismaClient {
  slot.__curvaturePrisma ??= createPrisma(resolveDatabase());
  return slot.__curvaturePrisma;
}

/** Disconnects and forgets the process's client (for scripts and tests that end cleanly). */
export async function closePrisma(): Promise<void> {
  const client = slot.__curvaturePrisma;
  slot.__curvaturePrisma = undefined;
  await client?.$disconnect();
}
