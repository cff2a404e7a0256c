/**
 * Prisma CLI configuration, used by `prisma generate` (the only Prisma CLI command that
 * works offline; migrations run through `scripts/db-migrate.ts`).
 *
 * Generate both clients:
 *   prisma generate --schema prisma/schema.prisma && prisma generate --schema prisma-pg/schema.prisma
 */
import { defineConfig } from 'prisma/config';

// Stop the CLI from looking for (and trying to download) the native schema engine.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/false';
process.env.CHECKPOINT_DISABLE ??= '1';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/curvature.db' },
});
