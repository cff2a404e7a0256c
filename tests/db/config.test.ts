/**
 * DATABASE_URL handling: which database, and one clear line for each wrong setting.
 * (PostgreSQL connection errors are tested in postgres.test.ts, against a real server.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DATABASE_URL, resolveDatabase } from '@/server/db/config';
import { ensureDatabase } from '@/server/db/ensure';
import { PROJECT_ROOT } from '@/server/db/migrate';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-config-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The ConfigError message resolveDatabase throws for `url` (fails the test if none). */
function configError(url: string): string {
  try {
    resolveDatabase({ DATABASE_URL: url });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`expected a ConfigError for ${url}`);
}

describe('resolveDatabase', () => {
  it('defaults to ./data/curvature.db under the working directory', () => {
    expect(DEFAULT_DATABASE_URL).toBe('file:./data/curvature.db');
    const expected = path.join(process.cwd(), 'data', 'curvature.db');
    expect(resolveDatabase({})).toEqual({ provider: 'sqlite', file: expected, url: `file:${expected}` });
    expect(resolveDatabase({ DATABASE_URL: '' })).toEqual(resolveDatabase({}));
  });

  it('resolves a relative file: path against the working directory and creates missing folders', () => {
    const target = path.join(tmp, 'made', 'by', 'resolve', 'x.db');
    const relative = path.relative(process.cwd(), target);
    expect(relative.startsWith('..')).toBe(true);
    expect(fs.existsSync(path.dirname(target))).toBe(false);
    expect(resolveDatabase({ DATABASE_URL: `file:${relative}` })).toEqual({ provider: 'sqlite', file: target, url: `file:${target}` });
    expect(fs.statSync(path.dirname(target)).isDirectory()).toBe(true);
  });

  it('accepts file:/absolute and file:///absolute paths', () => {
    const file = path.join(tmp, 'abs.db');
    expect(resolveDatabase({ DATABASE_URL: `file:${file}` })).toMatchObject({ provider: 'sqlite', file });
    expect(resolveDatabase({ DATABASE_URL: `file://${file}` })).toMatchObject({ provider: 'sqlite', file });
  });

  it('names the accepted schemes for any other URL, without echoing credentials', () => {
    const message = configError('mysql://root:hunter2@db.example.com:3306/app');
    expect(message).toBe('DATABASE_URL must start with file: or postgresql:// — got mysql://…');
    expect(message).not.toContain('hunter2');
    expect(configError('sqlite:./data/x.db')).toBe('DATABASE_URL must start with file: or postgresql:// — got sqlite:…');
    expect(configError('./data/x.db')).toBe('DATABASE_URL must start with file: or postgresql:// — got ./data/x.db');
  });

  it('asks for a file name when the file: URL has none', () => {
    expect(configError('file:')).toBe('DATABASE_URL must name a database file, e.g. file:./data/curvature.db');
    expect(configError('file::memory:')).toBe('DATABASE_URL must name a database file, e.g. file:./data/curvature.db');
  });

  it('rejects a PostgreSQL URL without a host', () => {
    expect(configError('postgresql:///curvature')).toBe('DATABASE_URL has no host — expected postgresql://user:password@host:port/database');
  });

  it('says which data directory cannot be created, and how to fix it', () => {
    const blocker = path.join(tmp, 'a-file');
    fs.writeFileSync(blocker, 'not a directory');
    const dir = path.join(blocker, 'data');
    expect(configError(`file:${path.join(dir, 'curvature.db')}`)).toBe(
      `cannot create the data directory ${dir} (ENOTDIR) — create it yourself or set DATABASE_URL=file:<a writable path>`,
    );
  });

  it('says when the database path is a directory', () => {
    const dir = path.join(tmp, 'a-dir');
    fs.mkdirSync(dir);
    expect(configError(`file:${dir}`)).toBe(
      `the database path ${dir} is a directory — DATABASE_URL must name a file, e.g. file:${path.join(dir, 'curvature.db')}`,
    );
  });

  it('says which data directory is not writable', () => {
    const dir = path.join(tmp, 'read-only');
    fs.mkdirSync(dir, { mode: 0o555 });
    fs.chmodSync(dir, 0o555);
    const url = `file:${path.join(dir, 'curvature.db')}`;
    const expected = `the data directory ${dir} is not writable — give the server's user write access (chown/chmod) or set DATABASE_URL=file:<a writable path>`;
    if (process.getuid?.() !== 0) {
      expect(configError(url)).toBe(expected);
      return;
    }
    // Root may write anywhere, so run the check as an ordinary user (`postgres` exists
    // wherever the PostgreSQL tests can run).
    fs.chmodSync(tmp, 0o755);
    const script = `import('${path.join(PROJECT_ROOT, 'server/db/config.ts')}').then((m) => {
      try { m.resolveDatabase({ DATABASE_URL: ${JSON.stringify(url)} }); console.log('no error'); }
      catch (e) { console.log(e.name + ': ' + e.message); }
    })`;
    const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const run = spawnSync('runuser', ['-u', 'postgres', '--', tsx, '-e', script], { encoding: 'utf8', cwd: os.tmpdir() });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(`ConfigError: ${expected}`);
  });

  it('makes ensureDatabase fail with the same ConfigError', async () => {
    await expect(ensureDatabase({ env: { DATABASE_URL: 'mysql://x' } })).rejects.toThrow(
      'DATABASE_URL must start with file: or postgresql:// — got mysql://…',
    );
  });
});
