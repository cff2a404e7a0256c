/**
 * Assignment and Grade Services 2.0 (and the OAuth 2 token NRPS uses too): the tool asks the
 * platform's token endpoint for a bearer token with a client assertion (a JWT signed with the
 * tool's key, RFC 7523), cached until shortly before it expires; line items are found (by
 * resource_id) or made at the platform, so a retry after a lost reply never makes a second
 * one; pending scores of the outbox (server/lti/outbox.ts) are posted with retries and backoff.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { PrismaClient } from '@/server/db/client';
import { signingKey } from './keys';

export const SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  memberships: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

/** Tries before a score is marked failed (an instructor can resend it). */
export const MAX_TRIES = 8;

/** Wait before try n + 1 after n failures: 30 s, 1, 2, 4 … minutes, at most an hour. */
export function backoffMs(tries: number): number {
  return Math.min(3600_000, 30_000 * 2 ** Math.max(0, tries - 1));
}

/** A problem talking to the platform, with its status and message. */
export class PlatformServiceError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

interface Deps {
  secret: string;
  now?: Date;
}

type Platform = { id: string; clientId: string; tokenUrl: string };

const tokens = new Map<string, { token: string; expiresAt: number }>();

/** Forgets cached tokens (a process restart, in tests). */
export function forgetTokens(): void {
  tokens.clear();
}

/** A text of at most 300 characters saying what the platform answered. */
async function answerOf(res: Response): Promise<string> {
  const text = (await res.text().catch(() => '')).trim().replace(/\s+/g, ' ');
  return `HTTP ${res.status}${text ? `: ${text.slice(0, 300)}` : ''}`;
}

/** fetch, with a time limit and network failures as PlatformServiceError. */
async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    throw new PlatformServiceError(`could not reach ${new URL(url).host}: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`, null);
  }
}

/** A bearer token for `scopes` at `platform` (cached until 30 s before it expires). */
export async function serviceToken(prisma: PrismaClient, platform: Platform, scopes: string[], deps: Deps): Promise<string> {
  const key = `${platform.id}\n${[...scopes].sort().join(' ')}`;
  const now = (deps.now ?? new Date()).getTime();
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > now) return cached.token;
  const { kid, key: privateKey } = await signingKey(prisma, deps.secret);
  const seconds = Math.floor(now / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenUrl)
    .setIssuedAt(seconds)
    .setExpirationTime(seconds + 300)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(privateKey);
  const res = await call(platform.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: scopes.join(' '),
    }),
  });
  if (!res.ok) throw new PlatformServiceError(`the LMS refused a token: ${await answerOf(res)}`, res.status);
  const body = (await res.json()) as { access_token?: string; expires_in?: number };
  if (!body.access_token) throw new PlatformServiceError('the LMS answered the token request without access_token', res.status);
  tokens.set(key, { token: body.access_token, expiresAt: now + Math.max(0, (body.expires_in ?? 3600) - 30) * 1000 });
  return body.access_token;
}

/**
 * The platform URL of a line item: the stored one, else one of the context's line items with
 * this resource_id, else a new one (stored at once, so it is made only once).
 */
async function lineItemUrl(prisma: PrismaClient, item: { id: string; url: string | null; resourceId: string; label: string; scoreMaximum: number }, lineItemsUrl: string | null, token: string): Promise<string> {
  if (item.url) return item.url;
  if (!lineItemsUrl) throw new PlatformServiceError('the LMS gave no line items URL for this course (turn on Assignment and Grade Services for the tool)', null);
  const auth = { authorization: `Bearer ${token}` };
  const search = new URL(lineItemsUrl);
  search.searchParams.set('resource_id', item.resourceId);
  const found = await call(search.toString(), { headers: { ...auth, accept: 'application/vnd.ims.lis.v2.lineitemcontainer+json' } });
  if (!found.ok) throw new PlatformServiceError(`the LMS did not list its line items: ${await answerOf(found)}`, found.status);
  const list = (await found.json()) as { id?: string; resourceId?: string }[];
  let url = Array.isArray(list) ? list.find((l) => l.resourceId === item.resourceId)?.id : undefined;
  if (!url) {
    const made = await call(lineItemsUrl, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/vnd.ims.lis.v2.lineitem+json', accept: 'application/vnd.ims.lis.v2.lineitem+json' },
      body: JSON.stringify({ label: item.label, scoreMaximum: item.scoreMaximum, resourceId: item.resourceId, tag: 'curvature' }),
    });
    if (!made.ok) throw new PlatformServiceError(`the LMS did not make the line item: ${await answerOf(made)}`, made.status);
    url = ((await made.json()) as { id?: string }).id;
    if (!url) throw new PlatformServiceError('the LMS made a line item without an id', made.status);
  }
  await prisma.ltiLineItem.update({ where: { id: item.id }, data: { url } });
  return url;
}

/** The scores URL of a line item URL (its path + "/scores", keeping its query). */
export function scoresUrl(lineItem: string): string {
  const u = new URL(lineItem);
  u.pathname = `${u.pathname.replace(/\/$/, '')}/scores`;
  return u.toString();
}

/** What one delivery round did. */
export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Posts every pending score whose time has come (at most `limit`). A row is claimed first
 * (its next try moved 2 minutes on, only if no other sender claimed it), so two app instances
 * never post the same row at once. A failure keeps the row pending with the platform's
 * message and a later next try (backoffMs), and marks it failed after MAX_TRIES or when the
 * platform refuses it outright (HTTP 400, 403, 404, 422). A row whose score changed while it
 * was being sent stays pending for the newer score.
 */
export async function deliverScores(prisma: PrismaClient, deps: Deps, limit = 100): Promise<DeliveryReport> {
  const now = deps.now ?? new Date();
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  const due = await prisma.ltiScore.findMany({
    where: { status: 'pending', nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: 'asc' },
    take: limit,
    include: { lineItem: { include: { context: { select: { lineItemsUrl: true, platform: { select: { id: true, clientId: true, tokenUrl: true } } } } } } },
  });
  for (const row of due) {
    const claimed = await prisma.ltiScore.updateMany({ where: { id: row.id, status: 'pending', nextAttemptAt: row.nextAttemptAt, updatedAt: row.updatedAt }, data: { nextAttemptAt: new Date(now.getTime() + 120_000) } });
    if (claimed.count !== 1) continue;
    const claimedRow = await prisma.ltiScore.findUniqueOrThrow({ where: { id: row.id }, select: { updatedAt: true } });
    const { lineItem } = row;
    try {
      const token = await serviceToken(prisma, lineItem.context.platform, [SCOPE.lineItem, SCOPE.score], deps);
      const url = await lineItemUrl(prisma, lineItem, lineItem.context.lineItemsUrl, token);
      const res = await call(scoresUrl(url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
        body: JSON.stringify({
          userId: row.sub,
          scoreGiven: row.score * lineItem.scoreMaximum,
          scoreMaximum: lineItem.scoreMaximum,
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
          timestamp: row.gradedAt.toISOString(),
        }),
      });
      if (!res.ok) throw new PlatformServiceError(`the LMS refused the score: ${await answerOf(res)}`, res.status);
      const done = await prisma.ltiScore.updateMany({
        where: { id: row.id, updatedAt: claimedRow.updatedAt },
        data: { status: 'sent', sentScore: row.score, sentAt: now, tries: 0, lastError: null },
      });
      if (done.count === 1) report.sent++;
      else await prisma.ltiScore.updateMany({ where: { id: row.id, status: 'pending' }, data: { sentScore: row.score, sentAt: now } });
    } catch (err) {
      if (!(err instanceof PlatformServiceError)) console.error('lti: sending a score failed:', err);
      const message = err instanceof Error ? err.message : String(err);
      const tries = row.tries + 1;
      const final = tries >= MAX_TRIES || (err instanceof PlatformServiceError && [400, 403, 404, 422].includes(err.status ?? 0));
      const updated = await prisma.ltiScore.updateMany({
        where: { id: row.id, updatedAt: claimedRow.updatedAt },
        data: { status: final ? 'failed' : 'pending', tries, lastError: message.slice(0, 500), nextAttemptAt: new Date(now.getTime() + backoffMs(tries)) },
      });
      if (updated.count === 1) {
        if (final) report.failed++;
        else report.retrying++;
        console.warn(`lti: score for ${row.sub} ${final ? 'failed' : `not sent (try ${tries})`}: ${message}`);
      }
    }
  }
  return report;
}

/** Sends a score again at once (failed, pending or sent). Returns whether the row was this course's. */
export async function resendScore(prisma: PrismaClient, courseId: string, scoreId: string, now = new Date()): Promise<boolean> {
  const { count } = await prisma.ltiScore.updateMany({
    where: { id: scoreId, lineItem: { context: { courseId } } },
    data: { status: 'pending', tries: 0, nextAttemptAt: now },
  });
  return count === 1;
}
