/**
 * The score outbox of Assignment and Grade Services, in the database (LtiScore): after a
 * graded attempt (server/attempts.ts) or a regrade (server/teach/regrade.ts), queueScores
 * works out the student's score for every LMS placement that shows it — an exercise's link
 * gets the student's best score at that exercise, a lesson's link the mean over the lesson's
 * exercises of the best scores (0 for one not tried), as on the dashboard — and stores it as
 * pending when it differs from the one already queued or sent (a first score of 0 included).
 * The sender (server/lti/ags.ts) delivers pending rows with retries; a row holds one score per
 * line item and student, so an older score is never sent after a newer one.
 */
import type { PrismaClient } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import { effective, NEWEST_GRADE } from '@/server/results';

/** Listeners told when scores were queued (the running sender, to deliver at once). */
const listeners = new Set<() => void>();

/** Calls `listener` whenever scores are queued; returns the function that stops it. */
export function onScoresQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Best effective score (0..1) of a student's attempts at each exercise; absent = not tried. */
async function bestScores(prisma: PrismaClient, userId: string, exerciseIds: string[]): Promise<Map<string, number>> {
  const attempts = await prisma.attempt.findMany({ where: { userId, exerciseId: { in: exerciseIds }, sittingId: null }, select: { exerciseId: true, score: true, ...NEWEST_GRADE } });
  const best = new Map<string, number>();
  for (const a of attempts) best.set(a.exerciseId, Math.max(best.get(a.exerciseId) ?? 0, effective(a).score));
  return best;
}

/**
 * Queues the scores that `exerciseId` feeds for each of `userIds` (students who just got a
 * grade there): one LtiScore per line item, made pending when its score changed. Returns how
 * many rows were made pending. Costs one query for a student who never came from an LMS.
 */
export async function queueScores(prisma: PrismaClient, userIds: string[], exerciseId: string, now = new Date()): Promise<number> {
  // Per student one plain SQL statement (portable, as in server/attempts.ts): it runs on the
  // submit path, and for a student who never came from an LMS it is all that runs.
  const members: { ltiUser: { userId: string; sub: string }; contextRef: string }[] = [];
  for (const userId of new Set(userIds)) {
    const rows = await prisma.$queryRaw<{ contextRef: string; sub: string }[]>`
      SELECT m."contextRef", u.sub
      FROM "LtiMember" m
      JOIN "LtiUser" u ON u.id = m."ltiUserId"
      JOIN "LtiContext" c ON c.id = m."contextRef"
      JOIN "Exercise" e ON e."courseId" = c."courseId"
      WHERE u."userId" = ${userId} AND e.id = ${exerciseId}`;
    for (const r of rows) members.push({ ltiUser: { userId, sub: r.sub }, contextRef: r.contextRef });
  }
  if (!members.length) return 0; // nobody here came from an LMS: the usual case
  const exercise = await prisma.exercise.findUnique({ where: { id: exerciseId }, select: { key: true, lesson: { select: { slug: true, exercises: { select: { id: true } } } } } });
  if (!exercise) return 0;
  const resourceIds = [`exercise:${exercise.key}`, `lesson:${exercise.lesson.slug}`];
  const contexts = await prisma.ltiContext.findMany({
    where: { id: { in: [...new Set(members.map((m) => m.contextRef))] } },
    select: {
      id: true,
      lineItemsUrl: true,
      resourceLinks: {
        where: { OR: [{ exerciseKey: exercise.key }, { lessonSlug: exercise.lesson.slug, exerciseKey: null }] },
        select: { title: true, lessonSlug: true, exerciseKey: true },
      },
      lineItems: { where: { resourceId: { in: resourceIds } }, select: { id: true, resourceId: true, url: true } },
    },
  });
  const contextOf = new Map(contexts.map((c) => [c.id, c]));
  let queued = 0;
  const lessonIds = exercise.lesson.exercises.map((e) => e.id);
  const scoresOf = new Map<string, Map<string, number>>();
  for (const member of members) {
    const { userId, sub } = member.ltiUser;
    const context = contextOf.get(member.contextRef)!;
    if (!scoresOf.has(userId)) scoresOf.set(userId, await bestScores(prisma, userId, lessonIds));
    const best = scoresOf.get(userId)!;
    // Each placement of this exercise or its lesson in the context (and any line item the
    // platform gave for one), once per resource.
    const resources = new Map<string, string>();
    for (const link of context.resourceLinks) {
      const id = link.exerciseKey ? `exercise:${link.exerciseKey}` : `lesson:${link.lessonSlug}`;
      resources.set(id, link.title ?? id);
    }
    for (const item of context.lineItems) if (item.url && !resources.has(item.resourceId)) resources.set(item.resourceId, item.resourceId);
    for (const [resourceId, label] of resources) {
      // Without the AGS claim (no line items URL) only a line item the platform gave can take scores.
      const known = context.lineItems.find((i) => i.resourceId === resourceId);
      if (!context.lineItemsUrl && !known?.url) continue;
      const score = resourceId.startsWith('exercise:') ? (best.get(exerciseId) ?? 0) : lessonIds.reduce((sum, id) => sum + (best.get(id) ?? 0), 0) / lessonIds.length;
      const lineItemId = known?.id ?? (await localLineItem(prisma, context.id, resourceId, label));
      if (await setScore(prisma, lineItemId, userId, sub, score, now)) queued++;
    }
  }
  if (queued) for (const listener of listeners) listener();
  return queued;
}

/** The local row of the line item for (context, resource), made (without its URL yet) when missing. */
async function localLineItem(prisma: PrismaClient, contextRef: string, resourceId: string, label: string): Promise<string> {
  const where = { contextRef_resourceId: { contextRef, resourceId } };
  const found = await prisma.ltiLineItem.findUnique({ where, select: { id: true } });
  if (found) return found.id;
  try {
    return (await prisma.ltiLineItem.create({ data: { contextRef, resourceId, label: label.slice(0, 200), scoreMaximum: 1 }, select: { id: true } })).id;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return (await prisma.ltiLineItem.findUniqueOrThrow({ where, select: { id: true } })).id;
  }
}

/** Stores `score` for a line item and student as pending, unless it is the score already there. */
async function setScore(prisma: PrismaClient, lineItemId: string, userId: string, sub: string, score: number, now: Date): Promise<boolean> {
  const row = await prisma.ltiScore.findUnique({ where: { lineItemId_userId: { lineItemId, userId } } });
  const fresh = { score, sub, status: 'pending', tries: 0, nextAttemptAt: now, lastError: null, gradedAt: now };
  if (!row) {
    try {
      await prisma.ltiScore.create({ data: { lineItemId, userId, ...fresh } });
      return true;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return setScore(prisma, lineItemId, userId, sub, score, now); // made a moment ago by another grade
    }
  }
  if (Math.abs(row.score - score) < 1e-12) return false;
  // Only if no one changed it meanwhile; otherwise read it again.
  const { count } = await prisma.ltiScore.updateMany({ where: { id: row.id, score: row.score, updatedAt: row.updatedAt }, data: fresh });
  return count === 1 ? true : setScore(prisma, lineItemId, userId, sub, score, now);
}

/**
 * queueScores for a graded attempt, never failing the caller: a problem is logged and the
 * next grade queues the score again.
 */
export async function queueScoresSafely(prisma: PrismaClient, userIds: string[], exerciseId: string, now?: Date): Promise<void> {
  try {
    await queueScores(prisma, userIds, exerciseId, now);
  } catch (err) {
    console.error('lti: could not queue scores for the LMS:', err instanceof Error ? err.message : err);
  }
}
