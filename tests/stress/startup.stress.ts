/**
 * Start-up with a SQLite file that cannot be used: random bytes, a real database cut short,
 * a real database with damaged pages, a read-only file and a read-only data directory.
 * `npm run start:prod` (scripts/start.ts --production, with a correct production
 * environment) must stop with exit code 1 and one line that names the file and the
 * problem — no stack trace, no server started.
 *
 * We run as root here, and root may write any file whatever its mode, so the read-only
 * cases run the script as the unprivileged user `nobody` (setpriv), which reads the
 * project but owns nothing; not as root, a plain chmod is enough.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase, ROOT } from '@/tests/support/app';

const isRoot = process.getuid?.() === 0;
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

let dir: string;
/** A migrated and seeded database, checkpointed into one file (no -wal beside it). */
let realDb: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-startup-'));
  fs.chmodSync(dir, 0o755); // `nobody` must reach the files below
  realDb = path.join(dir, 'real.db');
  prepareDatabase(`file:${realDb}`);
  expect(fs.existsSync(`${realDb}-wal`)).toBe(false); // closed cleanly: everything is in the file
  expect(fs.statSync(realDb).size).toBeGreaterThan(16 * 4096);
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  lines: string[];
  output: string;
}

/** Runs a script of scripts/ on a database file (as `nobody` when asked and we are root). */
function run(script: 'start.ts' | 'seed.ts', file: string, options: { asNobody?: boolean } = {}): Run {
  const args = [TSX, `scripts/${script}`, ...(script === 'start.ts' ? ['--production'] : [])];
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: `file:${file}`,
    AUTH_SECRET: crypto.randomBytes(32).toString('base64'),
    BASE_URL: 'http://127.0.0.1:3999',
    PORT: '3999',
    NODE_ENV: undefined,
    CURVATURE_DIST_DIR: '.next-stress',
  };
  const drop = options.asNobody && isRoot;
  const result = drop
    ? spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, ...args], {
        cwd: ROOT,
        env: { ...(env as NodeJS.ProcessEnv), HOME: os.tmpdir() },
        encoding: 'utf8',
        timeout: 60_000,
      })
    : spawnSync(process.execPath, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  const output = `${result.stdout}${result.stderr}`;
  const lines = output.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
  return { status: result.status, lines, output };
}

/** Asserts a run stopped with one clear line naming `file` and matching `problem`. */
function expectOneLine(r: Run, file: string, problem: RegExp): void {
  expect(r.status, r.output).toBe(1);
  expect(r.lines, r.output).toHaveLength(1);
  const [line] = r.lines;
  expect(line).toMatch(/^curvature: /);
  expect(line).toContain(file);
  expect(line).toMatch(problem);
  expect(r.output).not.toMatch(/\n\s+at |Error:|serving on/);
}

/** A copy of the real database at `name`. */
function copyOfReal(name: string): string {
  const file = path.join(dir, name);
  fs.copyFileSync(realDb, file);
  return file;
}

describe('start:prod with a SQLite file that cannot be used', () => {
  it('the untouched database passes the database step (so the cases below fail for their reason)', () => {
    const r = run('seed.ts', copyOfReal('good.db'));
    expect(r.status, r.output).toBe(0);
    expect(r.lines).toEqual(['database: nothing to do']);
  });

  it('random bytes: "not a SQLite database"', () => {
    const file = path.join(dir, 'random.db');
    fs.writeFileSync(file, crypto.randomBytes(64 * 1024));
    expectOneLine(run('start.ts', file), file, /is not a SQLite database — restore it from a backup/);
  });

  it('a real database cut short: "damaged", with the sizes', () => {
    const file = copyOfReal('truncated.db');
    const size = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(size / 2));
    // The header still counts every page: size / 4096 pages of 4096 bytes, half of them gone.
    expectOneLine(run('start.ts', file), file, new RegExp(`is damaged: it was cut short \\(${Math.floor(size / 2)} bytes, its header says ${size}\\)`));
  });

  it('a real database with damaged pages (header intact): "damaged"', () => {
    const file = copyOfReal('scribbled.db');
    const bytes = fs.readFileSync(file);
    // Overwrite every byte from the second page on with noise, keeping the size.
    crypto.randomFillSync(bytes, 4096);
    fs.writeFileSync(file, bytes);
    expectOneLine(run('start.ts', file), file, /is damaged \(database disk image is malformed\)|is not a SQLite database/);
  });

  it('a read-only database file: "not writable"', () => {
    const sub = path.join(dir, 'ro-file');
    fs.mkdirSync(sub);
    const file = path.join(sub, 'curvature.db');
    fs.copyFileSync(realDb, file);
    if (isRoot) {
      fs.chownSync(sub, uidOf('nobody'), gidOf('nogroup')); // nobody may write the directory, not the file
      fs.chmodSync(file, 0o644);
    } else {
      fs.chmodSync(file, 0o444);
    }
    expectOneLine(run('start.ts', file, { asNobody: true }), file, /is not writable — give the server's user write access/);
  });

  it('a read-only data directory: "not writable"', () => {
    const sub = path.join(dir, 'ro-dir');
    fs.mkdirSync(sub);
    const file = path.join(sub, 'curvature.db');
    fs.copyFileSync(realDb, file);
    if (isRoot) {
      fs.chownSync(file, uidOf('nobody'), gidOf('nogroup')); // the file is nobody's, its directory is not
      fs.chmodSync(sub, 0o755);
    } else {
      fs.chmodSync(sub, 0o555);
    }
    try {
      expectOneLine(run('start.ts', file, { asNobody: true }), sub, /the data directory .* is not writable/);
    } finally {
      fs.chmodSync(sub, 0o755);
    }
  });
});

function uidOf(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

function gidOf(group: string): number {
  return Number(spawnSync('getent', ['group', group], { encoding: 'utf8' }).stdout.split(':')[2]);
}
