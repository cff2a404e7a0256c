// The admin CLI on a temporary SQLite database: users, passwords, roles and course import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyPassword } from '@/server/db/passwords';
import { AdminError, runAdmin } from '@/scripts/admin';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { resolveDatabase } from '@/server/db/config';

const root = path.resolve(import.meta.dirname, '..', '..');
let dir: string;
let env: Record<string, string>;
let prisma: PrismaClient;

/** Runs one admin command in process; returns the lines it printed. */
async function admin(...argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  await runAdmin(argv, { env, log: (line) => lines.push(line) });
  return lines;
}

async function passwordHash(email: string): Promise<string> {
  const user = await prisma.user.findUniqueOrThrow({ where: { email }, include: { accounts: true } });
  const account = user.accounts.find((a) => a.providerId === 'credential');
  expect(account?.password).toBeTruthy();
  return account!.password!;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-admin-'));
  env = { DATABASE_URL: `file:${path.join(dir, 'curvature.db')}` };
  // The first command migrates the new database.
  const lines = await admin('create-user', '--email', 'Root@Example.org', '--name', 'Root', '--role', 'admin', '--password', 'correct horse battery');
  expect(lines.some((l) => /^database: applied migration \d+_init$/.test(l))).toBe(true);
  expect(lines).toContain('created admin root@example.org');
  prisma = createPrisma(resolveDatabase(env));
});

afterAll(async () => {
  await prisma?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('create-user', () => {
  it('stores the user with the role and a password that verifies (email lower-cased)', async () => {
    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'root@example.org' } });
    expect(user).toMatchObject({ name: 'Root', role: 'admin', emailVerified: true });
    const hash = await passwordHash('root@example.org');
    expect(await verifyPassword({ hash, password: 'correct horse battery' })).toBe(true);
    expect(await verifyPassword({ hash, password: 'correct horse batterY' })).toBe(false);
  });

  it('generates a password when none is given, prints it once, and it verifies', async () => {
    const lines = await admin('create-user', '--email', 'teach@example.org', '--name', 'Teach', '--role', 'instructor');
    expect(lines[0]).toBe('created instructor teach@example.org');
    const m = /^password: (\S+) /.exec(lines[1]);
    expect(m).not.toBeNull();
    expect(m![1].length).toBeGreaterThanOrEqual(16);
    expect(await verifyPassword({ hash: await passwordHash('teach@example.org'), password: m![1] })).toBe(true);
    expect(lines.filter((l) => l.includes(m![1]))).toHaveLength(1);
  });

  it('refuses a duplicate email, a bad role, a bad email, a short password and missing options', async () => {
    await expect(admin('create-user', '--email', 'ROOT@example.org', '--name', 'X', '--role', 'student')).rejects.toThrow(
      'a user with email root@example.org already exists — use reset-password or set-role',
    );
    await expect(admin('create-user', '--email', 'a@example.org', '--name', 'A', '--role', 'teacher')).rejects.toThrow(
      'unknown role "teacher" — use one of student, instructor, admin',
    );
    await expect(admin('create-user', '--email', 'not-an-email', '--name', 'A', '--role', 'student')).rejects.toThrow('"not-an-email" is not an email address');
    await expect(admin('create-user', '--email', 'a@example.org', '--name', 'A', '--role', 'student', '--password', 'seven77')).rejects.toThrow(
      'at least 8 characters',
    );
    await expect(admin('create-user', '--email', 'a@example.org', '--role', 'student')).rejects.toThrow('--name is required');
    await expect(admin('create-user', '--name', 'A', '--role', 'student')).rejects.toThrow('--email is required');
    await expect(admin('create-user', '--email', 'a@example.org', '--name', 'A')).rejects.toThrow('--role is required');
    expect(await prisma.user.count({ where: { email: 'a@example.org' } })).toBe(0);
  });
});

describe('reset-password', () => {
  it('replaces the password (old one stops working) and ends the user’s sessions', async () => {
    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'root@example.org' } });
    await prisma.session.create({ data: { id: 's1', token: 'tok-1', userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) } });
    const lines = await admin('reset-password', '--email', 'root@example.org', '--password', 'a brand new secret');
    expect(lines).toEqual(['new password set for root@example.org; signed out of every session']);
    const hash = await passwordHash('root@example.org');
    expect(await verifyPassword({ hash, password: 'a brand new secret' })).toBe(true);
    expect(await verifyPassword({ hash, password: 'correct horse battery' })).toBe(false);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.account.count({ where: { userId: user.id, providerId: 'credential' } })).toBe(1);
  });

  it('generates and prints a password when none is given', async () => {
    const lines = await admin('reset-password', '--email', 'teach@example.org');
    const password = /^password: (\S+) /.exec(lines[1])?.[1];
    expect(password).toBeDefined();
    expect(await verifyPassword({ hash: await passwordHash('teach@example.org'), password: password! })).toBe(true);
  });

  it('names an unknown email', async () => {
    await expect(admin('reset-password', '--email', 'nobody@example.org')).rejects.toThrow('no user with email nobody@example.org');
  });
});

describe('set-role', () => {
  it('changes the role, says when nothing changes, rejects unknown roles and emails', async () => {
    expect(await admin('set-role', '--email', 'teach@example.org', '--role', 'student')).toEqual(['teach@example.org: instructor → student; signed out of every session']);
    expect((await prisma.user.findUniqueOrThrow({ where: { email: 'teach@example.org' } })).role).toBe('student');
    expect(await admin('set-role', '--email', 'teach@example.org', '--role', 'student')).toEqual(['teach@example.org is already student']);
    await expect(admin('set-role', '--email', 'teach@example.org', '--role', 'root')).rejects.toThrow('unknown role "root"');
    await expect(admin('set-role', '--email', 'ghost@example.org', '--role', 'admin')).rejects.toThrow('no user with email ghost@example.org');
    expect((await prisma.user.findUniqueOrThrow({ where: { email: 'teach@example.org' } })).role).toBe('student');
  });
});

describe('import-course', () => {
  const mini = path.join(root, 'tests', 'fixtures', 'mini-course');

  it('creates the course (2 lessons, 2 exercises), then reports nothing to do', async () => {
    expect(await admin('import-course', mini)).toEqual(['content mini-course: course created, 2 lesson(s) added, 2 exercise(s) added']);
    const course = await prisma.course.findUniqueOrThrow({ where: { slug: 'mini-course' }, include: { lessons: true, exercises: true } });
    expect(course.title).toBe('Mini course');
    expect(course.lessons.map((l) => l.slug).sort()).toEqual(['alpha', 'beta']);
    expect(course.exercises.map((e) => `${e.key}:${e.kind}`).sort()).toEqual(['alpha-gradient:gradient', 'alpha-hessian:hessian']);
    expect(await admin('import-course', mini)).toEqual(['content mini-course: already up to date']);
  });

  it('reports an edited copy as updated and lists exercises no longer in the content', async () => {
    const copy = path.join(dir, 'mini-course');
    fs.cpSync(mini, copy, { recursive: true });
    const alpha = path.join(copy, 'alpha.mdx');
    const text = fs.readFileSync(alpha, 'utf8');
    // Drop the second exercise (its two lines) and change the first one's point.
    const edited = text.replace('at={[1, 2]}', 'at={[3, 4]}').replace(/<Exercise id="alpha-hessian"[\s\S]*$/, '');
    expect(edited).not.toBe(text);
    fs.writeFileSync(alpha, edited);
    expect(await admin('import-course', copy)).toEqual([
      'content mini-course: 1 exercise(s) updated',
      'kept (in the database, no longer in the content; their attempts stay): alpha-hessian',
    ]);
    const ex = await prisma.exercise.findFirstOrThrow({ where: { key: 'alpha-gradient' } });
    expect((ex.spec as { at: number[] }).at).toEqual([3, 4]);
  });

  it('refuses a broken course, listing each problem with file:line:column, and writes nothing', async () => {
    const err = await admin('import-course', path.join(root, 'tests', 'fixtures', 'broken-course')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdminError);
    const message = (err as Error).message;
    expect(message).toMatch(/^the course in .*broken-course was not imported: \d+ problem\(s\)\n/);
    expect(message).toMatch(/broken-course\/course\.json:8:\d+: lesson "missing-lesson" is listed but missing-lesson\.mdx does not exist/);
    expect(message).toMatch(/broken-course\/first\.mdx:11:\d+: unknown kind "jacobian"/);
    expect(message).toMatch(/broken-course\/orphan\.mdx:1:1: orphan\.mdx is not listed/);
    expect(await prisma.course.count({ where: { slug: 'broken-course' } })).toBe(0);
  });

  it('needs a folder, and says so for a folder that is not a course', async () => {
    await expect(admin('import-course')).rejects.toThrow('import-course needs a course folder');
    await expect(admin('import-course', dir)).rejects.toThrow(/course\.json is missing/);
  });
});

describe('arguments', () => {
  it('prints help for --help and for no command, without touching the database', async () => {
    const help = await runHelp('--help');
    for (const command of ['create-user', 'reset-password', 'set-role', 'import-course']) expect(help).toContain(command);
    expect(await runHelp()).toEqual(help);
  });

  it('rejects unknown commands, unknown options and stray arguments', async () => {
    await expect(admin('delete-everything')).rejects.toThrow('unknown command "delete-everything"');
    await expect(admin('set-role', '--email', 'root@example.org', '--rol', 'admin')).rejects.toThrow("Unknown option '--rol'");
    await expect(admin('set-role', 'extra', '--email', 'root@example.org', '--role', 'admin')).rejects.toThrow('unexpected argument "extra"');
  });

  it('as a process: exit 1 with one "admin:" line on a mistake, exit 0 on success', { timeout: 300_000 }, () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/admin.ts', ...args], {
        cwd: root,
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 150_000,
      });
    const bad = run('set-role', '--email', 'nobody@example.org', '--role', 'admin');
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual(['admin: no user with email nobody@example.org']);
    const good = run('set-role', '--email', 'root@example.org', '--role', 'instructor');
    expect(good.status).toBe(0);
    expect(good.stdout.trim()).toBe('root@example.org: admin → instructor; signed out of every session');
  });
});

async function runHelp(...argv: string[]): Promise<string> {
  const lines: string[] = [];
  // A DATABASE_URL that cannot work: help must not need the database.
  await runAdmin(argv, { env: { DATABASE_URL: 'mysql://nowhere' }, log: (l) => lines.push(l) });
  return lines.join('\n');
}
