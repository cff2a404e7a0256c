/**
 * Passwords and sign-in limits of server/auth.ts on a real database, through better-auth's
 * HTTP handler (the rate limits only apply there): argon2id hashes, legacy scrypt accounts
 * that still sign in and are re-hashed, wrong passwords refused, the exponential delay per
 * (account, address) pair and its unlock link, the
 * per-address limit (wide enough for a lecture hall on one address) and that both live in
 * the database, so that two app instances on one database share them.
 * sqlite.test.ts and postgres.test.ts run it on a temporary SQLite file and a throw-away
 * PostgreSQL server.
 */
import { parseOptions } from '@node-rs/argon2';
import { hashPassword as scryptHash } from 'better-auth/crypto';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consumeLimit,
  createAuth,
  pruneLimits,
  redeemUnlockLink,
  revokeAllSessions,
  setSiteRole,
  sessionUser,
  SIGN_IN_FREE_TRIES,
  SIGN_IN_PER_ADDRESS,
  signInDelay,
  signInPairKey,
  type Auth,
} from '@/server/auth';
import { hashPassword, needsRehash, verifyPassword } from '@/server/db/passwords';
import type { Mail, Mailer } from '@/server/mail';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { applyMigrations } from '@/server/db/migrate';
import { accessCodeKey } from '@/server/assessments';
import { type Harness } from '../support/database';

const BASE = 'http://curvature.test';
const ENV = { BASE_URL: BASE, AUTH_SECRET: 'auth-tests-secret-0123456789-abcdefghijklmnop' };
const PASSWORD = 'correct horse battery';

/** Keeps what it is asked to send (the SMTP path itself is tested in tests/mail). */
function memoryMailer(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return { describe: 'memory', sent, send: async (m) => void sent.push(m) };
}

/** Registers the tests; `setup` makes an empty database. */
export function authSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`passwords and sign-in limits (${name})`, () => {
    let harness: Harness;
    // Two app instances: each its own Prisma client (own connections) and better-auth instance.
    let prismaA: PrismaClient;
    let prismaB: PrismaClient;
    let appA: Auth;
    let appB: Auth;
    let sharedHash: string;
    const mailer = memoryMailer();

    beforeAll(async () => {
      harness = await setup();
      await applyMigrations(harness.db);
      prismaA = createPrisma(harness.db);
      prismaB = createPrisma(harness.db);
      appA = createAuth({ prisma: prismaA, provider: harness.db.provider, env: ENV, mailer });
      appB = createAuth({ prisma: prismaB, provider: harness.db.provider, env: ENV, mailer });
      sharedHash = await hashPassword(PASSWORD);
    });
    afterAll(async () => {
      await prismaA?.$disconnect();
      await prismaB?.$disconnect();
      await harness?.cleanup();
    });

    /** A user with a credential account holding `hash`; returns the email. */
    async function user(hash: string, label = 'u'): Promise<string> {
      const id = randomUUID();
      const email = `${label}-${id}@example.com`;
      await prismaA.user.create({
        data: { id, email, name: label, accounts: { create: { id: randomUUID(), accountId: id, providerId: 'credential', password: hash } } },
      });
      return email;
    }

    const storedHash = async (email: string) =>
      (await prismaA.account.findFirstOrThrow({ where: { providerId: 'credential', user: { email } } })).password!;

    /** POST /api/auth/sign-in/email to one instance, from client address `ip`. */
    function signIn(app: Auth, email: string, password: string, ip = '203.0.113.10', headers: Record<string, string> = {}) {
      return app.handler(
        new Request(`${BASE}/api/auth/sign-in/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: BASE, 'x-forwarded-for': ip, ...headers },
          body: JSON.stringify({ email, password }),
        }),
      );
    }

    const counter = (key: string) => prismaA.rateLimit.findUnique({ where: { key } });

    it('hashes with argon2id at m = 19456 KiB, t = 2, p = 1 and a fresh salt each time', async () => {
      const a = await hashPassword(PASSWORD);
      const b = await hashPassword(PASSWORD);
      expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
      expect(a).not.toBe(b); // different salts
      const params = parseOptions(a);
      expect(params).toMatchObject({ algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32, saltLen: 16 });
      expect(await verifyPassword({ hash: a, password: PASSWORD })).toBe(true);
      expect(await verifyPassword({ hash: a, password: `${PASSWORD}!` })).toBe(false);
      expect(needsRehash(a)).toBe(false);
    });

    it('verifies better-auth scrypt hashes, and marks them and weaker argon2 for re-hashing', async () => {
      const legacy = await scryptHash(PASSWORD);
      expect(legacy).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
      expect(await verifyPassword({ hash: legacy, password: PASSWORD })).toBe(true);
      expect(await verifyPassword({ hash: legacy, password: 'correct horse battery.' })).toBe(false);
      expect(needsRehash(legacy)).toBe(true);
      expect(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHRzYWx0$aGFzaA')).toBe(true);
      expect(await verifyPassword({ hash: '', password: '' })).toBe(false);
      expect(await verifyPassword({ hash: '$argon2id$broken', password: PASSWORD })).toBe(false);
      expect(await verifyPassword({ hash: 'plain-text-password', password: 'plain-text-password' })).toBe(false);
    });

    it('signs in an argon2id account with the right password and refuses a wrong one', async () => {
      const email = await user(sharedHash, 'argon');
      const wrong = await signIn(appA, email, 'correct horse battery staple');
      expect(wrong.status).toBe(401);
      expect(wrong.headers.getSetCookie().some((c) => c.includes('session_token'))).toBe(false);
      const unknown = await signIn(appA, `nobody-${randomUUID()}@example.com`, PASSWORD);
      expect(unknown.status).toBe(401);
      const right = await signIn(appA, email, PASSWORD);
      expect(right.status).toBe(200);
      expect(right.headers.getSetCookie().some((c) => c.includes('session_token'))).toBe(true);
      expect(await storedHash(email)).toBe(sharedHash); // already current: not rewritten
    });

    it('signs in a legacy scrypt account and re-hashes it to argon2id; a wrong password changes nothing', async () => {
      const legacy = await scryptHash(PASSWORD);
      const email = await user(legacy, 'legacy');
      const otherLegacy = await scryptHash(PASSWORD);
      const other = await user(otherLegacy, 'legacy-other');
      expect((await signIn(appA, email, 'not the password')).status).toBe(401);
      expect(await storedHash(email)).toBe(legacy);

      expect((await signIn(appA, email, PASSWORD)).status).toBe(200);
      const upgraded = await storedHash(email);
      expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await verifyPassword({ hash: upgraded, password: PASSWORD })).toBe(true);
      // The other instance signs the user in with the new hash, and leaves it alone.
      expect((await signIn(appB, email, PASSWORD)).status).toBe(200);
      expect(await storedHash(email)).toBe(upgraded);
      // Another legacy account with the same password keeps its own hash until it signs in.
      expect(await storedHash(other)).toBe(otherLegacy);
    });

    it(`slows one address after ${SIGN_IN_FREE_TRIES} tries on an account, exponentially, without locking the owner out elsewhere`, async () => {
      const email = await user(sharedHash, 'target');
      const attacker = '198.51.100.7';
      // 5 wrong guesses from one address, alternating instances: all reach the password check (401).
      for (let i = 0; i < SIGN_IN_FREE_TRIES; i++) expect((await signIn(i % 2 ? appB : appA, email, `guess-${i}`, attacker)).status).toBe(401);
      expect((await counter(signInPairKey(email, attacker)))?.count).toBe(5);
      // The 6th at once is refused before the password is checked — even the right one — on
      // either instance, and must wait 2^(5−5) = 1 s.
      for (const app of [appA, appB]) {
        const res = await signIn(app, email, PASSWORD, attacker);
        expect(res.status).toBe(429);
        expect(Number(res.headers.get('x-retry-after'))).toBe(1);
        expect(((await res.json()) as { message: string }).message).toMatch(/from your address.*unlock link/);
      }
      expect((await counter(signInPairKey(email, attacker)))?.count).toBe(5); // refusals are not counted
      // The owner on their own address is not slowed at all, and signing in forgets only their pair.
      const owner = '203.0.113.5';
      expect((await signIn(appB, email, PASSWORD, owner)).status).toBe(200);
      expect(await counter(signInPairKey(email, owner))).toBeNull();
      expect((await counter(signInPairKey(email, attacker)))?.count).toBe(5);
      // Another account from the attacker's address is not affected either.
      expect((await signIn(appA, await user(sharedHash, 'bystander'), PASSWORD, attacker)).status).toBe(200);
    });

    it('doubles the wait with each further try, up to 15 minutes, and forgets a pair after a day', async () => {
      expect([0, 4, 5, 6, 7, 10, 14, 15, 40].map(signInDelay)).toEqual([0, 0, 1, 2, 4, 32, 512, 900, 900]);
      const email = await user(sharedHash, 'patient');
      const ip = '198.51.100.8';
      const key = signInPairKey(email, ip);
      // 9 tries made, the latest 15 s ago: the 10th waits 2^(9−5) = 16 s from then, so 1 s more.
      await prismaA.rateLimit.create({ data: { id: randomUUID(), key, count: 9, lastRequest: BigInt(Date.now() - 15_000) } });
      const refused = await signIn(appA, email, PASSWORD, ip);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('x-retry-after'))).toBe(1);
      // 17 s ago: the wait is over; a wrong password counts a 10th try (next wait 32 s).
      await prismaA.rateLimit.update({ where: { key }, data: { lastRequest: BigInt(Date.now() - 17_000) } });
      expect((await signIn(appB, email, 'still wrong', ip)).status).toBe(401);
      expect((await counter(key))?.count).toBe(10);
      const again = await signIn(appA, email, PASSWORD, ip);
      expect(again.status).toBe(429);
      const retry = Number(again.headers.get('x-retry-after'));
      expect(retry).toBeGreaterThanOrEqual(31);
      expect(retry).toBeLessThanOrEqual(32);
      // 30 tries (a wait of 15 min) made 24 h + 1 s ago: forgotten; this try counts as the first.
      await prismaA.rateLimit.update({ where: { key }, data: { count: 30, lastRequest: BigInt(Date.now() - 24 * 3600_000 - 1000) } });
      expect((await signIn(appA, email, 'wrong once more', ip)).status).toBe(401);
      expect((await counter(key))?.count).toBe(1);
    });

    it('counts tries sent at once one after another: 12 at once on a fresh pair let exactly 5 through', async () => {
      const email = await user(sharedHash, 'burst');
      const ip = '198.51.100.9';
      const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(i % 2 ? appB : appA, email, `burst-${i}`, ip).then((r) => r.status)));
      // 5 reach the password check (401); the 6th onwards meet the 1 s wait (or a lost race: retry), 429.
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(7);
      expect((await counter(signInPairKey(email, ip)))?.count).toBe(5);
    });

    it('forgets the pair’s tries when the account signs in successfully from that address', async () => {
      const email = await user(sharedHash, 'typo');
      for (let i = 0; i < 4; i++) expect((await signIn(appA, email, `typo-${i}`)).status).toBe(401);
      expect((await counter(signInPairKey(email, '203.0.113.10')))?.count).toBe(4);
      expect((await signIn(appB, email, PASSWORD)).status).toBe(200);
      expect(await counter(signInPairKey(email, '203.0.113.10'))).toBeNull();
    });

    it('mails the owner an unlock link (at most once per 15 minutes) that clears every address’s wait, once', async () => {
      const email = await user(sharedHash, 'locked');
      const sent = mailer.sent.length;
      for (const ip of ['198.51.100.20', '198.51.100.21']) {
        await prismaA.rateLimit.create({ data: { id: randomUUID(), key: signInPairKey(email, ip), count: 14, lastRequest: BigInt(Date.now()) } });
      }
      expect((await signIn(appA, email, PASSWORD, '198.51.100.20')).status).toBe(429);
      expect((await signIn(appB, email, PASSWORD, '198.51.100.21')).status).toBe(429);
      const mails = mailer.sent.slice(sent).filter((m) => m.to === email);
      expect(mails).toHaveLength(1); // the second refusal did not mail again
      expect(mails[0].subject).toBe('Signing in to Curvature was slowed down');
      const token = /\/unlock\?token=([A-Za-z0-9_-]+)/.exec(mails[0].text)![1];
      // An address without an account gets no mail (and the answer does not say so).
      const nobody = `nobody-${randomUUID()}@example.com`;
      await prismaA.rateLimit.create({ data: { id: randomUUID(), key: signInPairKey(nobody, '198.51.100.22'), count: 14, lastRequest: BigInt(Date.now()) } });
      expect((await signIn(appA, nobody, PASSWORD, '198.51.100.22')).status).toBe(429);
      expect(mailer.sent.some((m) => m.to === nobody)).toBe(false);

      expect(await redeemUnlockLink(prismaB, token)).toBe(true);
      expect(await counter(signInPairKey(email, '198.51.100.20'))).toBeNull();
      expect(await counter(signInPairKey(email, '198.51.100.21'))).toBeNull();
      expect((await signIn(appA, email, PASSWORD, '198.51.100.20')).status).toBe(200);
      expect(await redeemUnlockLink(prismaB, token)).toBe(false); // once
    });

    it('lets 300 students sign in from one address within a minute (a lecture hall behind NAT)', async () => {
      const ip = '203.0.113.77';
      const emails: string[] = [];
      for (let i = 0; i < 300; i++) emails.push(await user(sharedHash, `hall${i}`));
      // 20 at a time, spread over both instances.
      const statuses: number[] = [];
      for (let i = 0; i < emails.length; i += 20) {
        const batch = emails.slice(i, i + 20).map((e, j) => signIn(j % 2 ? appB : appA, e, PASSWORD, ip));
        for (const res of await Promise.all(batch)) statuses.push(res.status);
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(300);
      // Every sign-in was counted once, in the database, by whichever instance took it.
      expect((await counter(`${ip}|/sign-in/email`))?.count).toBe(300);
    }, 120_000);

    it(`refuses the sign-in after ${SIGN_IN_PER_ADDRESS.max} from one address in a minute, on both instances`, async () => {
      const ip = '203.0.113.88';
      const key = `${ip}|/sign-in/email`;
      // The address already made 1,497 sign-ins this minute (as if through other instances).
      await prismaA.rateLimit.create({ data: { id: randomUUID(), key, count: SIGN_IN_PER_ADDRESS.max - 3, lastRequest: BigInt(Date.now()) } });
      const email = await user(sharedHash, 'busy');
      // 1,498th, 1,499th and 1,500th: allowed, two through A and one through B.
      expect((await signIn(appA, email, PASSWORD, ip)).status).toBe(200);
      expect((await signIn(appB, email, PASSWORD, ip)).status).toBe(200);
      expect((await signIn(appA, email, PASSWORD, ip)).status).toBe(200);
      expect((await counter(key))?.count).toBe(1500);
      // 1,501st: refused by either instance, with a retry time of at most 60 s.
      for (const app of [appB, appA]) {
        const res = await signIn(app, email, PASSWORD, ip);
        expect(res.status).toBe(429);
        const retry = Number(res.headers.get('x-retry-after'));
        expect(retry).toBeGreaterThan(0);
        expect(retry).toBeLessThanOrEqual(60);
      }
      // Another address is unaffected.
      expect((await signIn(appB, email, PASSWORD, '203.0.113.89')).status).toBe(200);
    });

    it('counts in fixed windows: requests spread over a long time never add up across windows', async () => {
      const ip = '203.0.113.120';
      const key = `${ip}|/sign-in/email`;
      // 1,499 sign-ins in a window that opened 61 s ago: that window has closed, so the
      // next sign-in opens a new one and the count starts again at 1.
      await prismaA.rateLimit.create({ data: { id: randomUUID(), key, count: SIGN_IN_PER_ADDRESS.max - 1, lastRequest: BigInt(Date.now() - 61_000) } });
      const email = await user(sharedHash, 'trickle');
      expect((await signIn(appA, email, PASSWORD, ip)).status).toBe(200);
      expect((await counter(key))?.count).toBe(1);
      // A second sign-in in the new window adds one and leaves the window's start alone.
      const opened = (await counter(key))!.lastRequest;
      expect((await signIn(appB, email, PASSWORD, ip)).status).toBe(200);
      expect(await counter(key)).toMatchObject({ count: 2, lastRequest: opened });
    });

    it('counts concurrent requests from both instances exactly: 40 at once against a limit of 30 let 30 through', async () => {
      const key = `concurrent|${randomUUID()}`;
      const rule = { window: 60, max: 30 };
      const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => consumeLimit(i % 2 ? prismaB : prismaA, key, rule)));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(30);
      for (const d of decisions.filter((x) => !x.allowed)) {
        expect(d.retryAfter).toBeGreaterThanOrEqual(1);
        expect(d.retryAfter).toBeLessThanOrEqual(60);
      }
      expect((await counter(key))?.count).toBe(30);
    });

    it('prunes counters whose window opened more than 15 minutes ago, and only those', async () => {
      const now = Date.now();
      const stale = `prune-test-stale|${randomUUID()}`;
      const live = `prune-test-live|${randomUUID()}`;
      await prismaA.rateLimit.create({ data: { id: randomUUID(), key: stale, count: 3, lastRequest: BigInt(now - 15 * 60_000 - 1000) } });
      await prismaA.rateLimit.create({ data: { id: randomUUID(), key: live, count: 3, lastRequest: BigInt(now - 15 * 60_000 + 1000) } });
      expect(await pruneLimits(prismaB, now)).toBeGreaterThanOrEqual(1);
      expect(await counter(stale)).toBeNull();
      expect((await counter(live))?.count).toBe(3);
      // A sign-in pair's tries are kept for a day, not 15 minutes.
      const pairHour = signInPairKey(`prune-${randomUUID()}@example.com`, '198.51.100.30');
      const pairDay = signInPairKey(`prune-${randomUUID()}@example.com`, '198.51.100.31');
      await prismaA.rateLimit.create({ data: { id: randomUUID(), key: pairHour, count: 9, lastRequest: BigInt(now - 3600_000) } });
      await prismaA.rateLimit.create({ data: { id: randomUUID(), key: pairDay, count: 9, lastRequest: BigInt(now - 24 * 3600_000 - 1000) } });
      // So are an assessment's access-code tries (server/assessments.ts accessCodeKey).
      const codeHour = accessCodeKey(`prune-${randomUUID()}`, 'student');
      const codeDay = accessCodeKey(`prune-${randomUUID()}`, 'student');
      await prismaA.rateLimit.create({ data: { id: randomUUID(), key: codeHour, count: 7, lastRequest: BigInt(now - 3600_000) } });
      await prismaA.rateLimit.create({ data: { id: randomUUID(), key: codeDay, count: 7, lastRequest: BigInt(now - 24 * 3600_000 - 1000) } });
      await pruneLimits(prismaB, now);
      expect((await counter(pairHour))?.count).toBe(9);
      expect(await counter(pairDay)).toBeNull();
      expect((await counter(codeHour))?.count).toBe(7);
      expect(await counter(codeDay)).toBeNull();
    });

    it('reads the client address from X-Forwarded-For: one address as is, a chain only through trusted proxies', async () => {
      const email = await user(sharedHash, 'proxied');
      // No trusted proxies: a chain (a client's own header plus what nginx appended) is not
      // believed, and counts under better-auth's shared key for unknown addresses.
      expect((await signIn(appA, email, PASSWORD, '198.51.100.250, 203.0.113.150')).status).toBe(200);
      expect(await counter('203.0.113.150|/sign-in/email')).toBeNull();
      expect(await counter('198.51.100.250|/sign-in/email')).toBeNull();
      // nginx on 127.0.0.1 trusted: the address nginx saw (rightmost untrusted) is the client's.
      const behindProxy = createAuth({ prisma: prismaA, provider: harness.db.provider, env: { ...ENV, CURVATURE_TRUSTED_PROXIES: '127.0.0.1, ::1' } });
      expect((await signIn(behindProxy, email, PASSWORD, '198.51.100.250, 203.0.113.150')).status).toBe(200);
      expect((await counter('203.0.113.150|/sign-in/email'))?.count).toBe(1);
      expect(await counter('198.51.100.250|/sign-in/email')).toBeNull();
    });

    it('does not count session reads (every page asks for one) against any limit', async () => {
      const email = await user(sharedHash, 'reader');
      const res = await signIn(appA, email, PASSWORD, '203.0.113.99');
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const before = await prismaA.rateLimit.count();
      for (let i = 0; i < 5; i++) {
        const session = await appA.handler(new Request(`${BASE}/api/auth/get-session`, { headers: { cookie, 'x-forwarded-for': '203.0.113.99' } }));
        expect(session.status).toBe(200);
        expect(((await session.json()) as { user: { email: string } }).user.email).toBe(email);
      }
      expect(await prismaA.rateLimit.count()).toBe(before);
      expect(await counter('203.0.113.99|/get-session')).toBeNull();
    });

    /** Signs in through `app` and returns the cookies it set, by name. */
    async function cookiesOf(app: Auth, email: string): Promise<Map<string, string>> {
      const res = await signIn(app, email, PASSWORD, '203.0.113.130');
      expect(res.status).toBe(200);
      return new Map(res.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]));
    }
    const cookieHeaders = (jar: Map<string, string>) => new Headers({ cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') });
    const TOKEN = 'better-auth.session_token';
    const DATA = 'better-auth.session_data';

    it('refuses a signed-out session on its next request, though its signed cookie cache is still fresh', async () => {
      const email = await user(sharedHash, 'reader2');
      await prismaA.user.update({ where: { email }, data: { role: 'instructor' } });
      const jar = await cookiesOf(appA, email);
      expect(jar.has(TOKEN) && jar.has(DATA)).toBe(true);
      // Either instance reads the other's cookies (same secret).
      expect(await sessionUser(appB, cookieHeaders(jar))).toMatchObject({ email, role: 'instructor' });
      // Signed out through better-auth on A: the very same cookie pair, sent again (a copy kept
      // by an attacker, or a tab that did not notice), is refused at once on both instances.
      const out = await appA.handler(new Request(`${BASE}/api/auth/sign-out`, { method: 'POST', headers: { cookie: cookieHeaders(jar).get('cookie')!, origin: BASE } }));
      expect(out.status).toBe(200);
      expect(await sessionUser(appA, cookieHeaders(jar))).toBeNull();
      expect(await sessionUser(appB, cookieHeaders(jar))).toBeNull();
    });

    it('a role change and sign-out everywhere bite on the next request: the cached role is never believed', async () => {
      const email = await user(sharedHash, 'demoted');
      const { id } = await prismaA.user.update({ where: { email }, data: { role: 'admin' } });
      const laptop = await cookiesOf(appA, email);
      const phone = await cookiesOf(appB, email);
      expect(await sessionUser(appA, cookieHeaders(laptop))).toMatchObject({ role: 'admin' });
      // Demoted to student (the admin CLI's set-role): both devices' fresh caches still say
      // "admin", and both are refused straight away.
      await setSiteRole(prismaB, id, 'student');
      expect(await sessionUser(appA, cookieHeaders(laptop))).toBeNull();
      expect(await sessionUser(appB, cookieHeaders(phone))).toBeNull();
      // Signing in again gives a session with the new role.
      const again = await cookiesOf(appA, email);
      expect(await sessionUser(appB, cookieHeaders(again))).toMatchObject({ email, role: 'student' });

      // A role changed in the database by any other path is read live too (no waiting for the cache).
      await prismaA.user.update({ where: { id }, data: { role: 'instructor' } });
      expect(await sessionUser(appA, cookieHeaders(again))).toMatchObject({ role: 'instructor' });

      // Sign-out everywhere through better-auth on B: the other device is refused at once.
      const other = await cookiesOf(appA, email);
      const res = await appB.handler(new Request(`${BASE}/api/auth/revoke-sessions`, { method: 'POST', headers: { cookie: cookieHeaders(again).get('cookie')!, origin: BASE, 'content-type': 'application/json' }, body: '{}' }));
      expect(res.status).toBe(200);
      expect(await sessionUser(appA, cookieHeaders(other))).toBeNull();
      expect(await sessionUser(appB, cookieHeaders(again))).toBeNull();
      // The epoch holds even if a session row of before it were left behind.
      const stale = await cookiesOf(appA, email);
      const row = await prismaA.session.findFirstOrThrow({ where: { userId: id }, orderBy: { createdAt: 'desc' } });
      await prismaA.user.update({ where: { id }, data: { sessionsValidFrom: new Date(row.createdAt.getTime() + 1) } });
      expect(await sessionUser(appA, cookieHeaders(stale))).toBeNull();
    });

    it('revoke-session answers false when the token names no session of the caller, true when one was revoked', async () => {
      const email = await user(sharedHash, 'revoker');
      const other = await user(sharedHash, 'victim');
      const mine = await cookiesOf(appA, email);
      const second = await cookiesOf(appA, email);
      const theirs = await cookiesOf(appA, other);
      const tokenOf = (jar: Map<string, string>) => decodeURIComponent(jar.get(TOKEN)!).split('.')[0];
      const revoke = (token: string) =>
        appB.handler(new Request(`${BASE}/api/auth/revoke-session`, { method: 'POST', headers: { cookie: cookieHeaders(mine).get('cookie')!, origin: BASE, 'content-type': 'application/json' }, body: JSON.stringify({ token }) }));
      // Someone else's session, and a made-up token: nothing revoked, and it says so.
      for (const token of [tokenOf(theirs), 'no-such-token']) {
        const res = await revoke(token);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ status: false });
      }
      expect(await sessionUser(appA, cookieHeaders(theirs))).toMatchObject({ email: other });
      // One of the caller's own: revoked, true, and refused on the next request.
      const res = await revoke(tokenOf(second));
      expect(await res.json()).toEqual({ status: true });
      expect(await sessionUser(appA, cookieHeaders(second))).toBeNull();
      expect(await sessionUser(appA, cookieHeaders(mine))).toMatchObject({ email });
    });

    it('a changed password ends every other session, though the caller did not ask; the caller keeps a fresh one', async () => {
      const email = await user(sharedHash, 'changer');
      const laptop = await cookiesOf(appA, email);
      const phone = await cookiesOf(appA, email);
      const res = await appB.handler(
        new Request(`${BASE}/api/auth/change-password`, {
          method: 'POST',
          headers: { cookie: cookieHeaders(laptop).get('cookie')!, origin: BASE, 'content-type': 'application/json' },
          body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'a brand new secret', revokeOtherSessions: false }),
        }),
      );
      expect(res.status).toBe(200);
      // The other device and the caller's old cookies are refused on the next request.
      expect(await sessionUser(appA, cookieHeaders(phone))).toBeNull();
      expect(await sessionUser(appA, cookieHeaders(laptop))).toBeNull();
      // The response carries the caller's new session, which works; the old password does not.
      const fresh = new Map(res.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]));
      expect(await sessionUser(appA, cookieHeaders(fresh))).toMatchObject({ email });
      expect((await signIn(appA, email, PASSWORD, '203.0.113.131')).status).not.toBe(200);
      expect((await signIn(appA, email, 'a brand new secret', '203.0.113.131')).status).toBe(200);
    });

    it('revokeAllSessions (password reset) refuses every earlier session at once and deletes them', async () => {
      const email = await user(sharedHash, 'reset');
      const id = (await prismaA.user.findUniqueOrThrow({ where: { email } })).id;
      const jar = await cookiesOf(appA, email);
      expect(await sessionUser(appA, cookieHeaders(jar))).toMatchObject({ email });
      await revokeAllSessions(prismaB, id);
      expect(await sessionUser(appA, cookieHeaders(jar))).toBeNull();
      expect(await prismaA.session.count({ where: { userId: id } })).toBe(0);
    });

    it('never takes the cache of another session, a forged cache, or a cache without its session cookie', async () => {
      const alice = await user(sharedHash, 'alice');
      const bob = await user(sharedHash, 'bob');
      await prismaA.user.update({ where: { email: alice }, data: { role: 'admin' } });
      const a = await cookiesOf(appA, alice);
      const b = await cookiesOf(appA, bob);
      // Alice's cache with Bob's session cookie: Bob (looked up), never Alice.
      expect(await sessionUser(appA, cookieHeaders(new Map([[TOKEN, b.get(TOKEN)!], [DATA, a.get(DATA)!]])))).toMatchObject({ email: bob, role: 'student' });
      // Bob's cache rewritten to say "admin", signature kept: not believed; Bob from the database.
      const payload = JSON.parse(Buffer.from(b.get(DATA)!, 'base64url').toString('utf8'));
      payload.session.user.role = 'admin';
      const forged = Buffer.from(JSON.stringify(payload)).toString('base64url');
      expect(await sessionUser(appA, cookieHeaders(new Map([[TOKEN, b.get(TOKEN)!], [DATA, forged]])))).toMatchObject({ email: bob, role: 'student' });
      // A cache alone, without the session cookie: nobody.
      expect(await sessionUser(appA, cookieHeaders(new Map([[DATA, a.get(DATA)!]])))).toBeNull();
      // A session cookie with a wrong signature: nobody.
      const token = decodeURIComponent(a.get(TOKEN)!);
      const badToken = encodeURIComponent(`${token.slice(0, token.indexOf('.'))}.AAAA${token.slice(token.indexOf('.') + 5)}`);
      expect(await sessionUser(appA, cookieHeaders(new Map([[TOKEN, badToken]])))).toBeNull();
      expect(await sessionUser(appA, new Headers())).toBeNull();
    });

    it('turns every limit off with CURVATURE_RATE_LIMIT=off (load tests only)', async () => {
      const off = createAuth({ prisma: prismaA, provider: harness.db.provider, env: { ...ENV, CURVATURE_RATE_LIMIT: 'off' } });
      const email = await user(sharedHash, 'unlimited');
      for (let i = 0; i < SIGN_IN_FREE_TRIES + 2; i++) expect((await signIn(off, email, `nope-${i}`, '203.0.113.111')).status).toBe(401);
      expect((await signIn(off, email, PASSWORD, '203.0.113.111')).status).toBe(200);
      expect(await counter(signInPairKey(email, '203.0.113.111'))).toBeNull();
      expect(await counter('203.0.113.111|/sign-in/email')).toBeNull();
    });
  });
}
