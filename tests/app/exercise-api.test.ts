/**
 * The checks POST /api/attempts makes before it looks at who is asking: the request must come
 * from this site's pages (CSRF), carry JSON, stay small, and match the schema. Each refusal
 * says what was wrong in `message`. (Signed-in submissions over HTTP: tests/stress and e2e.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPrisma } from '@/server/db/client';
import { applyMigrations } from '@/server/db/migrate';
import { sqliteHarness, type Harness } from '../support/database';
import { draftRoute, submitRoute } from '@/server/exercise-api';
import { sameOrigin } from '@/server/security-headers';

const SITE = 'https://curvature.example.edu';
const GOOD = { course: 'curvature', exercise: 'hessian-at-point', answer: '[6, 2; 2, 12]', idempotencyKey: 'k'.repeat(32) };

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request(`${SITE}/api/attempts`, {
    method: 'POST',
    headers: { host: 'curvature.example.edu', 'x-forwarded-proto': 'https', origin: SITE, 'content-type': 'application/json', ...headers },
    body,
  });
}

async function refusal(res: Response): Promise<{ http: number; status: string; message: string }> {
  const body = (await res.json()) as { status: string; message: string };
  return { http: res.status, status: body.status, message: body.message };
}

describe('sameOrigin', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it('accepts a page of this site, directly or behind a proxy that names the public host', () => {
    expect(sameOrigin(h({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }))).toBe(true);
    expect(sameOrigin(h({ origin: 'https://curvature.example.edu', host: '10.0.0.5:3000', 'x-forwarded-host': 'curvature.example.edu', 'x-forwarded-proto': 'https' }))).toBe(true);
    // The scheme counts: a page on plain http (same host) cannot post to the https site.
    expect(sameOrigin(h({ origin: 'http://curvature.example.edu', host: 'curvature.example.edu', 'x-forwarded-proto': 'https' }))).toBe(false);
    expect(sameOrigin(h({ origin: 'http://curvature.example.edu', host: 'curvature.example.edu' }), { BASE_URL: 'https://curvature.example.edu' })).toBe(false);
    expect(sameOrigin(h({ origin: 'https://curvature.example.edu', host: 'curvature.example.edu' }), { BASE_URL: 'https://curvature.example.edu' })).toBe(true);
    expect(sameOrigin(h({ origin: 'https://127.0.0.1:3000', host: '127.0.0.1:3000' }), {})).toBe(false);
  });
  it('refuses another site, another port, a sandboxed frame and garbage', () => {
    expect(sameOrigin(h({ origin: 'https://evil.example', host: 'curvature.example.edu' }))).toBe(false);
    expect(sameOrigin(h({ origin: 'http://127.0.0.1:4000', host: '127.0.0.1:3000' }))).toBe(false);
    expect(sameOrigin(h({ origin: 'null', host: 'curvature.example.edu' }))).toBe(false);
    expect(sameOrigin(h({ origin: 'https://curvature.example.edu', 'x-forwarded-host': 'evil.example', host: 'curvature.example.edu' }))).toBe(false);
  });
  it('lets a client that is not a browser page through (no Origin), unless the browser says cross-site', () => {
    expect(sameOrigin(h({ host: 'curvature.example.edu' }))).toBe(true);
    expect(sameOrigin(h({ host: 'curvature.example.edu', 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });
});

describe('POST /api/attempts refuses before grading', () => {
  it('a request from another site (403)', async () => {
    expect(await refusal(await submitRoute(post(JSON.stringify(GOOD), { origin: 'https://evil.example' })))).toEqual({
      http: 403,
      status: 'invalid',
      message: 'origin: this request did not come from this site',
    });
  });
  it('a body that is not declared JSON, as a cross-site form would send (415)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      expect(await refusal(await submitRoute(post(JSON.stringify(GOOD), { 'content-type': type })))).toMatchObject({ http: 415, status: 'invalid' });
    }
  });
  it('a body over 64 KiB, declared or streamed (413)', async () => {
    const big = JSON.stringify({ ...GOOD, answer: 'x'.repeat(70_000) });
    expect(await refusal(await submitRoute(post(big)))).toEqual({ http: 413, status: 'invalid', message: 'body: larger than 65536 bytes' });
    const chunk = new TextEncoder().encode('x'.repeat(16_384));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 100) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = new Request(`${SITE}/api/attempts`, {
      method: 'POST',
      headers: { host: 'curvature.example.edu', 'x-forwarded-proto': 'https', origin: SITE, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect((await submitRoute(streamed)).status).toBe(413);
    expect(sent).toBeLessThan(10); // it stopped reading soon after the limit
  });
  it('a body that is not JSON, or not a submission (400), naming the field', async () => {
    expect(await refusal(await submitRoute(post('{"course":')))).toEqual({ http: 400, status: 'invalid', message: 'body: not valid JSON' });
    expect(await refusal(await submitRoute(post(JSON.stringify({ ...GOOD, course: 'Not A Slug' }))))).toEqual({
      http: 400,
      status: 'invalid',
      message: 'course: expected a kebab-case slug',
    });
    expect(await refusal(await submitRoute(post(JSON.stringify({ ...GOOD, idempotencyKey: 'short' }))))).toMatchObject({ http: 400, message: expect.stringMatching(/^idempotencyKey: /) });
    expect(await refusal(await submitRoute(post(JSON.stringify({ ...GOOD, seed: 7 }))))).toMatchObject({ http: 400, status: 'invalid' });
    expect(await refusal(await submitRoute(post(JSON.stringify({ ...GOOD, answer: 'x'.repeat(10_001) }))))).toMatchObject({ http: 400, message: expect.stringMatching(/^answer: /) });
  });
});

describe('POST /api/drafts asks who is asking before it reads the body', () => {
  // The route's own session check (server/auth.ts currentUser) on a real, empty, migrated database.
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await sqliteHarness('draft-route')();
    await applyMigrations(harness.db);
    if (harness.db.provider !== 'sqlite') throw new Error('expected SQLite');
    process.env.DATABASE_URL = `file:${harness.db.file}`;
    process.env.BASE_URL = SITE;
    process.env.AUTH_SECRET = 'draft-route-tests-secret-0123456789-abcdefgh';
  });
  afterAll(async () => {
    await getPrisma().$disconnect();
    await harness?.cleanup();
  });
  const DRAFT = { course: 'curvature', exercise: 'bfgs-trace', text: '{"r1-g":"[2, 4]"}' };
  const postDraft = (body: BodyInit, headers: Record<string, string> = {}) =>
    draftRoute(new Request(`${SITE}/api/drafts`, { method: 'POST', headers: { host: 'curvature.example.edu', 'x-forwarded-proto': 'https', origin: SITE, 'content-type': 'application/json', ...headers }, body }));

  it('a request from another site (403), before anything else', async () => {
    expect(await refusal(await postDraft(JSON.stringify(DRAFT), { origin: 'https://evil.example' }))).toEqual({
      http: 403,
      status: 'invalid',
      message: 'origin: this request did not come from this site',
    });
  });
  it('signed out (401) whatever the body: a good one, garbage, not JSON, too large', async () => {
    const bodies: [BodyInit, Record<string, string>][] = [
      [JSON.stringify(DRAFT), {}],
      ['{"course":', {}],
      [JSON.stringify({ ...DRAFT, course: 'Not A Slug', extra: 1 }), {}],
      [JSON.stringify(DRAFT), { 'content-type': 'text/plain' }],
      [JSON.stringify({ ...DRAFT, text: 'x'.repeat(70_000) }), {}],
    ];
    for (const [body, headers] of bodies) {
      const res = await postDraft(body, headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ status: 'signed-out' });
    }
  });
  it('with a session cookie that is not a session: signed out (401)', async () => {
    const res = await postDraft(JSON.stringify(DRAFT), { cookie: 'better-auth.session_token=forged.value' });
    expect(res.status).toBe(401);
  });
});
