/**
 * Assessments (issue 22): homework sets, quizzes and exams defined as content
 * (assessments/<slug>.json, lib/content/assessments.ts) and synced to Assessment rows. A
 * student's Sitting records their draw and their server-side start; the deadline is
 * min(start + time limit + extra minutes, close or the student's later close). Answers go
 * through the one submit path (server/attempts.ts submitAttempt with `sitting`) and are
 * Attempts linked to the sitting. A quiz or exam with reveal "release" keeps each result —
 * verdict, score, answer, worked steps — from the student until the instructor releases
 * the results; until then the last answer to each question is what counts.
 *
 * Every function takes the Prisma client, the user id and `now` (tests advance the clock).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { countUses, drawSlots, drawTotal, settingsOf, type AssessmentReveal, type AssessmentType, type DrawnQuestion, type ExerciseSettings, type Slot, type Zone } from '@/lib/content';
import type { Prisma, PrismaClient } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import { draftPlace } from '@/server/answer-drafts';
import { clearSignInTries, consumeSignInTry } from '@/server/auth';
import { exerciseState } from '@/server/exercise-state';
import { boundElsewhere, claimSitting, otherSessionMessage } from '@/server/exam-sessions';
import { effective, NEWEST_GRADE } from '@/server/results';
import type { ExerciseState } from '@/server/wire';

/** The Assessment row fields the rules read. */
export interface AssessmentRules {
  id: string;
  slug: string;
  title: string;
  type: string;
  opensAt: Date | null;
  closesAt: Date | null;
  timeLimitMinutes: number | null;
  attempts: number;
  reveal: string;
  accessCode: string | null;
  slots: unknown;
  releasedAt: Date | null;
}

/** A student's accommodation: extra minutes on the limit, a later close. */
export interface AccommodationLike {
  extraMinutes: number;
  closesAt: Date | null;
}

/** The close a student meets: their own later close, else the assessment's. */
export function closeFor(a: Pick<AssessmentRules, 'closesAt'>, acc: AccommodationLike | null): Date | null {
  return acc?.closesAt ?? a.closesAt;
}

/**
 * When a sitting started at `startedAt` ends: the earlier of start + time limit + extra
 * minutes and the student's close (a late start gets only the time left before close).
 * null = never (no limit, no close).
 */
export function sittingDeadline(a: Pick<AssessmentRules, 'closesAt' | 'timeLimitMinutes'>, startedAt: Date, acc: AccommodationLike | null): Date | null {
  const ends: number[] = [];
  if (a.timeLimitMinutes !== null) ends.push(startedAt.getTime() + (a.timeLimitMinutes + (acc?.extraMinutes ?? 0)) * 60_000);
  const close = closeFor(a, acc);
  if (close) ends.push(close.getTime());
  return ends.length ? new Date(Math.min(...ends)) : null;
}

/** Whether results are held back from students (reveal "release", not released yet). */
export function resultsHeld(a: Pick<AssessmentRules, 'reveal' | 'releasedAt'>): boolean {
  return (a.reveal as AssessmentReveal) === 'release' && a.releasedAt === null;
}

/** The rules of a question in a sitting: the assessment's attempts; answers shown as the exercise says (homework) or after release; no hints in a quiz or exam. */
export function questionSettings(a: Pick<AssessmentRules, 'type' | 'attempts' | 'reveal' | 'releasedAt'>, exercise: ExerciseSettings): ExerciseSettings {
  const reveal = (a.reveal as AssessmentReveal) === 'exercise' ? exercise.reveal : a.releasedAt ? 'always' : 'never';
  return { ...exercise, attempts: a.attempts, reveal, hints: (a.type as AssessmentType) === 'homework' ? exercise.hints : [] };
}

/** Why a sitting takes no more answers at `now`, or null while it is open. */
export function sittingClosedReason(a: AssessmentRules, sitting: { startedAt: Date; submittedAt: Date | null }, acc: AccommodationLike | null, now: Date): string | null {
  if (sitting.submittedAt) return `You submitted this ${a.type}.`;
  const deadline = sittingDeadline(a, sitting.startedAt, acc);
  if (deadline && now.getTime() >= deadline.getTime()) return `Time is up: this ${a.type} closed at the deadline.`;
  if (a.releasedAt && a.reveal === 'release') return 'The results have been released, so no more answers are taken.';
  return null;
}

/** The zones of an assessment row, or null when it has none. */
export function zonesOf(a: { zones?: unknown }): Zone[] | null {
  return Array.isArray(a.zones) && a.zones.length > 0 ? (a.zones as Zone[]) : null;
}

function drawOf(sitting: { draw: unknown }): DrawnQuestion[] {
  return Array.isArray(sitting.draw) ? (sitting.draw as DrawnQuestion[]) : [];
}

/** Records one action of the audit log (start, submit, refused, release, override, accommodation). */
export async function logEvent(prisma: PrismaClient, assessmentId: string, userId: string, action: string, now: Date, detail?: object): Promise<void> {
  await prisma.assessmentEvent.create({ data: { assessmentId, userId, action, createdAt: now, detail: (detail ?? undefined) as Prisma.InputJsonValue | undefined } });
}

/**
 * Writes the time-out of a sitting into the audit log, at its deadline (server time), once:
 * nothing happens when the deadline passes, so it is written when it is first noticed (the
 * sitting's page, the instructor's log). Not for a sitting submitted before its deadline.
 */
export async function noteTimeout(prisma: PrismaClient, a: AssessmentRules, sitting: { userId: string; startedAt: Date; submittedAt: Date | null }, acc: AccommodationLike | null, now: Date): Promise<void> {
  if (sitting.submittedAt) return;
  const deadline = sittingDeadline(a, sitting.startedAt, acc);
  if (!deadline || now.getTime() < deadline.getTime()) return;
  // One per deadline: extra time granted after a time-out gives the sitting a later deadline, and its own time-out.
  if (await prisma.assessmentEvent.findFirst({ where: { assessmentId: a.id, userId: sitting.userId, action: 'timeout', createdAt: deadline }, select: { id: true } })) return;
  await logEvent(prisma, a.id, sitting.userId, 'timeout', deadline, { deadline: deadline.toISOString() });
}

async function findAssessment(prisma: PrismaClient, userId: string, courseSlug: string, slug: string) {
  const course = await prisma.course.findUnique({ where: { slug: courseSlug }, select: { id: true, slug: true, title: true } });
  if (!course) return { status: 'not-found' as const };
  const enrolment = await prisma.enrollment.findUnique({ where: { userId_courseId: { userId, courseId: course.id } }, select: { role: true } });
  if (!enrolment) return { status: 'not-enrolled' as const };
  const assessment = await prisma.assessment.findUnique({ where: { courseId_slug: { courseId: course.id, slug } } });
  if (!assessment) return { status: 'not-found' as const };
  const acc = await prisma.accommodation.findUnique({ where: { assessmentId_userId: { assessmentId: assessment.id, userId } } });
  return { status: 'ok' as const, course, assessment, acc, role: enrolment.role };
}

// ─── the list ──────────────────────────────────────────────────────────────────

export type AssessmentStatus = 'upcoming' | 'open' | 'in-progress' | 'finished' | 'closed';

export interface AssessmentListItem {
  slug: string;
  title: string;
  type: string;
  opensAt: Date | null;
  /** The student's close (their accommodation's, else the assessment's). */
  closesAt: Date | null;
  timeLimitMinutes: number | null;
  extraMinutes: number;
  /** Its weight in the course's weighted total (0 = not counted). */
  weight: number;
  status: AssessmentStatus;
  /** The deadline of the student's sitting, once started. */
  deadline: Date | null;
  /** Points earned and out of, once the results may be shown (homework: always; quiz/exam: after release). */
  score: { points: number; total: number } | null;
}

/** The course's assessments as one student meets them, in course order. */
export async function assessmentList(
  prisma: PrismaClient,
  userId: string,
  courseSlug: string,
  now = new Date(),
): Promise<{ status: 'ok'; course: { slug: string; title: string }; items: AssessmentListItem[] } | { status: 'not-found' | 'not-enrolled' }> {
  const course = await prisma.course.findUnique({ where: { slug: courseSlug }, select: { id: true, slug: true, title: true } });
  if (!course) return { status: 'not-found' };
  const enrolment = await prisma.enrollment.findUnique({ where: { userId_courseId: { userId, courseId: course.id } }, select: { role: true } });
  if (!enrolment) return { status: 'not-enrolled' };
  const rows = await prisma.assessment.findMany({
    where: { courseId: course.id },
    orderBy: { position: 'asc' },
    include: { sittings: { where: { userId } }, accommodations: { where: { userId } } },
  });
  const items: AssessmentListItem[] = [];
  for (const a of rows) {
    const acc = a.accommodations[0] ?? null;
    const sitting = a.sittings[0] ?? null;
    const close = closeFor(a, acc);
    let status: AssessmentStatus;
    let deadline: Date | null = null;
    let score: AssessmentListItem['score'] = null;
    if (sitting) {
      deadline = sittingDeadline(a, sitting.startedAt, acc);
      status = sittingClosedReason(a, sitting, acc, now) ? 'finished' : 'in-progress';
      if (!resultsHeld(a)) score = await sittingScore(prisma, a, sitting);
    } else if (a.opensAt && now < a.opensAt) status = 'upcoming';
    else if (close && now >= close) status = 'closed';
    else status = 'open';
    items.push({ slug: a.slug, title: a.title, type: a.type, opensAt: a.opensAt, closesAt: close, timeLimitMinutes: a.timeLimitMinutes, extraMinutes: acc?.extraMinutes ?? 0, weight: a.weight, status, deadline, score });
  }
  return { status: 'ok', course: { slug: course.slug, title: course.title }, items };
}

// ─── starting ──────────────────────────────────────────────────────────────────

export type StartOutcome =
  | { status: 'started' | 'resumed'; sittingId: string }
  | { status: 'not-open' | 'closed' | 'wrong-code' | 'code-throttled' | 'closed-for-exam' | 'not-found' | 'not-enrolled'; message: string; retryAfter?: number };

/** The counter of one student's access-code tries at one assessment (the rateLimit table; kept a day like sign-in tries). */
export function accessCodeKey(assessmentId: string, userId: string): string {
  return `examcode|${assessmentId}|${userId}`;
}

/** Whether the code typed is the assessment's, compared in constant time (digests of equal length; spaces around the typed code ignored). */
export function sameCode(typed: string, code: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(typed.trim()), digest(code));
}

/** A wait in words: "1 second", "40 seconds", "3 minutes" (rounded up). */
export function waitText(seconds: number): string {
  const [n, unit] = seconds < 60 ? [seconds, 'second'] : [Math.ceil(seconds / 60), 'minute'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * Starts the student's sitting (server time, drawn now and recorded) or returns the one
 * they have: a reload, a second tab or a second start never resets the clock or the draw.
 */
export async function startSitting(
  prisma: PrismaClient,
  userId: string,
  courseSlug: string,
  slug: string,
  opts: { accessCode?: string; now?: Date; sessionId?: string } = {},
): Promise<StartOutcome> {
  const now = opts.now ?? new Date();
  const found = await findAssessment(prisma, userId, courseSlug, slug);
  if (found.status !== 'ok') return { status: found.status, message: found.status === 'not-found' ? 'There is no such assessment.' : 'Enrol in the course first.' };
  const { assessment: a, acc } = found;
  const refuse = async (status: Exclude<StartOutcome['status'], 'started' | 'resumed' | 'not-found' | 'not-enrolled'>, message: string, retryAfter?: number): Promise<StartOutcome> => {
    await logEvent(prisma, a.id, userId, 'refused', now, retryAfter === undefined ? { reason: status } : { reason: status, retryAfter });
    return retryAfter === undefined ? { status, message } : { status, message, retryAfter };
  };
  if (found.role !== 'instructor') {
    const exam = await openExam(prisma, userId, now);
    if (exam && exam.id !== a.id) return refuse('closed-for-exam', `Closed during the exam: you are sitting ${exam.title}.`);
  }
  const existing = await prisma.sitting.findUnique({ where: { assessmentId_userId: { assessmentId: a.id, userId } }, select: { id: true } });
  if (existing) return { status: 'resumed', sittingId: existing.id };
  if (a.opensAt && now < a.opensAt) return refuse('not-open', `This ${a.type} has not opened yet.`);
  const close = closeFor(a, acc);
  if (close && now >= close) return refuse('closed', `This ${a.type} has closed.`);
  if (a.accessCode) {
    // Guessing is slowed like a password (server/auth.ts consumeSignInTry): 5 free tries, then 1 s, 2 s, 4 s … up to 15 minutes between tries.
    const key = accessCodeKey(a.id, userId);
    const turn = await consumeSignInTry(prisma, key, now.getTime());
    if (!turn.allowed) {
      const wait = turn.retryAfter ?? 1;
      return refuse('code-throttled', `Too many wrong access codes: try again in ${waitText(wait)}.`, wait);
    }
    if (!sameCode(opts.accessCode ?? '', a.accessCode)) return refuse('wrong-code', 'That access code is not right.');
    await clearSignInTries(prisma, key);
  }

  // Least-used zone slots and pool members first: count what the class has drawn so far.
  // Two students starting at the same instant must each see the other's draw, or both get
  // the same least-used member: the draw is made inside a transaction that first takes the
  // assessment row's write lock (a no-op UPDATE; PostgreSQL's row lock, SQLite's one writer),
  // so starts of one assessment are made one after another and each reads the ones before.
  try {
    const { sitting, draw } = await prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`UPDATE "Assessment" SET "position" = "position" WHERE "id" = ${a.id}`;
        const uses = countUses((await tx.sitting.findMany({ where: { assessmentId: a.id }, select: { draw: true } })).map(drawOf));
        const draw = drawSlots(a.slug, a.slots as Slot[], userId, uses, zonesOf(a));
        const sitting = await tx.sitting.create({ data: { assessmentId: a.id, userId, draw: draw as unknown as Prisma.InputJsonValue, startedAt: now, sessionId: opts.sessionId ?? null } });
        return { sitting, draw };
      },
      { timeout: 20_000, maxWait: 20_000 },
    );
    await logEvent(prisma, a.id, userId, 'start', now, { exercises: draw.map((q) => q.exercise) });
    return { status: 'started', sittingId: sitting.id };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Two tabs started at once: one sitting got in, and both use it.
    const row = await prisma.sitting.findUniqueOrThrow({ where: { assessmentId_userId: { assessmentId: a.id, userId } }, select: { id: true } });
    return { status: 'resumed', sittingId: row.id };
  }
}

// ─── the rules of one answer (used by the submit path) ─────────────────────────

/** What the submit path needs to grade an answer in a sitting. */
export interface SittingContext {
  sittingId: string;
  assessmentId: string;
  seed: number;
  settings: ExerciseSettings;
  deadline: Date | null;
  /** Why no more answers are taken, or null. */
  closedReason: string | null;
  /** Results held until release: the answer is stored and graded, and the student is told only that it was saved. */
  held: boolean;
}

/**
 * The rules of exercise `exerciseKey` in sitting `sittingId` of `userId`, or null when the
 * sitting is not theirs or the exercise is not in their draw.
 */
export async function sittingContext(prisma: PrismaClient, userId: string, sittingId: string, exerciseKey: string, exerciseSettings: unknown, now: Date, sessionId?: string): Promise<SittingContext | null> {
  const sitting = await prisma.sitting.findUnique({ where: { id: sittingId }, include: { assessment: true } });
  if (!sitting || sitting.userId !== userId) return null;
  const q = drawOf(sitting).find((d) => d.exercise === exerciseKey);
  if (!q) return null;
  const a = sitting.assessment;
  const acc = await prisma.accommodation.findUnique({ where: { assessmentId_userId: { assessmentId: a.id, userId } } });
  // "sessions": "one": answers only from the session the sitting is bound to (server/exam-sessions.ts).
  if (!sittingClosedReason(a, sitting, acc, now)) await claimSitting(prisma, a, sitting, sessionId, now);
  const elsewhere = boundElsewhere(a, sitting, sessionId);
  if (elsewhere) await logEvent(prisma, a.id, userId, 'refused', now, { reason: 'other-session', exercise: exerciseKey });
  return {
    sittingId,
    assessmentId: a.id,
    seed: q.seed,
    settings: questionSettings(a, settingsOf(exerciseSettings)),
    deadline: sittingDeadline(a, sitting.startedAt, acc),
    closedReason: sittingClosedReason(a, sitting, acc, now) ?? (elsewhere ? otherSessionMessage(a.title) : null),
    held: resultsHeld(a),
  };
}

/** Attempts with no score or verdict: what standing() sees while results are held (attempts count, correctness does not show). */
export function heldAttempts<T extends { score: number; correct: boolean; createdAt: Date }>(attempts: T[]): { score: number; correct: boolean; createdAt: Date; grades: never[] }[] {
  return attempts.map((a) => ({ score: 0, correct: false, createdAt: a.createdAt, grades: [] }));
}

// ─── a sitting's page ──────────────────────────────────────────────────────────

export interface SittingQuestion {
  exercise: string;
  title: string;
  points: number;
  state: ExerciseState;
  /** Points earned (null while results are held). */
  earned: number | null;
  /** Index into the view's `zones` of the zone it was drawn from (null without zones). */
  zone: number | null;
}

export type SittingView =
  | {
      status: 'ok';
      course: { slug: string; title: string };
      assessment: { slug: string; title: string; type: string; timeLimitMinutes: number | null; accessCode: boolean; released: boolean; held: boolean };
      sitting: { id: string; startedAt: Date; deadline: Date | null; submittedAt: Date | null; closedReason: string | null };
      now: Date;
      questions: SittingQuestion[];
      /** The assessment's zone titles, when it has zones: the page groups the questions under them. */
      zones: string[] | null;
      total: number;
      /** Points earned in all (null while results are held). */
      earned: number | null;
    }
  | { status: 'not-started'; course: { slug: string; title: string }; assessment: { slug: string; title: string; type: string; timeLimitMinutes: number | null; accessCode: boolean }; item: AssessmentListItem | null }
  | { status: 'not-found' }
  | { status: 'not-enrolled' };

/** The points of a sitting: per question, its best result (last while results were held) times its points. */
export async function sittingScore(prisma: PrismaClient, a: AssessmentRules, sitting: { id: string; draw: unknown }): Promise<{ points: number; total: number }> {
  const draw = drawOf(sitting);
  const attempts = await prisma.attempt.findMany({
    where: { sittingId: sitting.id },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: { ...NEWEST_GRADE, exercise: { select: { key: true } } },
  });
  let points = 0;
  for (const q of draw) points += questionEarned(a, q, attempts.filter((t) => t.exercise.key === q.exercise));
  return { points: round(points), total: drawTotal(draw) };
}

/** Points of one question from its attempts (oldest first): the best score, or the last one's when results are held back until release. */
export function questionEarned(a: Pick<AssessmentRules, 'reveal'>, q: { points: number }, attempts: ({ score: number; correct: boolean } & { grades: { score: number; correct: boolean }[] })[]): number {
  if (attempts.length === 0) return 0;
  const scores = attempts.map((t) => effective(t).score);
  const score = a.reveal === 'release' ? scores[scores.length - 1] : Math.max(...scores);
  return score * q.points;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** A student's sitting: their drawn questions with their cards, the deadline and the server's time. */
export async function sittingView(prisma: PrismaClient, userId: string, courseSlug: string, slug: string, now = new Date(), sessionId?: string): Promise<SittingView> {
  const found = await findAssessment(prisma, userId, courseSlug, slug);
  if (found.status !== 'ok') return { status: found.status };
  const { course, assessment: a, acc, role } = found;
  const sitting = await prisma.sitting.findUnique({ where: { assessmentId_userId: { assessmentId: a.id, userId } } });
  const summary = { slug: a.slug, title: a.title, type: a.type, timeLimitMinutes: a.timeLimitMinutes, accessCode: a.accessCode !== null };
  if (!sitting) {
    const list = await assessmentList(prisma, userId, courseSlug, now);
    return { status: 'not-started', course, assessment: summary, item: list.status === 'ok' ? (list.items.find((i) => i.slug === slug) ?? null) : null };
  }
  const draw = drawOf(sitting);
  const exercises = await prisma.exercise.findMany({
    where: { courseId: course.id, key: { in: draw.map((q) => q.exercise) } },
    include: {
      attempts: { where: { userId, sittingId: sitting.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: NEWEST_GRADE },
      drafts: { where: { userId, place: draftPlace(sitting.id) }, select: { text: true, updatedAt: true } },
    },
  });
  const byKey = new Map(exercises.map((e) => [e.key, e]));
  const held = resultsHeld(a);
  const timeClosed = sittingClosedReason(a, sitting, acc, now);
  if (timeClosed) await noteTimeout(prisma, a, sitting, acc, now);
  // "sessions": "one": another session sees the sitting closed (server/exam-sessions.ts).
  if (!timeClosed) await claimSitting(prisma, a, sitting, sessionId, now);
  const closedReason = timeClosed ?? (boundElsewhere(a, sitting, sessionId) ? otherSessionMessage(a.title) : null);
  const deadline = sittingDeadline(a, sitting.startedAt, acc);
  const questions: SittingQuestion[] = [];
  for (const q of draw) {
    const ex = byKey.get(q.exercise);
    if (!ex) continue; // removed from the content since the draw; its points stay in the total
    const settings = questionSettings(a, settingsOf(ex.settings));
    const state = held
      ? { ...exerciseState({ exercise: ex, userId, attempts: heldAttempts(ex.attempts), last: null, dueAt: deadline, now, staff: false, settings, sitting: { id: sitting.id, seed: q.seed, closedReason }, draft: ex.drafts[0] ?? null }), bestScore: null, savedAnswer: ex.attempts.at(-1)?.answerText ?? null }
      : exerciseState({ exercise: ex, userId, attempts: ex.attempts, last: ex.attempts.at(-1) ?? null, dueAt: deadline, now, staff: role === 'instructor', settings, sitting: { id: sitting.id, seed: q.seed, closedReason }, draft: ex.drafts[0] ?? null });
    questions.push({ exercise: q.exercise, title: settingsOf(ex.settings).title ?? q.exercise, points: q.points, state, earned: held ? null : round(questionEarned(a, q, ex.attempts)), zone: q.zone ?? null });
  }
  return {
    status: 'ok',
    course,
    assessment: { ...summary, released: a.releasedAt !== null, held },
    sitting: { id: sitting.id, startedAt: sitting.startedAt, deadline, submittedAt: sitting.submittedAt, closedReason },
    now,
    questions,
    zones: zonesOf(a)?.map((z) => z.title) ?? null,
    total: drawTotal(draw),
    earned: held ? null : round(questions.reduce((s, q) => s + (q.earned ?? 0), 0)),
  };
}

/** The student submits their sitting: no more answers are taken (answers so far are kept and graded). */
export async function submitSitting(prisma: PrismaClient, userId: string, courseSlug: string, slug: string, now = new Date(), sessionId?: string): Promise<'submitted' | 'already-closed' | 'other-session' | 'not-found'> {
  const found = await findAssessment(prisma, userId, courseSlug, slug);
  if (found.status !== 'ok') return 'not-found';
  const sitting = await prisma.sitting.findUnique({ where: { assessmentId_userId: { assessmentId: found.assessment.id, userId } } });
  if (!sitting) return 'not-found';
  if (sittingClosedReason(found.assessment, sitting, found.acc, now)) return 'already-closed';
  if (boundElsewhere(found.assessment, sitting, sessionId)) {
    await logEvent(prisma, found.assessment.id, userId, 'refused', now, { reason: 'other-session' });
    return 'other-session';
  }
  const { count } = await prisma.sitting.updateMany({ where: { id: sitting.id, submittedAt: null }, data: { submittedAt: now } });
  if (count === 0) return 'already-closed';
  await logEvent(prisma, found.assessment.id, userId, 'submit', now);
  // The LMS gradebook, when the student came from one (unless results are held until release).
  // Imported here: server/lti/outbox reads this module's rules.
  const { queueAssessmentScoresSafely } = await import('@/server/lti/outbox');
  await queueAssessmentScoresSafely(prisma, found.assessment.id, [userId], now);
  return 'submitted';
}

/** An exam a student is sitting: the assessment, its course and the link to its page. */
export interface OpenExam {
  id: string;
  slug: string;
  title: string;
  course: { slug: string; title: string };
}

/**
 * The exam sitting of `userId` that is open at `now`, in any course, or null. While it is,
 * everything of Curvature a student reaches closes to them except the exam's own pages (its
 * sitting page and answers in its sitting): lessons, practice, other assessments and the
 * attempt history of every course (server/exam-mode.ts). Pages of a course they teach stay
 * open (the callers skip staff).
 */
export async function openExam(prisma: PrismaClient, userId: string, now = new Date()): Promise<OpenExam | null> {
  const sittings = await prisma.sitting.findMany({
    where: { userId, submittedAt: null, assessment: { type: 'exam' } },
    include: { assessment: { include: { course: { select: { slug: true, title: true } } } } },
  });
  for (const s of sittings) {
    const acc = await prisma.accommodation.findUnique({ where: { assessmentId_userId: { assessmentId: s.assessmentId, userId } } });
    if (!sittingClosedReason(s.assessment, s, acc, now)) return { id: s.assessment.id, slug: s.assessment.slug, title: s.assessment.title, course: s.assessment.course };
  }
  return null;
}
