// The PostgreSQL path of the self-hosting guide, on a throw-away server:
// `DATABASE_URL=postgresql://… npm run db:migrate`, then the admin CLI, then a pg_dump
// backup restored with pg_restore into a fresh database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { verifyPassword } from '@/server/db/passwords';
import { runAdmin } from '@/scripts/admin';
import { findPgDump, runBackup } from '@/scripts/backup';
import { createDatabase, startPostgres, type TempPostgres } from '@/tests/support/pg';

const root = path.resolve(import.meta.dirname, '..', '..');
let server: TempPostgres;
let dir: string;

beforeAll(async () => {
  server = await startPostgres({ database: 'curvature_selfhost' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-pg-selfhost-'));
});
afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function script(name: string, args: string[] = [], url = server.url) {
  return spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', `scripts/${name}`, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
    timeout: 150_000,
  });
}

async function query<T>(sql: string, params: unknown[] = [], url = server.url): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const migrations = fs
  .readdirSync(path.join(root, 'prisma-pg', 'migrations'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('PostgreSQL: migrate, then administer', { timeout: 300_000 }, () => {
  it('npm run db:migrate applies every migration once, then has nothing to do', () => {
    const where = `postgresql ${server.host}:${server.port}`;
    const first = script('db-migrate.ts');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout.trim().split('\n')).toEqual(migrations.map((m) => `${where}: applied ${m}`));
    const second = script('db-migrate.ts');
    expect(second.status).toBe(0);
    expect(second.stdout.trim()).toBe(`${where}: no pending migrations`);
    expect(second.stdout).not.toContain(server.password);
  });

  it('the admin CLI creates the first admin (as a process), whose password verifies', async () => {
    const r = script('admin.ts', ['create-user', '--email', 'ops@example.org', '--name', 'Ops', '--role', 'admin']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [created, passwordLine] = r.stdout.trim().split('\n');
    expect(created).toBe('created admin ops@example.org');
    const password = /^password: (\S+) /.exec(passwordLine)![1];
    const rows = await query<{ role: string; password: string }>(
      'SELECT u.role, a.password FROM "user" u JOIN account a ON a."userId" = u.id WHERE u.email = $1 AND a."providerId" = $2',
      ['ops@example.org', 'credential'],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].role).toBe('admin');
    expect(await verifyPassword({ hash: rows[0].password, password })).toBe(true);
    expect(await verifyPassword({ hash: rows[0].password, password: `${password}x` })).toBe(false);
  });

  it('set-role, reset-password and import-course work the same on PostgreSQL', async () => {
    const lines: string[] = [];
    const io = { env: { DATABASE_URL: server.url }, log: (l: string) => lines.push(l) };
    await runAdmin(['set-role', '--email', 'ops@example.org', '--role', 'instructor'], io);
    await runAdmin(['reset-password', '--email', 'ops@example.org', '--password', 'long enough pw'], io);
    await runAdmin(['import-course', path.join(root, 'tests', 'fixtures', 'mini-course')], io);
    await expect(runAdmin(['set-role', '--email', 'nobody@example.org', '--role', 'admin'], io)).rejects.toThrow('no user with email nobody@example.org');
    expect(lines).toEqual([
      'ops@example.org: admin → instructor; signed out of every session',
      'new password set for ops@example.org; signed out of every session',
      'content mini-course: course created, 2 lesson(s) added, 2 exercise(s) added',
    ]);
    const [{ n }] = await query<{ n: string }>('SELECT count(*) AS n FROM "Exercise" e JOIN "Course" c ON c.id = e."courseId" WHERE c.slug = $1', ['mini-course']);
    expect(Number(n)).toBe(2);
  });

  it('npm run backup writes a pg_dump that restores into a fresh database with the same rows', async () => {
    expect(findPgDump()).not.toBeNull();
    const lines = await runBackup({ env: { ...process.env, DATABASE_URL: server.url }, out: dir, now: new Date('2026-11-24T10:20:30Z') });
    const dump = path.join(dir, 'curvature-20261124-102030.dump');
    expect(lines).toEqual([`backed up PostgreSQL ${server.host}:${server.port} to ${dump}`]);
    expect(lines.join('')).not.toContain(server.password);

    const restoredUrl = server.url.replace(/\/curvature_selfhost$/, '/curvature_restored');
    await createDatabase(server.url, 'curvature_restored');
    const pgRestore = path.join(path.dirname(findPgDump()!), 'pg_restore');
    const restored = spawnSync(pgRestore, ['--no-owner', `--dbname=${restoredUrl.replace(`:${encodeURIComponent(server.password)}@`, '@')}`, dump], {
      env: { ...process.env, PGPASSWORD: server.password },
      encoding: 'utf8',
    });
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    const users = await query<{ email: string; role: string }>('SELECT email, role FROM "user"', [], restoredUrl);
    expect(users).toEqual([{ email: 'ops@example.org', role: 'instructor' }]);
    const [{ n }] = await query<{ n: string }>('SELECT count(*) AS n FROM "Exercise"', [], restoredUrl);
    expect(Number(n)).toBe(2);
  });
});
