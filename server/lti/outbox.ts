/**
 * The score outbox of Assignment and Grade Services, in the database (LtiScore): after a
 * graded attempt (server/attempts.ts) or a regrade (server/teach/regrade.ts), queueScores
 * works out the student's score for every LMS placement that shows it — an exercise's link
 * gets the student's best score at that exercise, a lesson's link the mean over the lesson's
 * exercises of the best scores (0 for one not tried), as on the dashboard — and stores it as
 * pending when it differs from the one already queued or sent (a first score of 0 included).
 * The sender (server/lti/ags.ts) delivers pending rows with retries; a row holds one score per
 * line item and student, so an older score is never sent after a newer one.
 *
 * Assessments (issue 22) are line items too, one per assessment and LMS context
 * (resource id "assessment:<slug>", label its title, out of its points), made at the first
 * score: queueAssessmentScores sends a student's points ÷ out of once their sitting is finished
 * — at the submit, when the sender finds it timed out (queueTimedOutSittings), at the release
 * of held results, after a grade by hand or a regrade — and never while results are held.
 */
import { assessmentPoints, type Slot } from '@/lib/content';
import { resultsHeld, sittingClosedReason, sittingScore, zonesOf } from '@/server/assessments';
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
async function localLineItem(prisma: PrismaClient, contextRef: string, resourceId: string, label: string, scoreMaximum = 1): Promise<string> {
  const where = { contextRef_resourceId: { contextRef, resourceId } };
  const found = await prisma.ltiLineItem.findUnique({ where, select: { id: true } });
  if (found) return found.id;
  try {
    return (await prisma.ltiLineItem.create({ data: { contextRef, resourceId, label: label.slice(0, 200), scoreMaximum }, select: { id: true } })).id;
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

// ─── assessments ───────────────────────────────────────────────────────────────

/** The resource id of an assessment's line item. */
export function assessmentResourceId(slug: string): string {
  return `assessment:${slug}`;
}

/**
 * Queues the score of assessment `assessmentId` for each of `userIds` (all who started it
 * when null) in every LMS context of the course they are a member of: their points ÷ out of,
 * on the assessment's line item (made locally on first use; the sender finds or makes it at
 * the platform). Only a finished sitting (submitted, past its deadline, or closed by the
 * release) counts, and nothing is queued while the results are held until release: a student
 * without a sitting, or with one still open, gets nothing yet. Returns the rows made pending.
 */
export async function queueAssessmentScores(prisma: PrismaClient, assessmentId: string, userIds: string[] | null, now = new Date()): Promise<number> {
  const a = await prisma.assessment.findUnique({ where: { id: assessmentId } });
  if (!a || resultsHeld(a)) return 0;
  let queued = 0;
  const ids = userIds ? [...new Set(userIds)] : null;
  // In batches of 500 users: their ids become an IN list (SQLite takes 999 parameters).
  for (let from = 0; ids ? from < ids.length : true; from += 500) {
    const sittings = await prisma.sitting.findMany({
      where: { assessmentId, ...(ids ? { userId: { in: ids.slice(from, from + 500) } } : {}) },
      orderBy: { id: 'asc' },
      ...(ids ? {} : { skip: from, take: 500 }),
      select: { id: true, userId: true, draw: true, startedAt: true, submittedAt: true },
    });
    if (sittings.length === 0) {
      if (ids) continue;
      break;
    }
    const members = await prisma.ltiMember.findMany({
      where: { ltiUser: { userId: { in: sittings.map((s) => s.userId) } }, context: { courseId: a.courseId } },
      select: { contextRef: true, ltiUser: { select: { userId: true, sub: true } }, context: { select: { lineItemsUrl: true, lineItems: { where: { resourceId: assessmentResourceId(a.slug) }, select: { url: true } } } } },
    });
    const accs = new Map((await prisma.accommodation.findMany({ where: { assessmentId, userId: { in: sittings.map((s) => s.userId) } } })).map((x) => [x.userId, x]));
    const bySitter = new Map(sittings.map((s) => [s.userId, s]));
    for (const m of members) {
      // Without the AGS claim (no line items URL) only a line item the platform gave can take scores.
      if (!m.context.lineItemsUrl && !m.context.lineItems[0]?.url) continue;
      const sitting = bySitter.get(m.ltiUser.userId)!;
      if (!sittingClosedReason(a, sitting, accs.get(sitting.userId) ?? null, now)) continue;
      const { points, total } = await sittingScore(prisma, a, sitting);
      const lineItemId = await localLineItem(prisma, m.contextRef, assessmentResourceId(a.slug), a.title, assessmentPoints(a.slots as Slot[], zonesOf(a)));
      if (await setScore(prisma, lineItemId, sitting.userId, m.ltiUser.sub, total > 0 ? points / total : 0, now)) queued++;
    }
    if (!ids && sittings.length < 500) break;
  }
  if (queued) for (const listener of listeners) listener();
  return queued;
}

/** queueAssessmentScores, never failing the caller (a submit, a release, a grade by hand): a problem is logged. */
export async function queueAssessmentScoresSafely(prisma: PrismaClient, assessmentId: string, userIds: string[] | null, now?: Date): Promise<void> {
  try {
    await queueAssessmentScores(prisma, assessmentId, userIds, now);
  } catch (err) {
    console.error('lti: could not queue assessment scores for the LMS:', err instanceof Error ? err.message : err);
  }
}

/**
 * Sittings that ended by their deadline rather than a submit have no moment of their own: the
 * score sender calls this every round. Each unsubmitted sitting of an LMS student, in a course
 * linked to an LMS context, that is closed at `now` and not seen before gets its score queued
 * (nothing while results are held: the release sends them) and is marked (Sitting.lmsQueuedAt),
 * so each is handled once. Returns how many sittings it marked.
 */
export async function queueTimedOutSittings(prisma: PrismaClient, now = new Date()): Promise<number> {
  const open = await prisma.sitting.findMany({
    where: { submittedAt: null, lmsQueuedAt: null, user: { ltiUsers: { some: {} } }, assessment: { course: { ltiContexts: { some: {} } } } },
    select: { id: true, userId: true, startedAt: true, submittedAt: true, assessment: true },
    orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
    take: 5000,
  });
  let marked = 0;
  // Their accommodations in one query per 500 sittings (an OR of pairs), not one each.
  const accs = new Map<string, { extraMinutes: number; closesAt: Date | null }>();
  for (let from = 0; from < open.length; from += 500) {
    const pairs = open.slice(from, from + 500).map((s) => ({ assessmentId: s.assessment.id, userId: s.userId }));
    for (const x of await prisma.accommodation.findMany({ where: { OR: pairs }, select: { assessmentId: true, userId: true, extraMinutes: true, closesAt: true } })) accs.set(`${x.assessmentId} ${x.userId}`, x);
  }
  for (const s of open) {
    if (!sittingClosedReason(s.assessment, s, accs.get(`${s.assessment.id} ${s.userId}`) ?? null, now)) continue;
    await queueAssessmentScores(prisma, s.assessment.id, [s.userId], now);
    const { count } = await prisma.sitting.updateMany({ where: { id: s.id, lmsQueuedAt: null }, data: { lmsQueuedAt: now } });
    marked += count;
  }
  return marked;
}

/** After a regrade of `exerciseId`: the assessment scores of these students' sittings that hold it, queued again. */
export async function queueRegradedSittingsSafely(prisma: PrismaClient, userIds: string[], exerciseId: string, now?: Date): Promise<void> {
  try {
    const ids = [...new Set(userIds)];
    const byAssessment = new Map<string, string[]>();
    for (let from = 0; from < ids.length; from += 500) {
      const sittings = await prisma.sitting.findMany({ where: { userId: { in: ids.slice(from, from + 500) }, attempts: { some: { exerciseId } } }, select: { assessmentId: true, userId: true } });
      for (const s of sittings) byAssessment.set(s.assessmentId, [...(byAssessment.get(s.assessmentId) ?? []), s.userId]);
    }
    for (const [assessmentId, users] of byAssessment) await queueAssessmentScores(prisma, assessmentId, users, now);
  } catch (err) {
    console.error('lti: could not queue assessment scores for the LMS:', err instanceof Error ? err.message : err);
  }
}
