// `npm start` with a wrong configuration stops with one line that says what to fix.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

function start(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, CURVATURE_SKIP_BUILD: '1', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  return { status: r.status, lines, stderr: r.stderr };
}

describe('start-up configuration errors', () => {
  it('rejects an unsupported DATABASE_URL without echoing credentials', () => {
    const r = start({ DATABASE_URL: 'mysql://admin:hunter2@db.example/curvature' });
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^curvature: DATABASE_URL must start with file: or postgresql:\/\//);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('names a data directory that cannot be created', () => {
    const r = start({ DATABASE_URL: 'file:/proc/curvature-test/data/app.db' });
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([expect.stringMatching(/cannot create the data directory \/proc\/curvature-test/)]);
  });

  it('names a database path that is a directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-start-'));
    try {
      const r = start({ DATABASE_URL: `file:${dir}` });
      expect(r.status).toBe(1);
      expect(r.lines).toEqual([expect.stringMatching(/is a directory/)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says when PostgreSQL cannot be reached, without a stack trace', () => {
    const r = start({ DATABASE_URL: 'postgresql://curvature:secret@127.0.0.1:1/curvature' });
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([expect.stringMatching(/cannot reach PostgreSQL at 127\.0\.0\.1:1/)]);
    expect(r.stderr).not.toContain('secret');
  });
});
