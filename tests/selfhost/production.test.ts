// `npm run start:prod`: every missing or wrong setting stops start-up with one line, and a
// correct configuration starts without demo accounts and without building.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { productionConfigProblems } from '@/server/auth';
import { createPrisma } from '@/server/db/client';
import { resolveDatabase } from '@/server/db/config';

const root = path.resolve(import.meta.dirname, '..', '..');
const SECRET = 'x'.repeat(32);
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curvature-prod-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The environment of a production start on a private SQLite file: no AUTH_SECRET, BASE_URL or PORT from outside. */
function prodEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'app.db')}` };
  for (const name of ['AUTH_SECRET', 'BASE_URL', 'PORT', 'NODE_ENV', 'CURVATURE_DEMO']) delete env[name];
  return { ...env, ...extra };
}

function startProd(extra: Record<string, string>, args = ['--production']) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts', ...args], {
    cwd: root,
    env: prodEnv(extra),
    encoding: 'utf8',
    timeout: 150_000,
  });
  return { status: r.status, lines: r.stderr.split('\n').filter((l) => l.trim() !== ''), stdout: r.stdout };
}

describe('productionConfigProblems', () => {
  const ok = { AUTH_SECRET: SECRET, BASE_URL: 'https://curvature.example.edu' };

  it('accepts a 32-character secret with an https or http origin and an optional port', () => {
    expect(productionConfigProblems(ok)).toEqual([]);
    expect(productionConfigProblems({ ...ok, BASE_URL: 'http://10.0.0.5:8080/', PORT: '8080' })).toEqual([]);
  });

  it('names each missing or wrong setting once', () => {
    expect(productionConfigProblems({})).toEqual([expect.stringMatching(/^AUTH_SECRET is not set — /), expect.stringMatching(/^BASE_URL is not set — /)]);
    expect(productionConfigProblems({ ...ok, AUTH_SECRET: 'y'.repeat(31) })).toEqual([
      expect.stringMatching(/^AUTH_SECRET is too short \(31 characters\) — use at least 32/),
    ]);
    expect(productionConfigProblems({ ...ok, AUTH_SECRET: '   ' })).toEqual([expect.stringMatching(/^AUTH_SECRET is not set/)]);
    for (const bad of ['curvature.example.edu', 'ftp://curvature.example.edu', 'https://']) {
      expect(productionConfigProblems({ ...ok, BASE_URL: bad })).toEqual([expect.stringMatching(/^BASE_URL is not an http\(s\) URL/)]);
    }
    expect(productionConfigProblems({ ...ok, BASE_URL: 'https://example.edu/curvature' })).toEqual([
      'BASE_URL must be the site\'s root without a path (got /curvature) — e.g. BASE_URL=https://example.edu',
    ]);
    for (const port of ['0', '65536', 'http', '80a', '-1', '']) {
      expect(productionConfigProblems({ ...ok, PORT: port })).toEqual([`PORT must be a port number from 1 to 65535 — got "${port}"`]);
    }
  });
});

describe('start:prod configuration errors (as a process)', { timeout: 180_000 }, () => {
  it('without AUTH_SECRET and BASE_URL: exit 1, one line naming both, database untouched', () => {
    const r = startProd({});
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^curvature: AUTH_SECRET is not set — .*; BASE_URL is not set — /);
    expect(fs.existsSync(path.join(dir, 'app.db'))).toBe(false);
  });

  it('a short AUTH_SECRET alone', () => {
    const r = startProd({ AUTH_SECRET: 'short-secret', BASE_URL: 'https://curvature.example.edu' });
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([expect.stringMatching(/^curvature: AUTH_SECRET is too short \(12 characters\)/)]);
    expect(r.stdout).not.toContain('short-secret');
  });

  it('NODE_ENV=production means production too: a BASE_URL that is no URL', () => {
    const r = startProd({ NODE_ENV: 'production', AUTH_SECRET: SECRET, BASE_URL: 'curvature.example.edu' }, []);
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([expect.stringMatching(/^curvature: BASE_URL is not an http\(s\) URL/)]);
  });
});

/** A TCP port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('start:prod with a correct configuration', () => {
  it('migrates, syncs the content, creates no demo account, and serves the existing build (or says to build)', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const file = path.join(dir, 'ok.db');
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/start.ts', '--production'], {
      cwd: root,
      env: prodEnv({ DATABASE_URL: `file:${file}`, AUTH_SECRET: SECRET, BASE_URL: `http://localhost:${port}`, PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // Either the build is there and the server answers, or start-up stops saying to build.
      let health: Response | undefined;
      let code: number | null | undefined;
      void exited.then((c) => (code = c));
      for (let i = 0; i < 240 && !health && code === undefined; i++) {
        await new Promise((r) => setTimeout(r, 500));
        health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
      }
      if (health) {
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ status: 'ok', database: { provider: 'sqlite', reachable: true } });
      } else {
        expect(code).toBe(1);
        expect(stderr.trim()).toBe('curvature: no production build found — run npm run build first, then npm run start:prod');
      }
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    expect(stdout).not.toMatch(/demo accounts|build: /);
    const prisma = createPrisma(resolveDatabase({ DATABASE_URL: `file:${file}` }));
    try {
      expect(await prisma.user.count()).toBe(0);
      expect(await prisma.course.count()).toBeGreaterThan(0);
    } finally {
      await prisma.$disconnect();
    }
  });
});
