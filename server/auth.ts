/**
 * Sign-in for Curvature: better-auth with email + password, sessions in the database.
 *
 * The instance is created on first use, not at import: `next build` imports every route
 * module and must not open the database.
 */
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getPrisma } from '@/server/db/client';
import { resolveDatabase } from '@/server/db/config';

export const ROLES = ['student', 'instructor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The public URL the app is served at; better-auth rejects requests from other origins. */
export function baseUrl(env = process.env): string {
  return (env.BASE_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/$/, '');
}

/** Shortest AUTH_SECRET accepted in production (32 characters ≈ 190 bits from base64). */
export const MIN_AUTH_SECRET_LENGTH = 32;

/**
 * What is missing or wrong in the environment for a production start, one sentence per
 * problem saying how to fix it (empty when all is well): AUTH_SECRET must be set and at
 * least 32 characters, BASE_URL must be an http(s) URL without a path, PORT (optional)
 * must be a port number.
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
  return problems;
}

/**
 * AUTH_SECRET signs session cookies. Without one (a local demo), a random secret is made
 * once and kept beside the SQLite database so sessions survive restarts.
 */
export function authSecret(env = process.env): string {
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

function createAuth() {
  const prisma = getPrisma();
  const provider = resolveDatabase().provider;
  const url = baseUrl();
  const local = new URL(url);
  const trusted = [url];
  if (local.hostname === 'localhost') trusted.push(url.replace('localhost', '127.0.0.1'));
  return betterAuth({
    appName: 'Curvature',
    baseURL: url,
    secret: authSecret(),
    trustedOrigins: trusted,
    telemetry: { enabled: false },
    database: prismaAdapter(prisma, { provider: provider === 'sqlite' ? 'sqlite' : 'postgresql' }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
    session: { cookieCache: { enabled: true, maxAge: 60 } },
    user: {
      additionalFields: {
        // Nobody chooses their own role: sign-up always makes a student.
        role: { type: 'string', defaultValue: 'student', input: false },
      },
    },
    rateLimit: {
      enabled: process.env.CURVATURE_RATE_LIMIT !== 'off',
      window: 60,
      max: 200,
      customRules: {
        '/sign-in/email': { window: 60, max: 10 },
        '/sign-up/email': { window: 60, max: 10 },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
let instance: Auth | undefined;

/** The process's auth instance, created on first use. */
export function getAuth(): Auth {
  instance ??= createAuth();
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
