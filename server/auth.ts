/**
 * Sign-in for Curvature: better-auth with email + password, sessions in the database.
 *
 * Passwords are hashed with argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane);
 * accounts made earlier with better-auth's default scrypt still sign in and are re-hashed
 * to argon2id when they do. Rate limits are kept in the database (the `rateLimit` table),
 * so every app instance on one database sees the same counts: a per-client-address limit
 * on sign-in and sign-up wide enough for a lecture hall behind one NAT address, and a
 * per-account limit on sign-in attempts that slows anyone guessing one account's password.
 *
 * The instance is created on first use, not at import: `next build` imports every route
 * module and must not open the database.
 */
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { verifyPassword as verifyScrypt } from 'better-auth/crypto';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { getPrisma, type PrismaClient } from '@/server/db/client';
import { resolveDatabase } from '@/server/db/config';

export const ROLES = ['student', 'instructor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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
 * must be a port number, CURVATURE_TRUSTED_PROXIES (optional) must list addresses.
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
  return problems;
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
 * argon2id with OWASP's minimum settings: m = 19456 KiB (19 MiB), t = 2 passes,
 * p = 1 lane. `algorithm: 2` is @node-rs/argon2's Algorithm.Argon2id (a const enum, which
 * isolated-module builds cannot read).
 */
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** How every hash made with ARGON2_OPTIONS begins (PHC string format, argon2 version 0x13). */
const CURRENT_HASH_PREFIX = `$argon2id$v=19$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}$`;

/**
 * An argon2id hash of `password` in PHC format (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`)
 * with a fresh 16-byte salt. Runs on libuv's thread pool, not the event loop. The web app,
 * the admin CLI and the demo seed must all hash through this function.
 */
export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2_OPTIONS);
}

/**
 * Whether `password` matches `hash`: an argon2 PHC string (any parameters), or the
 * `salt:key` hex form better-auth's default scrypt wrote (checked with better-auth's own
 * verifier). An empty or unknown format never matches.
 */
export async function verifyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  if (hash.startsWith('$argon2')) {
    try {
      return await argon2Verify(hash, password);
    } catch {
      return false; // a damaged PHC string
    }
  }
  if (/^[0-9a-f]+:[0-9a-f]+$/i.test(hash)) return verifyScrypt({ hash, password });
  return false;
}

/** Whether a stored hash was made by anything but hashPassword's current settings. */
export function needsRehash(hash: string): boolean {
  return !hash.startsWith(CURRENT_HASH_PREFIX);
}

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
 * Sign-in attempts allowed per account (by email) in 15 minutes; a successful sign-in
 * starts the count again. Ten wrong guesses lock that account's sign-in for 15 minutes
 * after the last one, whatever addresses they came from: about 960 guesses a day instead
 * of the thousands a second the hardware could try.
 */
export const SIGN_IN_PER_ACCOUNT = { window: 15 * 60, max: 10 } as const;

/** Key of an account's sign-in counter in the rateLimit table (better-auth's keys are "<address>|<path>"). */
export function accountLimitKey(email: string): string {
  return `account|${email.trim().toLowerCase()}`;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}

/**
 * Counts one sign-in attempt against the account's limit, atomically in the database so
 * that all app instances share it. Returns false (nothing counted) when the account
 * already used SIGN_IN_PER_ACCOUNT.max attempts within the window.
 */
export async function takeAccountAttempt(prisma: PrismaClient, email: string, now = Date.now()): Promise<boolean> {
  const key = accountLimitKey(email);
  const windowStart = BigInt(now - SIGN_IN_PER_ACCOUNT.window * 1000);
  for (let tries = 0; tries < 3; tries++) {
    // Inside the window and under the limit: one more.
    const counted = await prisma.rateLimit.updateMany({
      where: { key, lastRequest: { gt: windowStart }, count: { lt: SIGN_IN_PER_ACCOUNT.max } },
      data: { count: { increment: 1 }, lastRequest: BigInt(now) },
    });
    if (counted.count) return true;
    // The window has passed: start again at one.
    const restarted = await prisma.rateLimit.updateMany({
      where: { key, lastRequest: { lte: windowStart } },
      data: { count: 1, lastRequest: BigInt(now) },
    });
    if (restarted.count) return true;
    // No counter yet.
    if (!(await prisma.rateLimit.findUnique({ where: { key }, select: { id: true } }))) {
      try {
        await prisma.rateLimit.create({ data: { id: randomUUID(), key, count: 1, lastRequest: BigInt(now) } });
        return true;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        continue; // another request made it a moment ago: count against it
      }
    }
    return false; // in the window and at the limit
  }
  return false;
}

/** Forgets an account's sign-in attempts (after a successful sign-in). */
export async function clearAccountAttempts(prisma: PrismaClient, email: string): Promise<void> {
  await prisma.rateLimit.deleteMany({ where: { key: accountLimitKey(email) } });
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
}

/**
 * A better-auth instance on `prisma`. The web app uses getAuth(); tests build several on
 * one database to stand for several app instances.
 */
export function createAuth({ prisma, provider, env = process.env }: AuthSetup) {
  const url = baseUrl(env);
  const local = new URL(url);
  const trusted = [url];
  if (local.hostname === 'localhost') trusted.push(url.replace('localhost', '127.0.0.1'));
  const proxies = trustedProxies(env);
  const signInPath = '/sign-in/email';
  return betterAuth({
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
      enabled: env.CURVATURE_RATE_LIMIT !== 'off',
      storage: 'database',
      window: 60,
      max: 600,
      customRules: {
        [signInPath]: SIGN_IN_PER_ADDRESS,
        '/sign-up/email': SIGN_IN_PER_ADDRESS,
        // Every page's user menu asks for the session: it reads a signed cookie and costs no
        // hash, so a database write per page view to count it would cost more than it saves.
        '/get-session': false,
        // Never a route: better-auth prunes rateLimit rows older than its longest configured
        // window, and this keeps the per-account counters for their whole 15 minutes.
        '/curvature-account-limit': SIGN_IN_PER_ACCOUNT,
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== signInPath || env.CURVATURE_RATE_LIMIT === 'off') return;
        const email = (ctx.body as { email?: unknown } | undefined)?.email;
        if (typeof email !== 'string' || !email) return;
        if (!(await takeAccountAttempt(prisma, email))) {
          throw new APIError('TOO_MANY_REQUESTS', {
            message: `Too many sign-in attempts for this account. Try again in ${SIGN_IN_PER_ACCOUNT.window / 60} minutes.`,
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== signInPath || env.CURVATURE_RATE_LIMIT === 'off') return;
        const email = (ctx.body as { email?: unknown } | undefined)?.email;
        if (typeof email === 'string' && ctx.context.newSession && !isAPIError(ctx.context.returned)) await clearAccountAttempts(prisma, email);
      }),
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
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
}

/** The signed-in user of a request, or null. */
export async function currentUser(headers: Headers): Promise<SessionUser | null> {
  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  const u = session.user as typeof session.user & { role?: string };
  const role = (ROLES as readonly string[]).includes(u.role ?? '') ? (u.role as Role) : 'student';
  return { id: u.id, email: u.email, name: u.name, role };
}
