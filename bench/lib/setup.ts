/**
 * What the load benchmarks stand on: a throw-away database (SQLite file or private
 * PostgreSQL server), the production build started on it (tests/support/app.ts), and
 * many student accounts made at once — one argon2id hash shared by all, because the cost
 * that matters is the sign-in's verification, not making the accounts.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from '@/server/db/passwords';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { resolveDatabase } from '@/server/db/config';
import { startPostgres } from '@/tests/support/pg';
import { Client } from '@/tests/support/app';
import { mapLimit } from './stats';

export type DatabaseKind = 'sqlite' | 'postgresql';

export interface BenchDatabase {
  kind: DatabaseKind;
  url: string;
  /** Stops the server / deletes the file. */
  stop(): Promise<void>;
}

/** An empty database of the kind asked for (PostgreSQL: a private server, about 2 s to start). */
export async function benchDatabase(kind: DatabaseKind): Promise<BenchDatabase> {
  if (kind === 'postgresql') {
    const pg = await startPostgres({ database: 'bench' });
    return { kind, url: pg.url, stop: () => pg.stop() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-bench-'));
  return { kind, url: `file:${path.join(dir, 'bench.db')}`, stop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The password of every benchmark student. */
export const BENCH_PASSWORD = 'bench-student-password';

export interface BenchStudents {
  emails: string[];
  /** Deletes the accounts (and, by cascade, their sessions, enrolments and attempts). */
  remove(): Promise<void>;
}

/** A Prisma client on `databaseUrl` (the caller disconnects it). */
export function prismaFor(databaseUrl: string): PrismaClient {
  return createPrisma(resolveDatabase({ DATABASE_URL: databaseUrl }));
}

/**
 * Creates `count` students enrolled in `course`, all with BENCH_PASSWORD, named
 * `bench-<run>-<i>@bench.invalid` (a fresh run id each call, so runs never collide).
 */
export async function createStudents(databaseUrl: string, count: number, course = 'curvature'): Promise<BenchStudents> {
  const prisma = prismaFor(databaseUrl);
  try {
    const courseRow = await prisma.course.findUnique({ where: { slug: course } });
    if (!courseRow) throw new Error(`course "${course}" is not in the database — run the seed first`);
    const hash = await hashPassword(BENCH_PASSWORD);
    const run = randomUUID().slice(0, 8);
    const ids: string[] = [];
    const emails: string[] = [];
    for (let start = 0; start < count; start += 500) {
      const users = [];
      for (let i = start; i < Math.min(count, start + 500); i++) {
        const id = randomUUID();
        ids.push(id);
        emails.push(`bench-${run}-${i}@bench.invalid`);
        users.push({ id, email: emails[i], name: `Bench student ${i}`, emailVerified: true });
      }
      await prisma.user.createMany({ data: users });
      await prisma.account.createMany({ data: users.map((u) => ({ id: randomUUID(), accountId: u.id, providerId: 'credential', userId: u.id, password: hash })) });
      await prisma.enrollment.createMany({ data: users.map((u) => ({ userId: u.id, courseId: courseRow.id, role: 'student' })) });
    }
    return {
      emails,
      remove: async () => {
        const p = prismaFor(databaseUrl);
        try {
          for (let i = 0; i < ids.length; i += 500) await p.user.deleteMany({ where: { id: { in: ids.slice(i, i + 500) } } });
        } finally {
          await p.$disconnect();
        }
      },
    };
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * Signs each student in over HTTP (at most `parallel` at once) and returns their Cookie
 * headers, in order. Throws on the first refused sign-in.
 */
export async function signInAll(baseUrl: string, emails: string[], parallel = 8): Promise<string[]> {
  return mapLimit(emails, parallel, async (email) => {
    const client = new Client(baseUrl);
    const res = await client.signIn(email, BENCH_PASSWORD);
    if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}: ${await res.text()}`);
    return cookieHeader(res);
  });
}

/** The Cookie header a browser would send after `res` (its Set-Cookie names and values). */
export function cookieHeader(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0].trim())
    .filter((c) => !c.endsWith('='))
    .join('; ');
}
