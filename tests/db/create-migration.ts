/**
 * Tests of createMigration (what `db-migrate create` does per provider), shared by the
 * SQLite and PostgreSQL test files. They work on a copy of prisma/ and prisma-pg/ in a
 * temporary folder, never on the repository's migrations.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '@/server/db/config';
import { createPrisma } from '@/server/db/client';
import { applyMigrations, createMigration, MigrationError, PROJECT_ROOT, readMigrations, schemaPaths } from '@/server/db/migrate';
import { derivePgSchema } from '@/scripts/db-derive-pg';

/** A temporary project root holding copies of both schemas and migration folders. */
function copyProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-create-'));
  for (const dir of ['prisma', 'prisma-pg']) fs.cpSync(path.join(PROJECT_ROOT, dir), path.join(root, dir), { recursive: true });
  return root;
}

/** Edits the SQLite schema of `root` and re-derives the PostgreSQL one. */
function editSchema(root: string, edit: (text: string) => string): void {
  const source = path.join(root, 'prisma', 'schema.prisma');
  const text = edit(fs.readFileSync(source, 'utf8'));
  fs.writeFileSync(source, text);
  fs.writeFileSync(path.join(root, 'prisma-pg', 'schema.prisma'), derivePgSchema(text));
}

export function createMigrationSuite(
  name: string,
  makeDb: () => Promise<DatabaseConfig>,
  hooks: { leftoverShadowDatabases?: () => Promise<string[]> } = {},
): void {
  describe(`${name}: creating a migration`, () => {
    let root: string;
    let db: DatabaseConfig;
    beforeAll(async () => {
      root = copyProject();
      db = await makeDb();
    });
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    it('creates nothing when the schema matches the migrations', async () => {
      const before = (await readMigrations(db.provider, root)).migrationDirectories.length;
      expect(await createMigration(db, 'nothing', { root })).toBeNull();
      expect((await readMigrations(db.provider, root)).migrationDirectories.length).toBe(before);
    });

    it('writes the SQL for a schema change, applies it, and a fresh database gets it too', async () => {
      editSchema(root, (text) => text.replace('  title          String\n', '  title          String\n  description    String?\n'));
      const created = await createMigration(db, 'course_description', { root, directoryName: '29990101000000_course_description' });
      expect(created).toBe('29990101000000_course_description');
      const sqlFile = path.join(schemaPaths(db.provider, root).migrations, created!, 'migration.sql');
      const sql = fs.readFileSync(sqlFile, 'utf8');
      expect(sql).toMatch(/ALTER TABLE "Course" ADD COLUMN\s+"description" TEXT;/);
      expect(sql).not.toMatch(/CREATE TABLE "user"/); // only the change, not the whole schema
      const lock = fs.readFileSync(path.join(schemaPaths(db.provider, root).migrations, 'migration_lock.toml'), 'utf8');
      expect(lock).toContain(`provider = "${db.provider}"`);

      // Already applied to the development database by createMigration:
      expect(await applyMigrations(db, { root })).toEqual([]);
      const prisma = createPrisma(db);
      try {
        const rows = await prisma.$queryRawUnsafe<{ description: string | null }[]>('SELECT "description" FROM "Course"');
        expect(rows).toEqual([]);
      } finally {
        await prisma.$disconnect();
      }
      // And the same schema again makes no second migration.
      expect(await createMigration(db, 'again', { root })).toBeNull();
      if (hooks.leftoverShadowDatabases) expect(await hooks.leftoverShadowDatabases()).toEqual([]);
    });

    it('reports a migration whose SQL fails, naming it', async () => {
      const broken = path.join(schemaPaths(db.provider, root).migrations, '29990202000000_broken');
      fs.mkdirSync(broken);
      fs.writeFileSync(path.join(broken, 'migration.sql'), 'ALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;\n');
      const err = await applyMigrations(db, { root }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MigrationError);
      expect((err as Error).message).toContain('29990202000000_broken');
      expect((err as Error).message).toContain('NoSuchTable');
    });

    it('refuses a migration name with spaces or slashes', async () => {
      await expect(createMigration(db, '../evil name', { root })).rejects.toThrow('may use only letters, digits, _ and -');
    });
  });
}
