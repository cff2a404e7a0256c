/**
 * Single-use links sent by mail: confirm an address, accept a course invitation, unlock
 * sign-in. A token is 32 random bytes (base64url) that appears only in the message; the
 * database keeps its SHA-256, so a copy of the database opens nothing. Using a token marks
 * it used in the same statement that checks it is unused and unexpired, so two clicks (or
 * two instances) can never both use one.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@/server/db/client';
import { normaliseEmail } from '@/server/roles';

export type TokenPurpose = 'verify-email' | 'invitation' | 'unlock';

/** How long each kind of link works. */
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  'verify-email': 24 * 60 * 60_000,
  invitation: 14 * 24 * 60 * 60_000,
  unlock: 60 * 60_000,
};

/** The stored form of a token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Makes a token for `purpose` and stores its hash; returns the token (to put in a link). */
export async function issueToken(
  prisma: PrismaClient,
  t: { purpose: TokenPurpose; email: string; userId?: string; invitationId?: string },
  now = Date.now(),
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await prisma.mailToken.create({
    data: {
      purpose: t.purpose,
      hash: tokenHash(token),
      email: normaliseEmail(t.email),
      userId: t.userId ?? null,
      invitationId: t.invitationId ?? null,
      expiresAt: new Date(now + TOKEN_LIFETIME_MS[t.purpose]),
    },
  });
  return token;
}

/** What a token stands for. */
export interface TokenRecord {
  id: string;
  email: string;
  userId: string | null;
  invitationId: string | null;
}

const RECORD = { id: true, email: true, userId: true, invitationId: true } as const;

/** A token that is well formed, unused and unexpired, without using it; null otherwise. */
export async function peekToken(prisma: PrismaClient, purpose: TokenPurpose, token: string, now = Date.now()): Promise<TokenRecord | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return prisma.mailToken.findFirst({ where: { hash: tokenHash(token), purpose, usedAt: null, expiresAt: { gt: new Date(now) } }, select: RECORD });
}

/** Uses a token: what it stands for, or null when it is unknown, used already or expired. */
export async function spendToken(prisma: PrismaClient, purpose: TokenPurpose, token: string, now = Date.now()): Promise<TokenRecord | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const hash = tokenHash(token);
  const { count } = await prisma.mailToken.updateMany({ where: { hash, purpose, usedAt: null, expiresAt: { gt: new Date(now) } }, data: { usedAt: new Date(now) } });
  if (count !== 1) return null;
  return prisma.mailToken.findUnique({ where: { hash }, select: RECORD });
}
