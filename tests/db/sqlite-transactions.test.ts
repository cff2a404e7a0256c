/**
 * On SQLite the app has one connection. A request's query must never run inside another
 * request's open transaction: if that transaction rolled back, the query's write would be
 * lost after its request was told it was saved (server/db/sqlite.ts isolateTransactions).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { resolveDatabase } from '@/server/db/config';
import { applyMigrations } from '@/server/db/migrate';

let dir: string;
let prisma: PrismaClient;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-tx-'));
  const db = resolveDatabase({ DATABASE_URL: `file:${path.join(dir, 'tx.db')}` });
  await applyMigrations(db);
  prisma = createPrisma(db);
});

afterAll(async () => {
  await prisma?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SQLite transactions', () => {
  it('keep a concurrent write out of a transaction that rolls back', async () => {
    let inside!: () => void;
    const started = new Promise<void>((r) => (inside = r));
    const failing = prisma
      .$transaction(async (tx) => {
        await tx.course.create({ data: { slug: 'rolled-back', title: 'Rolled back' } });
        inside();
        await pause(100); // another request writes meanwhile
        throw new Error('this transaction fails');
      })
      .catch((err: Error) => err.message);
    await started;
    // Acknowledged once this resolves — it must survive the other transaction's rollback.
    await prisma.course.create({ data: { slug: 'acknowledged', title: 'Acknowledged' } });
    expect(await failing).toBe('this transaction fails');
    const slugs = (await prisma.course.findMany({ select: { slug: true } })).map((c) => c.slug);
    expect(slugs).toContain('acknowledged');
    expect(slugs).not.toContain('rolled-back');
  });

  it('still run transactions one after another and reads alongside them', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0
          ? prisma.$transaction(async (tx) => {
              await tx.course.create({ data: { slug: `t-${i}`, title: `T ${i}` } });
              await pause(5);
              return tx.course.count({ where: { slug: { startsWith: 't-' } } });
            })
          : prisma.course.count(),
      ),
    );
    expect(results.every((n) => typeof n === 'number')).toBe(true);
    expect(await prisma.course.count({ where: { slug: { startsWith: 't-' } } })).toBe(5);
  });
});
