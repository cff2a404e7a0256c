// SQLite online backup while a connection is open and writing; the pg_dump command line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BackupError, backupSqlite, backupStamp, pgDumpCommand, runBackup } from '@/scripts/backup';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-backup-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backupStamp', () => {
  it('is the UTC time as yyyymmdd-hhmmss', () => {
    expect(backupStamp(new Date('2026-03-07T04:05:06.789Z'))).toBe('20260307-040506');
    expect(backupStamp(new Date('2026-12-31T23:59:59Z'))).toBe('20261231-235959');
  });
});

describe('backupSqlite', () => {
  it('copies every row while another connection holds the database open in WAL mode with uncheckpointed writes', async () => {
    const file = path.join(dir, 'live.db');
    const live = new Database(file);
    try {
      live.pragma('journal_mode = WAL');
      live.pragma('wal_autocheckpoint = 0'); // keep the rows in the -wal file, not yet in the main file
      live.exec('CREATE TABLE attempt (id INTEGER PRIMARY KEY, answer TEXT NOT NULL)');
      const insert = live.prepare('INSERT INTO attempt (answer) VALUES (?)');
      live.transaction(() => {
        for (let i = 0; i < 1000; i++) insert.run(`answer ${i}`);
      })();
      expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
      // An open read transaction on the live connection, as a running app might have.
      const reading = live.prepare('SELECT id FROM attempt').iterate();
      reading.next();

      const outDir = path.join(dir, 'backups');
      const copy = await backupSqlite(file, outDir, new Date('2026-11-24T10:00:00Z'));
      reading.return?.();
      expect(copy).toBe(path.join(outDir, 'curvature-20261124-100000.db'));

      // Writes after the backup are not in it.
      insert.run('after the backup');
      const opened = new Database(copy, { readonly: true });
      try {
        expect(opened.prepare('SELECT count(*) AS n FROM attempt').get()).toEqual({ n: 1000 });
        expect(opened.prepare('SELECT answer FROM attempt WHERE id = 1000').get()).toEqual({ answer: 'answer 999' });
        expect(opened.pragma('journal_mode', { simple: true })).toBe('delete');
      } finally {
        opened.close();
      }
      expect(fs.existsSync(`${copy}-wal`)).toBe(false);

      // A second backup in the same second gets its own file.
      const second = await backupSqlite(file, outDir, new Date('2026-11-24T10:00:00Z'));
      expect(second).toBe(path.join(outDir, 'curvature-20261124-100000-2.db'));
      const opened2 = new Database(second, { readonly: true });
      expect(opened2.prepare('SELECT count(*) AS n FROM attempt').get()).toEqual({ n: 1001 });
      opened2.close();
    } finally {
      live.close();
    }
  });

  it('refuses a database that does not exist instead of backing up an empty file', async () => {
    await expect(backupSqlite(path.join(dir, 'missing.db'), dir)).rejects.toThrow(BackupError);
    expect(fs.existsSync(path.join(dir, 'missing.db'))).toBe(false);
  });

  it('runBackup puts the copy in backups/ beside the database by default', async () => {
    const file = path.join(dir, 'default', 'curvature.db');
    fs.mkdirSync(path.dirname(file));
    const db = new Database(file);
    db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);');
    db.close();
    const lines = await runBackup({ env: { DATABASE_URL: `file:${file}` }, now: new Date('2026-01-02T03:04:05Z') });
    const expected = path.join(dir, 'default', 'backups', 'curvature-20260102-030405.db');
    expect(lines).toEqual([`backed up ${file} to ${expected}`]);
    const copy = new Database(expected, { readonly: true });
    expect(copy.prepare('SELECT sum(x) AS s FROM t').get()).toEqual({ s: 6 });
    copy.close();
  });
});

describe('pg_dump command', () => {
  it('keeps the password out of the arguments and passes it in PGPASSWORD', () => {
    const { args, env } = pgDumpCommand('postgresql://curvature:s%40cret@db.example:5433/curvature?sslmode=require', '/b/x.dump');
    expect(args).toEqual(['--format=custom', '--no-owner', '--file=/b/x.dump', '--dbname=postgresql://curvature@db.example:5433/curvature?sslmode=require']);
    expect(env).toEqual({ PGPASSWORD: 's@cret' });
    expect(pgDumpCommand('postgresql://u@h/d', '/o').env).toEqual({});
  });

  it('--print shows the command without the password', async () => {
    const lines = await runBackup({
      print: true,
      env: { DATABASE_URL: 'postgresql://curvature:hunter2@db:5432/curvature' },
      out: '/srv/backups',
      now: new Date('2026-05-06T07:08:09Z'),
    });
    expect(lines).toEqual([
      'PGPASSWORD=<password> pg_dump --format=custom --no-owner --file=/srv/backups/curvature-20260506-070809.dump --dbname=postgresql://curvature@db:5432/curvature',
    ]);
  });
});
