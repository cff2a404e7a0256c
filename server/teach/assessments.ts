/**
 * Instructor side of assessments (issue 22): each assessment's results per student (for
 * the gradebook and its CSV), releasing the results of a quiz or exam, per-student
 * accommodations (extra minutes, a later close), and a manual grade of one attempt with a
 * comment (a Grade row: the attempt and every earlier grade are kept). Callers check staff
 * access first (server/teach/access.ts); every function takes the course id it was granted.
 *
 * LTI (issue 20): each assessment is a line item of every linked LMS context; a release and a
 * grade by hand queue the scores they change (server/lti/outbox.ts queueAssessmentScores).
 */
import type { PrismaClient } from '@/server/db/client';
import { closeFor, logEvent, questionEarned, sittingClosedReason, sittingDeadline, zonesOf, type AssessmentRules } from '@/server/assessments';
import { NEWEST_GRADE } from '@/server/results';
import { queueAssessmentScoresSafely, queueScoresSafely } from '@/server/lti/outbox';
import { drawTotal, weightedTotal, type DrawnQuestion, type Slot } from '@/lib/content';
import { itemStatistics, parameterStatistics, poolStatistics, type DrawnResult, type ItemStat, type ParamStat, type PoolStat, type StudentItems } from '@/lib/content/item-stats';
import { paramsOf, variantParams, type ParamValues } from '@/lib/exercises';

export interface StudentResult {
  userId: string;
  name: string;
  email: string;
  /** not-started | in-progress | finished */
  status: 'not-started' | 'in-progress' | 'finished';
  startedAt: Date | null;
  deadline: Date | null;
  submittedAt: Date | null;
  /** Points earned (null before a start). */
  points: number | null;
  total: number | null;
  /**
   * Whether it counts in the weighted total now: once the sitting is finished (submitted or
   * past its deadline), or, never started, once the student's close has passed (as 0).
   * Open and not finished: not yet. A weight of 0 never counts.
   */
  counts: boolean;
  /** The sitting's attempts, oldest first, with the score that counts (a manual grade's or a regrade's when there is one). */
  attempts: { id: string; exercise: string; answerText: string; score: number; createdAt: Date; manual: string | null }[];
}

export interface AssessmentResults {
  id: string;
  slug: string;
  title: string;
  type: string;
  closesAt: Date | null;
  timeLimitMinutes: number | null;
  reveal: string;
  releasedAt: Date | null;
  /** Its weight in the weighted total (0 = not counted). */
  weight: number;
  students: StudentResult[];
  /** Per question, over the students who started: facility and discrimination (lib/content item-stats). */
  stats: ItemStat[];
  /** With zones: each zone's title and its questions that anyone was given (keys into `stats`), in the written order; null without zones. */
  zones: { title: string; items: string[] }[] | null;
  /** Per pool slot, each member's students and mean score. */
  pools: PoolStat[];
  /** Per randomised exercise and parameter, the mean score by value (or quantile bin) in the students' variants. */
  params: ParamStat[];
}

/**
 * The parameter values of a student's variant (the template as it is now, at the drawn
 * seed), or null when it draws none or has no variant at that seed any more.
 */
function drawnParams(spec: unknown, seed: number): ParamValues | null {
  if (!paramsOf(spec)) return null;
  try {
    return variantParams(spec, seed);
  } catch {
    return null;
  }
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/**
 * Every assessment of the course with each student's result (students by name, then email):
 * points per question are its best score (the last one's while results are held until
 * release) times its points.
 */
export async function assessmentResults(prisma: PrismaClient, courseId: string, now = new Date()): Promise<AssessmentResults[]> {
  const students = await prisma.enrollment.findMany({
    where: { courseId, role: 'student' },
    orderBy: [{ user: { name: 'asc' } }, { user: { email: 'asc' } }],
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  const assessments = await prisma.assessment.findMany({
    where: { courseId },
    orderBy: { position: 'asc' },
    include: {
      accommodations: true,
      sittings: { include: { attempts: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: { ...NEWEST_GRADE, exercise: { select: { key: true } } } } } },
    },
  });
  const specs = new Map((await prisma.exercise.findMany({ where: { courseId }, select: { key: true, spec: true } })).map((e) => [e.key, e.spec]));
  return assessments.map((a) => {
    const sittings = new Map(a.sittings.map((s) => [s.userId, s]));
    const accs = new Map(a.accommodations.map((x) => [x.userId, x]));
    const results: DrawnResult[][] = a.sittings.map((s) =>
      (s.draw as unknown as DrawnQuestion[]).map((q) => ({
        slot: q.slot,
        exercise: q.exercise,
        earned: questionEarned(a, q, s.attempts.filter((t) => t.exercise.key === q.exercise)),
        points: q.points,
        params: specs.has(q.exercise) ? drawnParams(specs.get(q.exercise), q.seed) : null,
      })),
    );
    const items: StudentItems[] = results.map((draw) => Object.fromEntries(draw.map((q) => [q.exercise, { earned: q.earned, points: q.points }])));
    const pools = (a.slots as unknown as Slot[]).flatMap((slot, i) => ('pool' in slot ? [{ slot: i, members: slot.pool }] : []));
    const stats = itemStatistics(items);
    const given = new Set(stats.map((q) => q.item));
    const slots = a.slots as unknown as Slot[];
    const zones =
      zonesOf(a)?.map((z) => ({
        title: z.title,
        items: z.slots.flatMap((i) => (slots[i] === undefined ? [] : 'pool' in slots[i] ? slots[i].pool : [slots[i].exercise])).filter((id) => given.has(id)),
      })) ?? null;
    return {
      stats,
      zones,
      pools: poolStatistics(pools, results),
      params: parameterStatistics(results),
      id: a.id,
      slug: a.slug,
      title: a.title,
      type: a.type,
      closesAt: a.closesAt,
      timeLimitMinutes: a.timeLimitMinutes,
      reveal: a.reveal,
      releasedAt: a.releasedAt,
      weight: a.weight,
      students: students.map(({ user }): StudentResult => {
        const s = sittings.get(user.id);
        const acc = accs.get(user.id) ?? null;
        if (!s) {
          const close = closeFor(a, acc);
          const missed = a.weight > 0 && close !== null && now.getTime() >= close.getTime();
          return { userId: user.id, name: user.name, email: user.email, status: 'not-started', startedAt: null, deadline: null, submittedAt: null, points: null, total: null, counts: missed, attempts: [] };
        }
        const finished = sittingClosedReason(a, s, acc, now) !== null;
        const draw = s.draw as unknown as DrawnQuestion[];
        const points = draw.reduce((sum, q) => sum + questionEarned(a, q, s.attempts.filter((t) => t.exercise.key === q.exercise)), 0);
        return {
          userId: user.id,
          name: user.name,
          email: user.email,
          status: finished ? 'finished' : 'in-progress',
          startedAt: s.startedAt,
          deadline: sittingDeadline(a, s.startedAt, acc),
          submittedAt: s.submittedAt,
          points: round4(points),
          total: drawTotal(draw),
          counts: finished && a.weight > 0,
          attempts: s.attempts.map((t) => ({
            id: t.id,
            exercise: t.exercise.key,
            answerText: t.answerText,
            score: (t.grades[0] ?? t).score,
            createdAt: t.createdAt,
            manual: t.grades[0]?.byId ? t.grades[0].reason.replace(/^manual: /, '') : null,
          })),
        };
      }),
    };
  });
}

/**
 * Each student's weighted total over the course's assessments (`results` of
 * assessmentResults), 0..1 or null when none counts yet: Σ wᵢ·(pointsᵢ/out ofᵢ) / Σ wᵢ over
 * the assessments that count for them (StudentResult.counts; a missed one counts 0).
 */
export function weightedTotals(results: readonly AssessmentResults[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const userIds = results[0]?.students.map((s) => s.userId) ?? [];
  userIds.forEach((userId, i) => {
    out.set(
      userId,
      weightedTotal(
        results.map((a) => {
          const r = a.students[i];
          return { weight: a.weight, earned: r.points ?? 0, outOf: r.total ?? 0, counts: r.counts };
        }),
      ),
    );
  });
  return out;
}

/** Releases an assessment's results (answers, worked steps, scores); false when it was released already. */
export async function releaseResults(prisma: PrismaClient, assessmentId: string, byUserId: string, now = new Date()): Promise<boolean> {
  const { count } = await prisma.assessment.updateMany({ where: { id: assessmentId, releasedAt: null }, data: { releasedAt: now } });
  if (count > 0) {
    await logEvent(prisma, assessmentId, byUserId, 'release', now);
    await queueAssessmentScoresSafely(prisma, assessmentId, null, now); // every sitting's score to the LMS gradebooks
  }
  return count > 0;
}

/** Sets one student's accommodation of an assessment: extra minutes on its time limit and a later close (null = the assessment's). */
export async function setAccommodation(
  prisma: PrismaClient,
  assessment: Pick<AssessmentRules, 'id' | 'closesAt'>,
  userId: string,
  value: { extraMinutes: number; closesAt: Date | null },
  byUserId: string,
  now = new Date(),
): Promise<void> {
  await prisma.accommodation.upsert({
    where: { assessmentId_userId: { assessmentId: assessment.id, userId } },
    create: { assessmentId: assessment.id, userId, extraMinutes: value.extraMinutes, closesAt: value.closesAt },
    update: { extraMinutes: value.extraMinutes, closesAt: value.closesAt },
  });
  // Logged under the student (the log's filter by student finds it), with who granted it.
  await logEvent(prisma, assessment.id, userId, 'accommodation', now, {
    by: byUserId,
    extraMinutes: value.extraMinutes,
    closesAt: (value.closesAt ?? closeFor(assessment, null))?.toISOString() ?? null,
  });
}

/**
 * Resets one student's session of an assessment ("sessions": "one", server/exam-sessions.ts):
 * the session their sitting is bound to is ended (signed out at once) and the sitting is
 * unbound, so they continue from a new session — the next one that signs in or opens it.
 * Logged under the student, with who reset it. 'no-sitting' when they have not started it.
 */
export async function resetSitting(prisma: PrismaClient, assessmentId: string, userId: string, byUserId: string, now = new Date()): Promise<'reset' | 'no-sitting'> {
  const sitting = await prisma.sitting.findUnique({ where: { assessmentId_userId: { assessmentId, userId } }, select: { id: true, sessionId: true } });
  if (!sitting) return 'no-sitting';
  await prisma.$transaction([
    prisma.sitting.update({ where: { id: sitting.id }, data: { sessionId: null } }),
    ...(sitting.sessionId ? [prisma.session.deleteMany({ where: { id: sitting.sessionId, userId } })] : []),
  ]);
  await logEvent(prisma, assessmentId, userId, 'session-reset', now, { by: byUserId, endedSession: sitting.sessionId !== null });
  return 'reset';
}

/** The longest comment of a manual grade. */
export const COMMENT_MAX = 500;

/**
 * A manual grade of one attempt of the course: a new Grade row with the score (0..1), the
 * instructor and their comment as its reason; it counts from now on (the newest grade
 * does), and the attempt's own result and every earlier grade are kept.
 */
export async function overrideGrade(
  prisma: PrismaClient,
  courseId: string,
  opts: { attemptId: string; score: number; comment: string; byUserId: string; now?: Date },
): Promise<'saved' | 'not-found' | 'bad-score' | 'no-comment'> {
  if (!Number.isFinite(opts.score) || opts.score < 0 || opts.score > 1) return 'bad-score';
  const comment = opts.comment.trim().slice(0, COMMENT_MAX);
  if (!comment) return 'no-comment';
  const attempt = await prisma.attempt.findUnique({
    where: { id: opts.attemptId },
    include: { ...NEWEST_GRADE, exercise: { select: { courseId: true, specHash: true } }, sitting: { select: { assessmentId: true, userId: true } } },
  });
  if (!attempt || attempt.exercise.courseId !== courseId) return 'not-found';
  const now = opts.now ?? new Date();
  const before = attempt.grades[0] ?? attempt;
  await prisma.grade.create({
    data: {
      attemptId: attempt.id,
      graderVersion: before.graderVersion,
      specHash: before.specHash,
      score: opts.score,
      correct: opts.score >= 1,
      feedback: [`Graded by hand: ${comment}`],
      reason: `manual: ${comment}`,
      byId: opts.byUserId,
      createdAt: now,
    },
  });
  if (attempt.sitting) {
    await logEvent(prisma, attempt.sitting.assessmentId, attempt.sitting.userId, 'override', now, { by: opts.byUserId, attempt: attempt.id, from: before.score, to: opts.score, comment });
    await queueAssessmentScoresSafely(prisma, attempt.sitting.assessmentId, [attempt.userId], now); // once the sitting is finished and not held
  } else {
    await queueScoresSafely(prisma, [attempt.userId], attempt.exerciseId, now); // a lesson attempt: its exercise and lesson columns
  }
  return 'saved';
}
