/**
 * A throw-away PostgreSQL server for tests (and for `db-migrate create`): initdb into a
 * temporary directory, start it on a free port, create a database; `stop()` shuts it
 * down and deletes the directory.
 *
 * PostgreSQL refuses to run as root, so when we are root the server runs as the
 * `postgres` system user (Debian's package creates it). The server binaries are looked
 * for in $PG_BIN, then /usr/lib/postgresql/<newest>/bin, then on PATH. Missing binaries
 * are an error with the install command, never a silent skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TempPostgres {
  /** postgresql://postgres:<password>@127.0.0.1:<port>/<database> */
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Stops the server and deletes its data directory. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * Stops the server but keeps its data directory, as an outage would: `immediate` (the
   * default) is a crash — every connection cut at once, recovery from the WAL at the next
   * start; `fast` is a clean shutdown.
   */
  halt(mode?: 'immediate' | 'fast'): Promise<void>;
  /** Starts a halted server again, on the same port with the same data. */
  resume(): Promise<void>;
  /** The server's log so far. */
  log(): string;
}

/** Directory holding initdb, pg_ctl and postgres, or throws saying how to install them. */
export function findPostgresBin(env: Record<string, string | undefined> = process.env): string {
  const candidates: string[] = [];
  if (env.PG_BIN) candidates.push(env.PG_BIN);
  const debianRoot = '/usr/lib/postgresql';
  if (fs.existsSync(debianRoot)) {
    const versions = fs.readdirSync(debianRoot).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debianRoot, v, 'bin')));
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(dir);
  const found = candidates.find((dir) => ['initdb', 'pg_ctl', 'postgres'].every((b) => fs.existsSync(path.join(dir, b))));
  if (!found) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in $PG_BIN, /usr/lib/postgresql/*/bin or PATH — ' +
        'install them (apt-get install -y postgresql) or set PG_BIN to their directory',
    );
  }
  return found;
}

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. Throws with its output on failure. */
function runPg(bin: string, args: string[], what: string): void {
  const result = isRoot()
    ? spawnSync('runuser', ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8' })
    : spawnSync(bin, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(`${what} failed (${result.error?.message ?? `exit ${result.status}`}): ${output}`);
  }
}

/**
 * Starts a private PostgreSQL server with password authentication over TCP and one
 * empty database. Takes about 2 s. By default it trades durability for speed (fsync and
 * synchronous_commit off); `durable: true` keeps PostgreSQL's defaults, so that a commit
 * that was acknowledged survives a crash (halt('immediate')).
 */
export async function startPostgres(options: { database?: string; durable?: boolean } = {}): Promise<TempPostgres> {
  const bin = findPostgresBin();
  const database = options.database ?? 'curvature_test';
  const user = 'postgres';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-pg-'));
  const dataDir = path.join(dir, 'data');
  const pwFile = path.join(dir, 'pw');
  fs.writeFileSync(pwFile, password + '\n');
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
    fs.chownSync(pwFile, uid, gid);
  }
  fs.chmodSync(dir, 0o700);

  let started = false;
  const logFile = path.join(dir, 'server.log');
  let pgCtlStart: () => void = () => {
    throw new Error('the server was never started');
  };
  const halt = async (mode: 'immediate' | 'fast' = 'immediate') => {
    if (!started) return;
    runPg(path.join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', mode, '-w'], 'pg_ctl stop');
    started = false;
  };
  const resume = async () => {
    if (started) return;
    pgCtlStart();
    started = true;
  };
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  const stop = async () => {
    if (started) {
      started = false;
      try {
        runPg(path.join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-w'], 'pg_ctl stop');
      } catch {
        // already gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    runPg(
      path.join(bin, 'initdb'),
      ['-D', dataDir, '-U', user, '--pwfile', pwFile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync'],
      'initdb',
    );
    const port = await freePort();
    const serverOptions = [
      `-p ${port}`,
      `-k ${dir}`, // Unix socket in our directory, not /var/run/postgresql
      '-c listen_addresses=127.0.0.1',
      ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
      '-c max_connections=50',
    ].join(' ');
    pgCtlStart = () =>
      runPg(path.join(bin, 'pg_ctl'), ['start', '-D', dataDir, '-w', '-t', '30', '-l', logFile, '-o', serverOptions], 'pg_ctl start');
    pgCtlStart();
    started = true;
    const host = '127.0.0.1';
    const base = `postgresql://${user}:${encodeURIComponent(password)}@${host}:${port}`;
    await createDatabase(`${base}/postgres`, database);
    return { url: `${base}/${database}`, host, port, user, password, database, stop, halt, resume, log };
  } catch (err) {
    const tail = fs.existsSync(logFile) ? `\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n')}` : '';
    await stop();
    throw new Error(`could not start a temporary PostgreSQL: ${(err as Error).message}${tail}`);
  }
}

/** Creates `database` through the server at `adminUrl`. */
export async function createDatabase(adminUrl: string, database: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
