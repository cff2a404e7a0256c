// Docker cannot run on the development machine, so the deployment files are checked
// statically: what they copy and start exists, and they keep the promised properties.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => /^[A-Z]+\s/.test(l));

  it('has two stages on node:20-bookworm-slim, the build stage with a C++ toolchain', () => {
    expect(instructions.filter((l) => l.startsWith('FROM '))).toEqual(['FROM node:20-bookworm-slim AS build', 'FROM node:20-bookworm-slim']);
    expect(text).toMatch(/apt-get install[^\n]*python3 make g\+\+/);
  });

  it('copies only files that exist in the repository', () => {
    for (const line of instructions.filter((l) => l.startsWith('COPY ') && !l.includes('--from'))) {
      const sources = line.split(/\s+/).slice(1, -1);
      for (const source of sources) if (source !== '.') expect(fs.existsSync(path.join(root, source)), source).toBe(true);
    }
  });

  it('runs start:prod as a non-root user with a data volume and a health check on /api/health', () => {
    const runtime = instructions.slice(instructions.findLastIndex((l) => l.startsWith('FROM ')));
    expect(runtime).toContain('USER node');
    expect(runtime.some((l) => l.startsWith('VOLUME') && l.includes('/app/data'))).toBe(true);
    expect(runtime.some((l) => l.startsWith('HEALTHCHECK') && l.includes('/api/health'))).toBe(true);
    const cmd = runtime.find((l) => l.startsWith('CMD '))!;
    expect(JSON.parse(cmd.slice(4))).toEqual(['node', 'node_modules/tsx/dist/cli.mjs', 'scripts/start.ts', '--production']);
    expect(fs.existsSync(path.join(root, 'scripts', 'start.ts'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'app', 'api', 'health', 'route.ts'))).toBe(true);
    expect(JSON.parse(read('package.json')).scripts['start:prod']).toBe('tsx scripts/start.ts --production');
  });

  it('.dockerignore keeps local databases, builds and secrets out of the image', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', '.next', 'data', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

describe('compose.yaml', () => {
  const text = read('compose.yaml');

  it('runs the app from this Dockerfile beside postgres:15 with named volumes', () => {
    expect(text).toMatch(/^ {2}db:\n(?: {4}.*\n)*? {4}image: postgres:15\n/m);
    expect(text).toMatch(/^ {2}app:\n {4}build: \.\n/m);
    expect(text).toMatch(/- pgdata:\/var\/lib\/postgresql\/data/);
    expect(text).toMatch(/^volumes:\n {2}pgdata:\n {2}appdata:\n?$/m);
    expect(text).toContain('DATABASE_URL: postgresql://curvature:${POSTGRES_PASSWORD}@db:5432/curvature');
    expect(text).toContain('condition: service_healthy');
  });

  it('refuses to start without the secrets (no default AUTH_SECRET or database password)', () => {
    expect(text).toMatch(/AUTH_SECRET: \$\{AUTH_SECRET:\?/);
    expect(text).toMatch(/POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?/);
    expect(text).toMatch(/BASE_URL: \$\{BASE_URL:\?/);
  });
});

describe('.env.example', () => {
  it('documents every variable the app and compose.yaml read', () => {
    const names = read('.env.example')
      .split('\n')
      .map((l) => /^#?\s?([A-Z][A-Z0-9_]+)=/.exec(l)?.[1])
      .filter(Boolean);
    for (const name of ['AUTH_SECRET', 'BASE_URL', 'DATABASE_URL', 'PORT', 'CURVATURE_DEMO', 'CURVATURE_RATE_LIMIT', 'CURVATURE_SKIP_BUILD', 'POSTGRES_PASSWORD', 'HOST_PORT']) {
      expect(names, name).toContain(name);
    }
    const composeVars = [...read('compose.yaml').matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]);
    for (const name of composeVars) expect(names, name).toContain(name);
  });
});
