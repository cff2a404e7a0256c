/**
 * Which database Curvature uses, read from DATABASE_URL, and the checks that turn a
 * wrong setting into one line that says what to fix.
 *
 *   DATABASE_URL unset           → SQLite at ./data/curvature.db (relative to the cwd)
 *   file:<path>                  → SQLite at <path>
 *   postgresql://… or postgres://… → PostgreSQL
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export const DEFAULT_DATABASE_URL = 'file:./data/curvature.db';

export type DatabaseConfig =
  | { provider: 'sqlite'; /** absolute path of the database file */ file: string; /** `file:` + that path */ url: string }
  | { provider: 'postgresql'; url: string };

export type Provider = DatabaseConfig['provider'];

/** Environment variables (process.env or a plain object in tests). */
export type Env = Record<string, string | undefined>;

/** A configuration problem the operator must fix; `message` is one line saying how. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The scheme of a URL for an error message (`mysql://…`), never its password. */
function redact(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*:)(\/\/)?/i.exec(url);
  if (scheme) return `${scheme[0]}…`;
  return url.length > 40 || url.includes('@') ? `${url.slice(0, 12)}…` : url;
}

/**
 * Reads DATABASE_URL from `env` and says which database to open. For SQLite it also makes
 * sure the data directory exists (creating it) and is writable. Throws ConfigError.
 */
export function resolveDatabase(env: Env = process.env): DatabaseConfig {
  const url = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(`DATABASE_URL is not a valid PostgreSQL URL — expected postgresql://user:password@host:port/database`);
    }
    if (!parsed.hostname) throw new ConfigError('DATABASE_URL has no host — expected postgresql://user:password@host:port/database');
    return { provider: 'postgresql', url };
  }
  if (!url.startsWith('file:')) {
    throw new ConfigError(`DATABASE_URL must start with file: or postgresql:// — got ${redact(url)}`);
  }
  const rest = url.slice('file:'.length).replace(/\?.*$/, '');
  if (rest === '' || rest === ':memory:') {
    throw new ConfigError('DATABASE_URL must name a database file, e.g. file:./data/curvature.db');
  }
  const file = path.resolve(rest.startsWith('//') ? rest.slice(2) : rest);
  checkSqliteLocation(file);
  return { provider: 'sqlite', file, url: `file:${file}` };
}

/** Creates the directory of a SQLite file when missing and checks both can be written. */
function checkSqliteLocation(file: string): void {
  const dir = path.dirname(file);
  try {
    makeDirectories(dir);
  } catch (err) {
    throw new ConfigError(
      `cannot create the data directory ${dir} (${errorCode(err)}) — create it yourself or set DATABASE_URL=file:<a writable path>`,
    );
  }
  if (!fs.statSync(dir).isDirectory()) {
    throw new ConfigError(`the data directory ${dir} is not a directory — set DATABASE_URL=file:<a writable path>`);
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new ConfigError(
      `the data directory ${dir} is not writable — give the server's user write access (chown/chmod) or set DATABASE_URL=file:<a writable path>`,
    );
  }
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    return; // not created yet: fine, the directory is writable
  }
  if (stat.isDirectory()) {
    throw new ConfigError(`the database path ${file} is a directory — DATABASE_URL must name a file, e.g. file:${path.join(file, 'curvature.db')}`);
  }
  try {
    fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
  } catch {
    throw new ConfigError(`the database file ${file} is not writable — give the server's user write access or set DATABASE_URL=file:<a writable path>`);
  }
}

/**
 * mkdir -p, one level at a time. Node 20's `mkdirSync(dir, { recursive: true })` never
 * returns for some paths (e.g. under /proc, where mkdir answers ENOENT for an existing
 * parent), so the loop is ours and always ends.
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let current = dir;
  while (!fs.existsSync(current)) {
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const d of missing.reverse()) fs.mkdirSync(d);
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? String(err);
}

/** host:port of a PostgreSQL URL, for messages. */
function pgAddress(url: string): { host: string; port: string; user: string; database: string } {
  const u = new URL(url);
  return {
    host: u.hostname || 'localhost',
    port: u.port || '5432',
    user: decodeURIComponent(u.username) || 'postgres',
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres',
  };
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET']);

/**
 * Translates a failure to connect to PostgreSQL into a ConfigError saying what to fix, or
 * returns undefined when the error is not about the connection settings.
 */
export function explainPostgresError(err: unknown, url: string): ConfigError | undefined {
  const { host, port, user, database } = pgAddress(url);
  const e = err as { code?: string; message?: string };
  if ((e.code && UNREACHABLE.has(e.code)) || /timeout|terminated unexpectedly/i.test(e.message ?? '')) {
    return new ConfigError(`cannot reach PostgreSQL at ${host}:${port} — is it running? (check host and port in DATABASE_URL)`);
  }
  if (e.code === '28P01' || e.code === '28000' || /password authentication|SASL|client password must be/i.test(e.message ?? '')) {
    return new ConfigError(`PostgreSQL at ${host}:${port} refused user "${user}" — check the user name and password in DATABASE_URL`);
  }
  if (e.code === '3D000') {
    return new ConfigError(`database "${database}" does not exist on PostgreSQL at ${host}:${port} — create it (createdb ${database}) or fix DATABASE_URL`);
  }
  return undefined;
}

// ─── a SQLite file that cannot be used ──────────────────────────────────────────

/** The end of each line about a SQLite file that is not usable: what the operator can do. */
const RESTORE = 'restore it from a backup (see docs/self-hosting.md) or move it away to start with an empty database';

/**
 * What is wrong with the first 100 bytes (the header) of a SQLite file, or undefined when
 * they look right. Also catches a file cut short (a partial copy, a full disk): the header
 * says how many pages the database has, and without a WAL or rollback journal beside it
 * (which may hold pages not yet copied into the file) the file must hold them all.
 */
function sqliteHeaderProblem(file: string, size: number): string | undefined {
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\0') return 'not a SQLite database';
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return 'damaged: its header is not valid';
  const pages = header.readUInt32BE(28);
  const countIsValid = pages > 0 && header.readUInt32BE(92) === header.readUInt32BE(24);
  const pending = ['-wal', '-journal'].some((suffix) => {
    try {
      return fs.statSync(file + suffix).size > 0;
    } catch {
      return false;
    }
  });
  if (countIsValid && !pending && size < pages * pageSize) {
    return `damaged: it was cut short (${size} bytes, its header says ${pages * pageSize})`;
  }
  return undefined;
}

/** SQLite's result codes (better-sqlite3 reports them as `code`) in a sentence for the operator, or undefined. */
function explainSqliteError(err: unknown, file: string): ConfigError | undefined {
  const code = String((err as { code?: unknown })?.code ?? '');
  const detail = (err as Error)?.message ?? String(err);
  if (code === 'SQLITE_NOTADB') return new ConfigError(`the database file ${file} is not a SQLite database (${detail}) — ${RESTORE}`);
  if (code.startsWith('SQLITE_CORRUPT')) return new ConfigError(`the database file ${file} is damaged (${detail}) — ${RESTORE}`);
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return new ConfigError(
      `the database file ${file} cannot be opened for writing (${detail}) — give the server's user write access to it and its directory, or set DATABASE_URL=file:<a writable path>`,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new ConfigError(`the database file ${file} is locked by another process (${detail}) — stop the other process and start again`);
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL') {
    return new ConfigError(`the database file ${file} cannot be read or written (${detail}) — check the disk (space, errors) and ${RESTORE}`);
  }
  return undefined;
}

/**
 * Checks that an existing SQLite file is a database that can be opened and written: its
 * header, then one connection that reads the schema (a damaged file fails here) and is
 * closed again. Costs about a millisecond. A missing or empty file is fine: the first
 * migration creates the database. Throws ConfigError naming the file and the problem.
 */
export async function checkSqliteFile(file: string): Promise<void> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return;
  }
  if (size === 0) return;
  let problem: string | undefined;
  try {
    problem = sqliteHeaderProblem(file, size);
  } catch (err) {
    throw new ConfigError(`the database file ${file} cannot be read (${errorCode(err)}) — give the server's user read and write access to it`);
  }
  if (problem === 'not a SQLite database') throw new ConfigError(`the database file ${file} is not a SQLite database — ${RESTORE}`);
  if (problem) throw new ConfigError(`the database file ${file} is ${problem} — ${RESTORE}`);
  const { default: Database } = await import('better-sqlite3');
  let db: InstanceType<typeof Database> | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 5000 });
    db.pragma('schema_version');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    throw explainSqliteError(err, file) ?? err;
  } finally {
    db?.close();
  }
}

/**
 * Opens one connection to the configured database and closes it again, so a wrong host,
 * password or database name — or a SQLite file that is damaged, not a database or cannot
 * be written — is reported as a ConfigError before anything else runs.
 */
export async function checkConnection(db: DatabaseConfig, timeoutMs = 5000): Promise<void> {
  if (db.provider === 'sqlite') return checkSqliteFile(db.file);
  const client = new pg.Client({ connectionString: db.url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {}); // a late socket error after a failed connect must not crash
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw explainPostgresError(err, db.url) ?? err;
  } finally {
    await client.end().catch(() => {});
  }
}
