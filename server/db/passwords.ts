/**
 * Password hashes: argon2id for every new hash, better-auth's older scrypt hashes still
 * verified. The web app (server/auth.ts), the admin CLI and the demo seed all hash through
 * here. It sits in server/db because the seed, the bottom of server/, writes credentials.
 */
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { verifyPassword as verifyScrypt } from 'better-auth/crypto';

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

