/**
 * Backups: `npm run backup -- [--out <folder>] [--print]`.
 *
 *   SQLite      copies the database with SQLite's online backup API (better-sqlite3's
 *               `.backup()`): safe while the app is running and writing, the copy is a
 *               consistent snapshot. Written to <folder>/curvature-<UTC time>.db
 *               (default folder: backups/ beside the database file).
 *   PostgreSQL  runs `pg_dump --format=custom` into <folder>/curvature-<UTC time>.dump
 *               (default folder: ./data/backups). The password goes to pg_dump through
 *               PGPASSWORD, never on its command line. With --print, or when pg_dump is
 *               not installed, the command is printed instead (password left out).
 *
 * Restore steps are in docs/self-hosting.md.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { ConfigError, resolveDatabase, type Env } from '@/server/db/config';

/** A backup could not be made; the message says why and what to do. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** `2026-11-24T09:05:03.123Z` → `20261124-090503` (UTC, sorts by time, safe in file names). */
export function backupStamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, '').replace(/-|:/g, '').replace('T', '-');
}

/**
 * Copies the SQLite database `file` into `outDir` (created if missing) as
 * `curvature-<stamp>.db` with the online backup API, while other connections may be
 * reading and writing it, then checks the copy's integrity and turns it into a single
 * file (rollback journal, no -wal beside it). Returns the copy's path.
 */
export async function backupSqlite(file: string, outDir: string, now = new Date()): Promise<string> {
  if (!fs.existsSync(file)) throw new BackupError(`no database at ${file} — check DATABASE_URL`);
  fs.mkdirSync(outDir, { recursive: true });
  let target = path.join(outDir, `curvature-${backupStamp(now)}.db`);
  for (let n = 2; fs.existsSync(target); n++) target = path.join(outDir, `curvature-${backupStamp(now)}-${n}.db`);
  const source = new Database(file, { fileMustExist: true, timeout: 5000 });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  const copy = new Database(target);
  try {
    // One self-contained file: the copy keeps the source's WAL mode unless told otherwise.
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the copy ${target} failed SQLite's integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  return target;
}

/** The pg_dump invocation for a PostgreSQL URL: arguments without the password, which goes in `env`. */
export function pgDumpCommand(url: string, outFile: string): { args: string[]; env: Record<string, string> } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  const args = ['--format=custom', '--no-owner', `--file=${outFile}`, `--dbname=${u.toString()}`];
  return { args, env: password ? { PGPASSWORD: password } : {} };
}

/** Where pg_dump is: on PATH, else in Debian's /usr/lib/postgresql/<newest>/bin; null when missing. */
export function findPgDump(env: Env = process.env): string | null {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => path.join(debian, v, 'bin')));
  }
  for (const dir of dirs) if (fs.existsSync(path.join(dir, 'pg_dump'))) return path.join(dir, 'pg_dump');
  return null;
}

/** Quotes one shell word for printing. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Backs up the database DATABASE_URL names (see the file comment) and returns the lines
 * to print. `print` only prints the PostgreSQL command.
 */
export async function runBackup(options: { out?: string; print?: boolean; env?: Env; now?: Date } = {}): Promise<string[]> {
  const env = options.env ?? process.env;
  const db = resolveDatabase(env);
  const now = options.now ?? new Date();
  if (db.provider === 'sqlite') {
    const outDir = path.resolve(options.out ?? path.join(path.dirname(db.file), 'backups'));
    const target = await backupSqlite(db.file, outDir, now);
    return [`backed up ${db.file} to ${target}`];
  }
  const outDir = path.resolve(options.out ?? path.join('data', 'backups'));
  const outFile = path.join(outDir, `curvature-${backupStamp(now)}.dump`);
  const { args, env: extra } = pgDumpCommand(db.url, outFile);
  const pgDump = findPgDump(env);
  const printed = `${extra.PGPASSWORD ? 'PGPASSWORD=<password> ' : ''}pg_dump ${args.map(shellWord).join(' ')}`;
  if (options.print) return [printed];
  if (!pgDump) {
    throw new BackupError(`pg_dump is not installed (apt-get install postgresql-client) — or run it elsewhere: ${printed}`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const result = spawnSync(pgDump, args, { env: { ...process.env, ...extra }, encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    fs.rmSync(outFile, { force: true });
    throw new BackupError(`pg_dump failed: ${(result.stderr || result.error?.message || `exit ${result.status}`).trim()}`);
  }
  return [`backed up PostgreSQL ${new URL(db.url).host} to ${outFile}`];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  (async () => {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: { out: { type: 'string' }, print: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log('usage: npm run backup -- [--out <folder>] [--print]   (see docs/self-hosting.md)');
      return;
    }
    for (const line of await runBackup({ out: values.out, print: values.print })) console.log(line);
  })().then(
    () => process.exit(0),
    (err: unknown) => {
      const known = err instanceof BackupError || err instanceof ConfigError || (err as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS');
      console.error(`backup: ${known ? (err as Error).message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
}
