/**
 * LMS platforms registered with Curvature: what an admin enters (by the admin page or
 * `npm run admin -- lti add-platform …`), checked with zod, and the values the LMS asks for
 * in return (toolConfig). One issuer may hold several registrations (client ids).
 */
import { z } from 'zod';
import type { PrismaClient } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import { setFramingOrigins } from '@/server/security-headers';

const httpUrl = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'https:' || u.protocol === 'http:';
      } catch {
        return false;
      }
    }, `${what} must be an http(s) URL`);

/** A platform registration as an admin enters it. */
export const PlatformInput = z.object({
  name: z.string().trim().min(1, 'name is required').max(200, 'name is too long (200 characters at most)'),
  issuer: httpUrl('issuer'),
  clientId: z.string({ error: 'client id is required' }).trim().min(1, 'client id is required').max(500, 'client id is too long'),
  authUrl: httpUrl('authorisation (OIDC auth) URL'),
  tokenUrl: httpUrl('access token URL'),
  jwksUrl: httpUrl('keyset (JWKS) URL'),
  deployments: z.array(z.string().trim().min(1).max(500)).min(1, 'at least one deployment id is required'),
});
export type PlatformInput = z.infer<typeof PlatformInput>;

/** Validation problems, one readable line each ("issuer: issuer must be an http(s) URL"). */
export function platformProblems(input: unknown): string[] {
  const parsed = PlatformInput.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

export class PlatformError extends Error {}

/**
 * Registers a platform, or adds deployment ids and updates the URLs of the one with the
 * same issuer and client id. Returns its id and whether it was new.
 */
export async function registerPlatform(prisma: PrismaClient, input: unknown): Promise<{ id: string; created: boolean }> {
  const parsed = PlatformInput.safeParse(input);
  if (!parsed.success) throw new PlatformError(platformProblems(input).join('; '));
  const { deployments, ...fields } = parsed.data;
  const existing = await prisma.ltiPlatform.findUnique({ where: { issuer_clientId: { issuer: fields.issuer, clientId: fields.clientId } } });
  const id = existing
    ? (await prisma.ltiPlatform.update({ where: { id: existing.id }, data: { ...fields, jwksCache: null, jwksFetchedAt: null } })).id
    : (await prisma.ltiPlatform.create({ data: fields })).id;
  for (const deploymentId of new Set(deployments)) {
    try {
      await prisma.ltiDeployment.create({ data: { platformId: id, deploymentId } });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  await refreshFramingOrigins(prisma);
  return { id, created: !existing };
}

/** Every platform with its deployment ids, by name. */
export function listPlatforms(prisma: PrismaClient) {
  return prisma.ltiPlatform.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], include: { deployments: { orderBy: { deploymentId: 'asc' } } } });
}

/** Removes a platform and everything learnt from it (contexts, links, line items, queued scores). */
export async function removePlatform(prisma: PrismaClient, id: string): Promise<boolean> {
  const { count } = await prisma.ltiPlatform.deleteMany({ where: { id } });
  await refreshFramingOrigins(prisma);
  return count > 0;
}

/** What an LMS asks for when Curvature is added to it, for a tool served at `base`. */
export function toolConfig(base: string) {
  return {
    loginUrl: `${base}/api/lti/login`,
    redirectUrl: `${base}/api/lti/launch`,
    targetLinkUri: `${base}/api/lti/launch`,
    deepLinkingUrl: `${base}/api/lti/launch`,
    jwksUrl: `${base}/api/lti/jwks`,
    domain: new URL(base).host,
  };
}

/** Origins of the registered platforms (their issuers' and auth URLs'), for frame-ancestors. */
export async function platformOrigins(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.ltiPlatform.findMany({ select: { issuer: true, authUrl: true } });
  const origins = new Set<string>();
  for (const r of rows) for (const u of [r.issuer, r.authUrl]) origins.add(new URL(u).origin);
  return [...origins].sort();
}

/**
 * Lets the registered platforms frame Curvature (frame-ancestors of server/security-headers.ts),
 * in this process. Called at start-up, every 15 s (another instance or the admin command may have registered
 * one) and after each registration here.
 */
export async function refreshFramingOrigins(prisma: PrismaClient): Promise<void> {
  setFramingOrigins(await platformOrigins(prisma));
}
