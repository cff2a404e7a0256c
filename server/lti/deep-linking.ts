/**
 * Deep Linking 2.0: an instructor launched with an LtiDeepLinkingRequest picks lessons or
 * exercises of the linked course (app/lti/deep-link/[id]); Curvature answers the platform with
 * a signed LtiDeepLinkingResponse (RS256, the tool's key; iss = our client id, aud = the
 * platform's issuer) holding one ltiResourceLink per choice — its custom parameters name the
 * lesson or exercise, its lineItem asks the platform for a gradebook column — and the
 * request's `data` echoed unaltered.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { settingsOf } from '@/lib/content';
import { getKind } from '@/lib/exercises';
import type { PrismaClient } from '@/server/db/client';
import { signingKey } from './keys';
import { CLAIM, LaunchError, type LaunchResult, type VerifiedLaunch } from './launch';

/** How long an instructor has to choose. */
const DEEP_LINK_TTL_MS = 60 * 60_000;

/** Stores a deep-linking request; returns the page where the instructor chooses. */
export async function startDeepLinking(prisma: PrismaClient, { platform, claims }: VerifiedLaunch, result: LaunchResult, now = new Date()): Promise<string> {
  const settings = claims[CLAIM.deepLinking]!;
  if (!settings.accept_types.includes('ltiResourceLink')) throw new LaunchError('deep-linking-types', 'The LMS does not accept LTI resource links from this tool (accept_types lacks ltiResourceLink).');
  const row = await prisma.ltiDeepLink.create({
    data: {
      platformId: platform.id,
      deploymentId: claims[CLAIM.deploymentId],
      contextRef: result.contextRef,
      userId: result.userId,
      returnUrl: settings.deep_link_return_url,
      data: settings.data ?? null,
      acceptMultiple: settings.accept_multiple !== false,
      expiresAt: new Date(now.getTime() + DEEP_LINK_TTL_MS),
      createdAt: now,
    },
  });
  return `/lti/deep-link/${row.id}`;
}

/** What an instructor may choose: the linked course's lessons, each with its exercises. */
export interface DeepLinkChoices {
  id: string;
  course: { slug: string; title: string };
  acceptMultiple: boolean;
  lessons: { slug: string; title: string; exercises: { key: string; title: string }[] }[];
}

/** The open deep-linking request `id` of `userId`, with what they may choose; null otherwise. */
export async function deepLinkChoices(prisma: PrismaClient, userId: string, id: string, now = new Date()): Promise<DeepLinkChoices | null> {
  const row = await prisma.ltiDeepLink.findUnique({ where: { id } });
  if (!row || row.userId !== userId || row.usedAt || row.expiresAt <= now) return null;
  const context = await prisma.ltiContext.findUnique({ where: { id: row.contextRef }, select: { courseId: true } });
  if (!context?.courseId) return null;
  const course = await prisma.course.findUniqueOrThrow({
    where: { id: context.courseId },
    select: { slug: true, title: true, lessons: { orderBy: { position: 'asc' }, select: { slug: true, title: true, exercises: { orderBy: { position: 'asc' }, select: { key: true, kind: true, settings: true } } } } },
  });
  return {
    id,
    course: { slug: course.slug, title: course.title },
    acceptMultiple: row.acceptMultiple,
    lessons: course.lessons.map((l) => ({
      slug: l.slug,
      title: l.title,
      exercises: l.exercises.map((e) => ({ key: e.key, title: settingsOf(e.settings).title ?? getKind(e.kind)?.title ?? e.key })),
    })),
  };
}

/** A choice: "lesson:<slug>" or "exercise:<key>". */
export type DeepLinkPick = string;

/**
 * The signed response for the chosen items (in the order given), and where to post it.
 * Uses the request up. Null when the request is not this user's open one or a choice is not
 * in the course.
 */
export async function deepLinkResponse(
  prisma: PrismaClient,
  deps: { base: string; secret: string; now?: Date },
  userId: string,
  id: string,
  picks: DeepLinkPick[],
): Promise<{ returnUrl: string; jwt: string } | null> {
  const now = deps.now ?? new Date();
  const choices = await deepLinkChoices(prisma, userId, id, now);
  if (!choices) return null;
  const items = [];
  for (const pick of choices.acceptMultiple ? picks : picks.slice(0, 1)) {
    const [type, name] = [pick.slice(0, pick.indexOf(':')), pick.slice(pick.indexOf(':') + 1)];
    const lesson = type === 'lesson' ? choices.lessons.find((l) => l.slug === name) : choices.lessons.find((l) => l.exercises.some((e) => e.key === name));
    const exercise = type === 'exercise' ? lesson?.exercises.find((e) => e.key === name) : undefined;
    if (!lesson || (type === 'exercise' && !exercise) || (type !== 'lesson' && type !== 'exercise')) return null;
    const title = exercise ? `${exercise.title} (${lesson.title})` : lesson.title;
    items.push({
      type: 'ltiResourceLink',
      title,
      url: `${deps.base}/api/lti/launch`,
      custom: exercise ? { course: choices.course.slug, lesson: lesson.slug, exercise: exercise.key } : { course: choices.course.slug, lesson: lesson.slug },
      lineItem: { scoreMaximum: 1, label: title, resourceId: pick, tag: 'curvature' },
    });
  }
  const row = await prisma.ltiDeepLink.findUniqueOrThrow({ where: { id } });
  const used = await prisma.ltiDeepLink.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } });
  if (used.count !== 1) return null;
  const platform = await prisma.ltiPlatform.findUniqueOrThrow({ where: { id: row.platformId } });
  const { kid, key } = await signingKey(prisma, deps.secret, now);
  const jwt = await new SignJWT({
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: row.deploymentId,
    nonce: randomBytes(16).toString('base64url'),
    'https://purl.imsglobal.org/spec/lti-dl/claim/content_items': items,
    ...(row.data !== null ? { 'https://purl.imsglobal.org/spec/lti-dl/claim/data': row.data } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(now.getTime() / 1000) + 300)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(key);
  return { returnUrl: row.returnUrl, jwt };
}
