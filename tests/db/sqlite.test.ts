/** The shared database tests on a temporary SQLite file, plus SQLite-only checks. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDatabase } from '@/server/db/config';
import { closePrisma, createPrisma, getPrisma } from '@/server/db/client';
import { applyMigrations } from '@/server/db/migrate';
import { databaseSuite } from './suite';
import { createMigrationSuite } from './create-migration';

function tempSqlite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-sqlite-'));
  const db = resolveDatabase({ DATABASE_URL: `file:${path.join(dir, 'nested', 'test.db')}` });
  return { db, dir, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

databaseSuite('SQLite', async () => tempSqlite());

createMigrationSuite('SQLite', async () => {
  const { db, cleanup } = tempSqlite();
  cleanups.push(cleanup);
  return db;
});

describe('SQLite connection settings', () => {
  it('opens in WAL mode with synchronous = NORMAL, foreign keys on and a busy timeout', async () => {
    const { db, cleanup } = tempSqlite();
    try {
      await applyMigrations(db);
      const prisma = createPrisma(db);
      const pragma = async (name: string) => Object.values((await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`))[0])[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(Number(await pragma('synchronous'))).toBe(1); // 0 OFF, 1 NORMAL, 2 FULL
      expect(Number(await pragma('foreign_keys'))).toBe(1);
      expect(Number(await pragma('busy_timeout'))).toBe(5000);
      await prisma.$disconnect();
    } finally {
      await cleanup();
    }
  });

  it('stores DateTime values as ISO-8601 text in UTC', async () => {
    const { db, cleanup } = tempSqlite();
    try {
      await applyMigrations(db);
      const prisma = createPrisma(db);
      await prisma.course.create({ data: { slug: 'c', title: 'C' } });
      await prisma.lesson.create({ data: { courseId: (await prisma.course.findFirstOrThrow()).id, slug: 'l', title: 'L', position: 1, dueAt: new Date('2027-01-02T03:04:05.678Z') } });
      await prisma.$disconnect();
      if (db.provider !== 'sqlite') throw new Error('expected SQLite');
      const raw = new Database(db.file, { readonly: true });
      const row = raw.prepare('SELECT dueAt, typeof(dueAt) AS t FROM Lesson').get() as { dueAt: string; t: string };
      raw.close();
      expect(row).toEqual({ dueAt: '2027-01-02T03:04:05.678+00:00', t: 'text' });
    } finally {
      await cleanup();
    }
  });
});

describe('getPrisma', () => {
  it('makes one client for the process from DATABASE_URL, and opens the file only on first use', async () => {
    const { db, cleanup } = tempSqlite();
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = db.url;
    try {
      if (db.provider !== 'sqlite') throw new Error('expected SQLite');
      const prisma = getPrisma();
      expect(getPrisma()).toBe(prisma);
      expect(fs.existsSync(db.file)).toBe(false);
      await applyMigrations(db);
      expect(await prisma.course.count()).toBe(0);
      await closePrisma();
      expect(getPrisma()).not.toBe(prisma);
      await closePrisma();
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
      await cleanup();
    }
  });
});
