/**
 * The tool's own signing keys: RS256 key pairs whose private halves are stored encrypted
 * (AES-256-GCM, with a key derived by HKDF-SHA-256 from AUTH_SECRET), published as a JWKS
 * (GET /api/lti/jwks) and used to sign client assertions (AGS, NRPS) and deep-linking
 * responses.
 *
 * Rotation: `rotateToolKey` makes a new key, which signs from then on; the key it replaces is
 * retired but stays in the JWKS for RETIRED_KEY_DAYS, so a platform that cached the JWKS, or
 * holds a message signed just before, still verifies it. A key is made on first use.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { PrismaClient } from '@/server/db/client';

/** Days a retired key stays in the JWKS. */
export const RETIRED_KEY_DAYS = 14;

/** The 32-byte key that encrypts stored private keys, derived from AUTH_SECRET. */
export function storageKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'curvature-lti', 'lti private key storage v1', 32));
}

/** AES-256-GCM of `plain` as "v1.<iv>.<tag>.<ciphertext>" (base64url). */
export function encryptSecret(secret: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', storageKey(secret), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** The text encryptSecret sealed; throws when it was sealed with another secret or altered. */
export function decryptSecret(secret: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not an encrypted LTI key (expected v1.<iv>.<tag>.<data>)');
  const decipher = createDecipheriv('aes-256-gcm', storageKey(secret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('the LTI signing key cannot be decrypted: AUTH_SECRET changed since it was made (rotate the key: npm run admin -- lti rotate-key)');
  }
}

/** A new RS256 key pair, stored (private half encrypted); it signs from now on. */
async function createKey(prisma: PrismaClient, secret: string, now: Date): Promise<{ kid: string; key: CryptoKey }> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const kid = randomUUID();
  const pub = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const priv = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  await prisma.ltiKey.create({ data: { id: kid, publicJwk: JSON.stringify(pub), privateJwk: encryptSecret(secret, JSON.stringify(priv)), createdAt: now } });
  return { kid, key: privateKey };
}

/** The key that signs: the newest unretired one (made now when there is none). */
export async function signingKey(prisma: PrismaClient, secret: string, now = new Date()): Promise<{ kid: string; key: CryptoKey }> {
  const row = await prisma.ltiKey.findFirst({ where: { retiredAt: null }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  if (!row) return createKey(prisma, secret, now);
  const jwk = JSON.parse(decryptSecret(secret, row.privateJwk)) as JWK;
  return { kid: row.id, key: (await importJWK(jwk, 'RS256')) as CryptoKey };
}

/** Retires every current key and makes a new one; returns the new key's id. */
export async function rotateToolKey(prisma: PrismaClient, secret: string, now = new Date()): Promise<string> {
  await prisma.ltiKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
  return (await createKey(prisma, secret, now)).kid;
}

/** The tool's public keys: current ones and those retired less than RETIRED_KEY_DAYS ago. */
export async function toolJwks(prisma: PrismaClient, secret: string, now = new Date()): Promise<{ keys: JWK[] }> {
  await signingKey(prisma, secret, now); // a fresh install publishes a key before it first signs
  const since = new Date(now.getTime() - RETIRED_KEY_DAYS * 86_400_000);
  const rows = await prisma.ltiKey.findMany({ where: { OR: [{ retiredAt: null }, { retiredAt: { gt: since } }] }, orderBy: { createdAt: 'desc' } });
  return { keys: rows.map((r) => JSON.parse(r.publicJwk) as JWK) };
}
