/**
 * Sign-in for Curvature: better-auth with email + password, sessions in the database.
 *
 * Passwords are hashed with argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane);
 * accounts made earlier with better-auth's default scrypt still sign in and are re-hashed
 * to argon2id when they do. Rate limits are kept in the database (the `rateLimit` table),
 * so every app instance on one database sees the same counts: a per-client-address limit
 * on sign-in and sign-up wide enough for a lecture hall behind one NAT address, and an
 * exponential delay per (account, address) pair that slows anyone guessing one account's
 * password without ever locking its owner out.
 *
 * The instance is created on first use, not at import: `next build` imports every route
 * module and must not open the database.
 */
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from 'better-auth/api';
import { getCookieCache, parseCookies } from 'better-auth/cookies';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { getPrisma, type PrismaClient } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import { resolveDatabase } from '@/server/db/config';
import { hashPassword, needsRehash, verifyPassword } from '@/server/db/passwords';
import { getIP } from '@better-auth/core/utils/ip';
import { claimInvitations } from '@/server/invitations';
import { issueToken, spendToken } from '@/server/mail-tokens';
import { getMailer, mailConfigProblems, type Mailer } from '@/server/mail';
import { normaliseEmail, ROLES, type Role } from '@/server/roles';
import { mailVerificationLink } from '@/server/verification';
import { ltiSignIn } from '@/server/lti/session';
import { recordSignIn, signInRefusal } from '@/server/exam-sessions';


/** The public URL the app is served at; better-auth rejects requests from other origins. */
export function baseUrl(env: Record<string, string | undefined> = process.env): string {
  return (env.BASE_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/$/, '');
}

/** Shortest AUTH_SECRET accepted in production (32 characters ≈ 190 bits from base64). */
export const MIN_AUTH_SECRET_LENGTH = 32;

/**
 * What is missing or wrong in the environment for a production start, one sentence per
 * problem saying how to fix it (empty when all is well): AUTH_SECRET must be set and at
 * least 32 characters, BASE_URL must be an http(s) URL without a path, PORT (optional)
 * must be a port number, CURVATURE_TRUSTED_PROXIES (optional) must list addresses, and the
 * SMTP settings (optional) must be readable.
 */
export function productionConfigProblems(env: Record<string, string | undefined> = process.env): string[] {
  const problems: string[] = [];
  const secret = env.AUTH_SECRET?.trim();
  if (!secret) {
    problems.push('AUTH_SECRET is not set — production needs a random secret of at least 32 characters, e.g. AUTH_SECRET=$(openssl rand -base64 32)');
  } else if (secret.length < MIN_AUTH_SECRET_LENGTH) {
    problems.push(`AUTH_SECRET is too short (${secret.length} characters) — use at least ${MIN_AUTH_SECRET_LENGTH}, e.g. AUTH_SECRET=$(openssl rand -base64 32)`);
  }
  const base = env.BASE_URL?.trim();
  if (!base) {
    problems.push('BASE_URL is not set — set it to the public address students use, e.g. BASE_URL=https://curvature.example.edu');
  } else {
    let url: URL | undefined;
    try {
      url = new URL(base);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
      problems.push('BASE_URL is not an http(s) URL — e.g. BASE_URL=https://curvature.example.edu');
    } else if (url.pathname !== '/' || url.search || url.hash) {
      problems.push(`BASE_URL must be the site's root without a path (got ${url.pathname}${url.search}${url.hash}) — e.g. BASE_URL=${url.origin}`);
    }
  }
  const port = env.PORT?.trim();
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    problems.push(`PORT must be a port number from 1 to 65535 — got "${env.PORT}"`);
  }
  const badProxies = invalidTrustedProxies(env);
  if (badProxies.length) {
    problems.push(`CURVATURE_TRUSTED_PROXIES must list IP addresses or CIDR ranges, comma-separated — not ${badProxies.map((b) => `"${b}"`).join(', ')} (e.g. CURVATURE_TRUSTED_PROXIES=127.0.0.1,::1)`);
  }
  const host = env.HOST?.trim();
  if (host && isIP(host) === 0 && !/^[a-z0-9]([a-z0-9-]{0,62})(\.[a-z0-9]([a-z0-9-]{0,62}))*$/i.test(host)) {
    problems.push(`HOST must be an IP address or a host name to listen on (e.g. HOST=127.0.0.1, or HOST=0.0.0.0 for every interface) — got "${env.HOST}"`);
  }
  problems.push(...mailConfigProblems(env));
  return problems;
}

/**
 * The address `npm start` listens on: HOST when set; otherwise 127.0.0.1 in production (the
 * app sits behind a reverse proxy on the same host; set HOST=0.0.0.0 to listen on every
 * interface, as the Docker image does) and every interface outside production.
 */
export function listenHost(env: Record<string, string | undefined>, production: boolean): string | undefined {
  const host = env.HOST?.trim();
  if (host) return host;
  return production ? '127.0.0.1' : undefined;
}

/**
 * AUTH_SECRET signs session cookies. Without one (a local demo), a random secret is made
 * once and kept beside the SQLite database so sessions survive restarts.
 */
export function authSecret(env: Record<string, string | undefined> = process.env): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const db = resolveDatabase(env);
  const dir = db.provider === 'sqlite' ? path.dirname(db.file) : path.resolve('data');
  const file = path.join(dir, '.auth-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
    return secret;
  }
}

// ─── passwords ─────────────────────────────────────────────────────────────────

/**
 * After a correct password met an outdated hash (scrypt, or argon2 with other settings),
 * stores its argon2id hash instead — only in the credential account that still holds
 * exactly that old hash (a salted hash names one account; a password changed meanwhile is
 * left alone). A failure is logged and does not fail the sign-in.
 */
async function upgradeHash(prisma: PrismaClient, oldHash: string, password: string): Promise<void> {
  try {
    const fresh = await hashPassword(password);
    await prisma.account.updateMany({ where: { providerId: 'credential', password: oldHash }, data: { password: fresh } });
  } catch (err) {
    console.error('could not re-hash a password to argon2id:', err instanceof Error ? err.message : err);
  }
}

// ─── rate limits ───────────────────────────────────────────────────────────────

/**
 * Sign-ins (and sign-ups) allowed per client address per minute. A lecture hall signs in
 * from one campus NAT address, so this must hold the largest class at once (1,000 students
 * in the quiz-start benchmark) with room for typing mistakes; it still stops one address
 * from running the password hash more than 25 times a second.
 */
export const SIGN_IN_PER_ADDRESS = { window: 60, max: 1500 } as const;

/**
 * Sign-in tries for one account from one client address (OWASP's alternative to locking
 * accounts): the first SIGN_IN_FREE_TRIES go through at once; after that each try must wait
 * 2^(tries − 5) seconds since the one before (1 s, 2 s, 4 s, …, at most 15 minutes). The
 * count is kept for 24 hours after the latest try, and a successful sign-in forgets it. An
 * attacker elsewhere never slows the owner's own address, and the owner who is slowed can
 * clear every count of the account with the unlock link mailed to its address.
 */
export const SIGN_IN_FREE_TRIES = 5;
export const SIGN_IN_MAX_DELAY_S = 15 * 60;
const PAIR_KEPT_MS = 24 * 60 * 60_000;
/** Counters with consumeSignInTry's growing delay, kept a day: sign-in tries, and an assessment's access-code tries (server/assessments.ts). */
const BACKOFF_PREFIXES = ['signin|', 'examcode|'];

/** Seconds a try must wait after the latest one, when `tries` were made already. */
export function signInDelay(tries: number): number {
  return tries < SIGN_IN_FREE_TRIES ? 0 : Math.min(SIGN_IN_MAX_DELAY_S, 2 ** (tries - SIGN_IN_FREE_TRIES));
}

/** Key of the sign-in counter of one account from one address (better-auth's keys are "<address>|<path>"). */
export function signInPairKey(email: string, address: string | null): string {
  return `signin|${email.trim().toLowerCase()}|${address ?? 'unknown'}`;
}

/**
 * Counts one sign-in try of `key` unless it must wait (then: how long). A compare-and-set on
 * the count read, retried, so that tries sent at once are counted one after another and the
 * later ones meet the delay instead of all passing on the same count.
 */
export async function consumeSignInTry(prisma: PrismaClient, key: string, now = Date.now()): Promise<LimitDecision> {
  for (let round = 0; round < 5; round++) {
    const row = await prisma.rateLimit.findUnique({ where: { key }, select: { count: true, lastRequest: true } });
    if (!row) {
      try {
        await prisma.rateLimit.create({ data: { id: randomUUID(), key, count: 1, lastRequest: BigInt(now) } });
        return { allowed: true, retryAfter: null };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        continue;
      }
    }
    const last = Number(row.lastRequest);
    const tries = last + PAIR_KEPT_MS <= now ? 0 : row.count; // a count older than a day is forgotten
    const waitMs = last + signInDelay(tries) * 1000 - now;
    if (tries > 0 && waitMs > 0) return { allowed: false, retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) };
    const set = await prisma.rateLimit.updateMany({ where: { key, count: row.count, lastRequest: row.lastRequest }, data: { count: tries + 1, lastRequest: BigInt(now) } });
    if (set.count === 1) return { allowed: true, retryAfter: null };
  }
  return { allowed: false, retryAfter: 1 }; // lost five races in a row: let the client retry
}

/** Forgets one pair's tries (after a successful sign-in). */
export async function clearSignInTries(prisma: PrismaClient, key: string): Promise<void> {
  await prisma.rateLimit.deleteMany({ where: { key } });
}

/** Forgets every address's tries for an account (the unlock link). */
export async function unlockSignIn(prisma: PrismaClient, email: string): Promise<number> {
  // every key "signin|<email>|<address>" of this account
  const { count } = await prisma.rateLimit.deleteMany({ where: { key: { startsWith: signInPairKey(email, '') } } });
  return count;
}

/** A limit: at most `max` requests per `window` seconds. */
export interface LimitRule {
  window: number;
  max: number;
}

/** Whether a request may go on, and if not, in how many seconds it may try again. */
export interface LimitDecision {
  allowed: boolean;
  retryAfter: number | null;
}

/** Window counters untouched this long are dropped: longer than any window, so no live count is lost. */
const PRUNE_AFTER_MS = 15 * 60_000;
let lastPrune = 0;

/** Deletes window counters that opened more than 15 minutes before `now`, and sign-in pair counts older than a day. */
export async function pruneLimits(prisma: PrismaClient, now = Date.now()): Promise<number> {
  const { count } = await prisma.rateLimit.deleteMany({
    where: {
      OR: [
        { lastRequest: { lt: BigInt(now - PRUNE_AFTER_MS) }, NOT: { OR: BACKOFF_PREFIXES.map((p) => ({ key: { startsWith: p } })) } },
        { lastRequest: { lt: BigInt(now - PAIR_KEPT_MS) } },
      ],
    },
  });
  return count;
}

/**
 * Counts one request against `key` in the database's rateLimit table, so that every app
 * instance on the database shares the count. Fixed windows: a key's window opens with its
 * first request (`lastRequest` holds when it opened) and lasts `rule.window` seconds;
 * within it at most `rule.max` requests are allowed. Each step is one atomic statement
 * (no transaction), so concurrent requests never pass on a stale count.
 *
 * (better-auth's own database storage is not used: it keeps `lastRequest` as the time of
 * the latest request, so a window never closes while requests keep coming — a campus
 * address signing someone in every minute would add up all day until it is locked out —
 * and it reads and updates in an interactive transaction, which on SQLite queues every
 * sign-in behind one connection's lock.)
 */
export async function consumeLimit(prisma: PrismaClient, key: string, rule: LimitRule, now = Date.now()): Promise<LimitDecision> {
  const windowMs = rule.window * 1000;
  const opened = BigInt(now - windowMs); // a window that opened after this is still open
  if (now - lastPrune > 60_000) {
    lastPrune = now;
    pruneLimits(prisma, now).catch((err: unknown) => console.error('could not prune rate-limit rows:', err instanceof Error ? err.message : err));
  }
  for (let tries = 0; tries < 3; tries++) {
    // The window is open and has room: one more (the usual case, one statement).
    const counted = await prisma.rateLimit.updateMany({ where: { key, lastRequest: { gt: opened }, count: { lt: rule.max } }, data: { count: { increment: 1 } } });
    if (counted.count) return { allowed: true, retryAfter: null };
    const row = await prisma.rateLimit.findUnique({ where: { key }, select: { count: true, lastRequest: true } });
    if (!row) {
      // No count yet: open a window with this request.
      try {
        await prisma.rateLimit.create({ data: { id: randomUUID(), key, count: 1, lastRequest: BigInt(now) } });
        return { allowed: true, retryAfter: null };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        continue; // another request opened it a moment ago: count against that
      }
    }
    const closesAt = Number(row.lastRequest) + windowMs;
    if (closesAt <= now) {
      // The window has closed: open a new one with this request (unless another just did).
      const reopened = await prisma.rateLimit.updateMany({ where: { key, lastRequest: { lte: opened } }, data: { count: 1, lastRequest: BigInt(now) } });
      if (reopened.count) return { allowed: true, retryAfter: null };
      continue;
    }
    if (row.count < rule.max) continue; // room again (or it was opened since the first statement)
    // A concurrent request that started a moment after this one may have opened the window,
    // so closesAt - now can exceed the window by those milliseconds: never say more than it.
    return { allowed: false, retryAfter: Math.min(rule.window, Math.max(1, Math.ceil((closesAt - now) / 1000))) };
  }
  return { allowed: false, retryAfter: 1 }; // three races in a row: let the client retry
}

/**
 * Addresses of the reverse proxies in front of the app, from CURVATURE_TRUSTED_PROXIES
 * (comma-separated IP addresses or CIDR ranges, e.g. "127.0.0.1,::1" for nginx on the
 * same host). Empty when unset.
 */
export function trustedProxies(env: Record<string, string | undefined> = process.env): string[] {
  return (env.CURVATURE_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Whether `entry` is an IP address or a CIDR range (address/prefix). */
function isAddressOrRange(entry: string): boolean {
  const slash = entry.lastIndexOf('/');
  if (slash === -1) return isIP(entry) !== 0;
  const family = isIP(entry.slice(0, slash));
  const prefix = entry.slice(slash + 1);
  return family !== 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Entries of CURVATURE_TRUSTED_PROXIES that are neither an IP address nor a CIDR range. */
export function invalidTrustedProxies(env: Record<string, string | undefined> = process.env): string[] {
  return trustedProxies(env).filter((e) => !isAddressOrRange(e));
}

// ─── the instance ──────────────────────────────────────────────────────────────

export interface AuthSetup {
  prisma: PrismaClient;
  provider: 'sqlite' | 'postgresql';
  /** The environment read: BASE_URL/PORT, AUTH_SECRET, CURVATURE_RATE_LIMIT, CURVATURE_TRUSTED_PROXIES. */
  env?: Record<string, string | undefined>;
  /** Where address confirmations (and unlock links) go; by default the process's mailer. */
  mailer?: Mailer;
}

/**
 * A better-auth instance on `prisma`. The web app uses getAuth(); tests build several on
 * one database to stand for several app instances.
 */
export function createAuth({ prisma, provider, env = process.env, mailer }: AuthSetup) {
  const mail = () => mailer ?? getMailer();
  const url = baseUrl(env);
  const local = new URL(url);
  const trusted = [url];
  if (local.hostname === 'localhost') trusted.push(url.replace('localhost', '127.0.0.1'));
  const proxies = trustedProxies(env);
  const signInPath = '/sign-in/email';
  const limitsOn = env.CURVATURE_RATE_LIMIT !== 'off';
  const auth = betterAuth({
    appName: 'Curvature',
    baseURL: url,
    secret: authSecret(env),
    trustedOrigins: trusted,
    telemetry: { enabled: false },
    database: prismaAdapter(prisma, { provider }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      autoSignIn: true,
      password: {
        hash: hashPassword,
        verify: async ({ hash, password }) => {
          const ok = await verifyPassword({ hash, password });
          if (ok && needsRehash(hash)) await upgradeHash(prisma, hash, password);
          return ok;
        },
      },
    },
    session: { cookieCache: { enabled: true, maxAge: 60 } },
    // GET /api/auth/lti/continue: the one-time ticket of a verified LTI launch → a session.
    plugins: [ltiSignIn(prisma)],
    user: {
      additionalFields: {
        // Nobody chooses their own role: sign-up always makes a student.
        role: { type: 'string', defaultValue: 'student', input: false },
      },
    },
    // The client address is the one X-Forwarded-For names. Without trusted proxies this is
    // better-auth's rule: a header holding exactly one address (Next.js fills it from the
    // connection when the client sent none); a longer chain counts as unknown. With
    // CURVATURE_TRUSTED_PROXIES the chain is read from the right, skipping those proxies.
    advanced: proxies.length ? { ipAddress: { ipAddressHeaders: ['x-forwarded-for'], trustedProxies: proxies } } : undefined,
    rateLimit: {
      enabled: limitsOn,
      customStorage: { consume: (key, rule) => consumeLimit(prisma, key, rule) },
      window: 60,
      max: 600,
      customRules: {
        [signInPath]: SIGN_IN_PER_ADDRESS,
        '/sign-up/email': SIGN_IN_PER_ADDRESS,
        // Every page's user menu asks for the session: it reads a signed cookie and costs no
        // hash, so a database write per page view to count it would cost more than it saves.
        '/get-session': false,
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // Revoking one session: better-auth answers { status: true } whatever the token. Say
        // false when it names no session of the signed-in user (nothing would be revoked).
        if (ctx.path === '/revoke-session') {
          const token = (ctx.body as { token?: unknown } | undefined)?.token;
          const current = await getSessionFromCtx(ctx);
          if (current && (typeof token !== 'string' || !(await prisma.session.findFirst({ where: { token, userId: current.user.id }, select: { id: true } })))) {
            return { status: false };
          }
          return;
        }
        // A changed password ends every other session of the account, whatever the caller
        // asked: whoever knew the old password must not stay signed in with it. The caller
        // gets a fresh session (better-auth's revokeOtherSessions).
        if (ctx.path === '/change-password') {
          return { context: { body: { ...(ctx.body as object), revokeOtherSessions: true } } };
        }
        if (ctx.path !== signInPath) return;
        const email = (ctx.body as { email?: unknown } | undefined)?.email;
        if (typeof email !== 'string' || !email) return;
        if (limitsOn) {
          const key = signInPairKey(email, clientAddress(ctx));
          const { allowed, retryAfter } = await consumeSignInTry(prisma, key);
          if (!allowed) {
            const wait = retryAfter ?? 1;
            await offerUnlock(prisma, mail(), email, url);
            throw new APIError(
              'TOO_MANY_REQUESTS',
              {
                message: `Too many failed sign-ins for this account from your address. Try again in ${wait < 60 ? `${wait} second${wait === 1 ? '' : 's'}` : `${Math.ceil(wait / 60)} minutes`}, or open the unlock link we e-mailed to the account’s address.`,
              },
              { 'X-Retry-After': String(wait) },
            );
          }
        }
        // One session per student during a quiz or exam that asks for it (server/exam-sessions.ts).
        const refusal = await signInRefusal(prisma, email, (ctx.body as { password?: unknown }).password, clientAddress(ctx));
        if (refusal) throw new APIError('FORBIDDEN', { message: refusal, code: 'OTHER_SESSION' });
      }),
      after: createAuthMiddleware(async (ctx) => {
        // Sign-out everywhere: better-auth deletes the rows; the epoch also refuses at once any
        // copy of a session made before now.
        if (ctx.path === '/revoke-sessions' && ctx.context.session && !isAPIError(ctx.context.returned)) {
          await revokeAllSessions(prisma, ctx.context.session.user.id);
        }
        // Courses this address was invited to (roster import) are joined at sign-up and at
        // every sign-in, so accounts made by the admin CLI are covered too. A failure never
        // blocks signing in; the next sign-in tries again.
        const created = ctx.context.newSession;
        if (created && (ctx.path === signInPath || ctx.path === '/sign-up/email') && !isAPIError(ctx.context.returned)) {
          try {
            await claimInvitations(prisma, created.user);
          } catch (err) {
            console.error(`curvature: claiming course invitations for ${created.user.email} failed:`, err);
          }
        }
        // A new account is sent a link to confirm its address (instructor invitations wait
        // for it). A mail failure is logged; the dashboard offers to send it again.
        if (created && ctx.path === '/sign-up/email' && !isAPIError(ctx.context.returned)) {
          try {
            await mailVerificationLink(prisma, mail(), created.user, url);
          } catch (err) {
            console.error(`curvature: could not mail the address confirmation to ${created.user.email}:`, err instanceof Error ? err.message : err);
          }
        }
        // A sign-in while a quiz or exam sitting is open: bound to it after a reset, or logged as a second session.
        if (created && ctx.path === signInPath && !isAPIError(ctx.context.returned)) {
          try {
            await recordSignIn(prisma, created.user.id, created.session.id, clientAddress(ctx));
          } catch (err) {
            console.error('curvature: could not record a sign-in in the audit log:', err instanceof Error ? err.message : err);
          }
        }
        if (ctx.path !== signInPath || !limitsOn) return;
        const email = (ctx.body as { email?: unknown } | undefined)?.email;
        if (typeof email === 'string' && ctx.context.newSession && !isAPIError(ctx.context.returned)) await clearSignInTries(prisma, signInPairKey(email, clientAddress(ctx)));
      }),
    },
  });
  prismaOf.set(auth, prisma);
  return auth;
}

/** The client address of a request, read as better-auth's own rate limit reads it (X-Forwarded-For, trusted proxies). */
function clientAddress(ctx: { request?: Request; headers?: Headers; context: { options: Parameters<typeof getIP>[1] } }): string | null {
  const source = ctx.request ?? ctx.headers;
  return source ? getIP(source, ctx.context.options) : null;
}

/**
 * Mails an account's owner a link that clears its sign-in delays (server/mail-tokens.ts, 1 h),
 * at most once per 15 minutes per account so that nobody can flood the mailbox. Nothing
 * happens for an address without an account, and nothing tells the caller which it was.
 */
async function offerUnlock(prisma: PrismaClient, mailer: Mailer, email: string, base: string): Promise<void> {
  try {
    const address = normaliseEmail(email);
    const user = await prisma.user.findUnique({ where: { email: address }, select: { id: true } });
    if (!user) return;
    const recent = await prisma.mailToken.count({ where: { purpose: 'unlock', email: address, createdAt: { gt: new Date(Date.now() - 15 * 60_000) } } });
    if (recent > 0) return;
    const token = await issueToken(prisma, { purpose: 'unlock', email: address, userId: user.id });
    await mailer.send({
      to: address,
      subject: 'Signing in to Curvature was slowed down',
      text: [
        'Someone — perhaps you — tried to sign in to your Curvature account with a wrong password many times, so sign-in from that address now waits between tries.',
        '',
        'If it was you, open this link to sign in again without waiting:',
        `${base}/unlock?token=${token}`,
        '',
        'The link works once and expires in an hour. If it was not you, your account is safe as long as your password is not known; consider changing it.',
      ].join('\n'),
    });
  } catch (err) {
    console.error('curvature: could not mail a sign-in unlock link:', err instanceof Error ? err.message : err);
  }
}

/** Uses an unlock link: clears every sign-in delay of its account. False when the link no longer works. */
export async function redeemUnlockLink(prisma: PrismaClient, token: string): Promise<boolean> {
  const spent = await spendToken(prisma, 'unlock', token);
  if (!spent) return false;
  await unlockSignIn(prisma, spent.email);
  return true;
}

export type Auth = ReturnType<typeof createAuth>;

/** The database each auth instance runs on (sessionUser reads the live session row there). */
const prismaOf = new WeakMap<object, PrismaClient>();

/**
 * Signs a user out everywhere, on the next request of every device and instance: every
 * session that began before now is refused (the revocation epoch, checked by sessionUser
 * against the session's start, cookie cache or not) and the session rows are deleted. For
 * sign-out everywhere, a password reset and a change of site role.
 */
export async function revokeAllSessions(prisma: PrismaClient, userId: string, now = new Date()): Promise<void> {
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { sessionsValidFrom: now } }),
    prisma.session.deleteMany({ where: { userId, createdAt: { lte: now } } }),
  ]);
}

/** Gives a user another site role; their sessions end at once (they sign in again with the new role). */
export async function setSiteRole(prisma: PrismaClient, userId: string, role: Role): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { role } });
  await revokeAllSessions(prisma, userId);
}
let instance: Auth | undefined;

/** The process's auth instance, created on first use from DATABASE_URL and the environment. */
export function getAuth(): Auth {
  instance ??= createAuth({ prisma: getPrisma(), provider: resolveDatabase().provider });
  return instance;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The session the request came with (the Session row's id; server/exam-sessions.ts binds a sitting to one). */
  sessionId?: string;
}

type CookieCache = NonNullable<Awaited<ReturnType<typeof getCookieCache>>>;

/**
 * Cookie caches already verified, per auth instance, by session token and signed text, with
 * the moment they stop being valid. Verifying one (an HMAC through WebCrypto) is most of a
 * session check's CPU (150 µs of 160), and a student sends the very same cookie with each
 * request for up to a minute. The same text verifies the same way every time, so remembering
 * the result changes only the cost: the expiry is still checked on every request. At most
 * MAX_VERIFIED entries; the oldest goes first.
 */
const verifiedBy = new WeakMap<Auth, Map<string, { cache: CookieCache; validUntil: number }>>();
const MAX_VERIFIED = 10_000;

/** When a compact cookie cache expires (ms since 1970), read from its payload; NaN if unreadable. */
function cookieCacheExpiry(value: string): number {
  try {
    const expiresAt = (JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { expiresAt?: unknown }).expiresAt;
    return typeof expiresAt === 'number' ? expiresAt : NaN;
  } catch {
    return NaN;
  }
}

/**
 * The session in the request's cookie cache — better-auth's signed copy of the session and
 * user, at most 60 s old — verified with better-auth's own getCookieCache, or null when there
 * is none, it is stale or forged, or it belongs to another session than the session cookie.
 */
async function cachedSession(auth: Auth, headers: Headers): Promise<CookieCache | null> {
  const cookie = headers.get('cookie');
  if (!cookie) return null;
  const ctx = await auth.$context;
  const cookies = parseCookies(cookie);
  const token = cookies.get(ctx.authCookies.sessionToken.name);
  if (!token) return null;
  const data = cookies.get(ctx.authCookies.sessionData.name); // undefined when sent in chunks
  const key = data === undefined ? null : `${token}\n${data}`;
  let verified = verifiedBy.get(auth);
  if (!verified) verifiedBy.set(auth, (verified = new Map()));
  const known = key === null ? undefined : verified.get(key);
  if (known) {
    if (known.validUntil > Date.now()) return known.cache;
    verified.delete(key!);
    return null;
  }
  const cached = await getCookieCache(headers, { secret: ctx.secret, isSecure: ctx.authCookies.sessionData.name.startsWith('__Secure-') });
  // The session cookie is "<token>.<signature>"; the cache must be of that very session.
  if (!cached || token.slice(0, token.lastIndexOf('.')) !== cached.session.token) return null;
  const validUntil = Math.min(cookieCacheExpiry(data ?? ''), new Date(cached.session.expiresAt).getTime());
  if (key !== null && Number.isFinite(validUntil)) {
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value as string);
    verified.set(key, { cache: cached, validUntil });
  }
  return cached;
}

/**
 * The signed-in user of a request on `auth`, or null. Every server action and API route asks
 * this, so it first reads the session cookie cache directly (about a quarter of the CPU of
 * better-auth's getSession endpoint, which also verifies the session cookie's signature and
 * runs its endpoint machinery; about 10 µs when the same cache was verified before); without
 * a usable cache it asks getSession, which looks the session up in the database.
 *
 * Either way one indexed read of the live session row and its user follows, so that
 * revocation bites on the very next request on every instance: a signed-out session (row
 * gone), an expired one, and one that began before the user's revocation epoch
 * (User.sessionsValidFrom: sign-out everywhere, password reset, role change) are refused,
 * and the role is the one in the database now, never a cached copy.
 */
export async function sessionUser(auth: Auth, headers: Headers): Promise<SessionUser | null> {
  const session = (await cachedSession(auth, headers)) ?? (await auth.api.getSession({ headers }));
  if (!session) return null;
  const prisma = prismaOf.get(auth);
  if (!prisma) return null;
  const live = await prisma.session.findUnique({
    where: { token: session.session.token },
    select: { id: true, createdAt: true, expiresAt: true, user: { select: { id: true, email: true, name: true, role: true, sessionsValidFrom: true } } },
  });
  if (!live || live.expiresAt.getTime() <= Date.now()) return null;
  const epoch = live.user.sessionsValidFrom;
  if (epoch && live.createdAt.getTime() < epoch.getTime()) return null;
  const u = live.user;
  const role = (ROLES as readonly string[]).includes(u.role) ? (u.role as Role) : 'student';
  return { id: u.id, email: u.email, name: u.name, role, sessionId: live.id };
}

/** The signed-in user of a request, or null. */
export function currentUser(headers: Headers): Promise<SessionUser | null> {
  return sessionUser(getAuth(), headers);
}
