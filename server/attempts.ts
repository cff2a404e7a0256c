/**
 * A student's work on exercises, in the database: the state of a lesson's exercise cards,
 * submitting an answer (graded by lib/exercises gradeAnswer, stored as an Attempt), their
 * progress and their attempt history.
 *
 * Every function takes the Prisma client (the app passes getPrisma(), tests their own) and the
 * student's user id, and every query of attempts filters by that id: one student's attempts
 * never reach another. What a card may show is decided by server/exercise-state.ts; the
 * reference answer and worked steps leave it only when the reveal policy allows it.
 */
import { randomUUID } from 'node:crypto';
import { rulesFor, settingsOf, standing, type AttemptScore } from '@/lib/content';
import { getKind, gradeAnswer, verdictOf } from '@/lib/exercises';
import type { Prisma, PrismaClient } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import { heldAttempts, logEvent, openExam, resultsHeld, sittingContext } from '@/server/assessments';
import { draftPlace, removeDraft } from '@/server/answer-drafts';
import { exerciseState, studentVariant, type ExerciseRowLike } from '@/server/exercise-state';
import { diagnosisOf, effective, NEWEST_GRADE, storedResult, toResult, type StoredResult } from '@/server/results';
import { queueScoresSafely } from '@/server/lti/outbox';
import type { ExerciseState, LessonView, SubmitOutcome, Verdict } from '@/server/wire';

/** Oldest first; the id breaks ties within one millisecond. */
const OLDEST_FIRST = [{ createdAt: 'asc' }, { id: 'asc' }] as const satisfies Prisma.AttemptOrderByWithRelationInput[];

// ─── loading a lesson for a student ────────────────────────────────────────────

/** The state of every exercise of a lesson for one student (who must be enrolled in its course). */
export async function lessonView(
  prisma: PrismaClient,
  userId: string,
  courseSlug: string,
  lessonSlug: string,
  now = new Date(),
): Promise<LessonView> {
  const course = await prisma.course.findUnique({ where: { slug: courseSlug }, select: { id: true, slug: true, title: true } });
  if (!course) return { status: 'not-found' };
  const role = await courseRole(prisma, userId, course.id);
  if (!role) return { status: 'not-enrolled', course: { slug: course.slug, title: course.title } };
  const lesson = await prisma.lesson.findUnique({
    where: { courseId_slug: { courseId: course.id, slug: lessonSlug } },
    include: {
      exercises: {
        orderBy: { position: 'asc' },
        include: {
          attempts: { where: { userId, sittingId: null }, orderBy: [...OLDEST_FIRST], include: NEWEST_GRADE },
          drafts: { where: { userId, place: draftPlace(null) }, select: { text: true, updatedAt: true } },
        },
      },
      extensions: { where: { userId }, select: { dueAt: true } },
    },
  });
  if (!lesson) return { status: 'not-found' };
  const staff = role === 'instructor';
  const exam = staff ? null : await openExam(prisma, userId, now);
  return {
    status: 'ok',
    exercises: lesson.exercises.map((ex) => {
      const rules = rulesFor(settingsOf(ex.settings), lesson, lesson.extensions[0]);
      const state = exerciseState({ exercise: ex, userId, attempts: ex.attempts, last: ex.attempts.at(-1) ?? null, dueAt: rules.dueAt, now, staff, settings: rules.settings, draft: ex.drafts[0] ?? null });
      return exam ? closedDuringExam(state, exam.title) : state;
    }),
  };
}

/** A lesson's card while the student sits an exam of the course: no answers, hints, worked steps or practice. */
export function closedDuringExam(state: ExerciseState, examTitle: string): ExerciseState {
  return {
    ...state,
    status: state.status === 'unavailable' ? state.status : 'closed',
    closedReason: `Closed during the exam (${examTitle}): lesson exercises reopen when it ends.`,
    last: null,
    hintsHtml: [],
    solution: null,
    practice: false,
  };
}

/** The user's role in the course (student | instructor), or null when not enrolled. */
export async function courseRole(prisma: PrismaClient, userId: string, courseId: string): Promise<string | null> {
  const row = await prisma.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { role: true } });
  return row?.role ?? null;
}

// ─── submitting an answer ──────────────────────────────────────────────────────

/** One submission, as POST /api/attempts receives it (after validation and sign-in). */
export interface Submission {
  userId: string;
  course: string;
  exercise: string;
  /** Exactly what the student typed. */
  answer: string;
  /** Made by the browser once per submission; a retry sends the same key. */
  idempotencyKey: string;
  /** The assessment sitting it is answered in (server/assessments.ts); absent on a lesson page. */
  sitting?: string;
  /** The session it came with: a sitting bound to another one ("sessions": "one") takes no answer from it. */
  sessionId?: string;
  now?: Date;
}

/*
 * The submit path reads and writes with three plain SQL statements rather than Prisma's
 * query builder: when a class answers at once, each built query costs 0.2–0.4 ms of the
 * server's one JavaScript thread (a nested include is one more query per level), and a
 * submission used to make seven of them, several times the cost of reading and grading the
 * answer. The SQL below is portable — quoted identifiers, bound parameters, JSON passed as
 * text, no dialect functions — and runs unchanged on SQLite and PostgreSQL (tests/students
 * runs the submit path on both).
 */

/** The exercise a submission names, its lesson's rules, the student's extension and role. */
export interface SubmitTarget extends ExerciseRowLike {
  id: string;
  courseId: string;
  specHash: string;
  /** The lesson's rules (LessonRules). */
  dueAt: Date | null;
  attempts: number | null;
  reveal: string | null;
  /** The student's extension of the lesson's due date, if any. */
  extensionDueAt: Date | null;
  /** The student's role in the course; null when not enrolled. */
  role: string | null;
}

/** One query: the exercise `key` of course `courseSlug` as `userId` meets it, or null. */
export async function submitTarget(prisma: PrismaClient, userId: string, courseSlug: string, key: string): Promise<SubmitTarget | null> {
  const rows = await prisma.$queryRaw<SubmitTarget[]>`
    SELECT e.id, e."courseId", e.key, e.kind, e.spec, e."specHash", e.settings,
           l."dueAt", l.attempts, l.reveal, x."dueAt" AS "extensionDueAt", en.role
    FROM "Exercise" e
    JOIN "Course" c ON c.id = e."courseId"
    JOIN "Lesson" l ON l.id = e."lessonId"
    LEFT JOIN "Extension" x ON x."lessonId" = l.id AND x."userId" = ${userId}
    LEFT JOIN "Enrollment" en ON en."courseId" = e."courseId" AND en."userId" = ${userId}
    WHERE c.slug = ${courseSlug} AND e.key = ${key}`;
  return rows[0] ?? null;
}

/** An attempt as the submit path reads it: enough for standing() and the idempotency check. */
export interface AttemptTally extends AttemptScore {
  id: string;
  idempotencyKey: string;
  /** The assessment sitting it was answered in; null on the lesson page. */
  sittingId: string | null;
  answerText: string;
}

/** One query: a student's attempts at an exercise (on its lesson and in every sitting), oldest first, each with its newest regrade's result. */
export async function attemptTallies(prisma: PrismaClient, userId: string, exerciseId: string): Promise<AttemptTally[]> {
  const rows = await prisma.$queryRaw<
    { id: string; idempotencyKey: string; sittingId: string | null; answerText: string; score: number; correct: boolean; createdAt: Date; gradeScore: number | null; gradeCorrect: boolean | null }[]
  >`
    SELECT a.id, a."idempotencyKey", a."sittingId", a."answerText", a.score, a.correct, a."createdAt",
           g.score AS "gradeScore", g.correct AS "gradeCorrect"
    FROM "Attempt" a
    LEFT JOIN "Grade" g ON g.id = (
      SELECT g2.id FROM "Grade" g2 WHERE g2."attemptId" = a.id ORDER BY g2."createdAt" DESC, g2.id DESC LIMIT 1
    )
    WHERE a."userId" = ${userId} AND a."exerciseId" = ${exerciseId}
    ORDER BY a."createdAt" ASC, a.id ASC`;
  return rows.map((r) => ({
    id: r.id,
    idempotencyKey: r.idempotencyKey,
    sittingId: r.sittingId,
    answerText: r.answerText,
    score: r.score,
    correct: r.correct,
    createdAt: r.createdAt,
    grades: r.gradeScore === null ? [] : [{ score: r.gradeScore, correct: r.gradeCorrect === true }],
  }));
}

/** A graded attempt to store (every column of Attempt but the id). */
interface NewAttempt extends StoredResult {
  userId: string;
  exerciseId: string;
  seed: number;
  specHash: string;
  graderVersion: number;
  answerText: string;
  parsed: unknown;
  idempotencyKey: string;
  number: number;
  sittingId: string | null;
  createdAt: Date;
}

/** One INSERT; returns the new attempt's id (a random UUID). Throws on a unique violation (see isUniqueViolation). */
async function insertAttempt(prisma: PrismaClient, a: NewAttempt): Promise<string> {
  const id = randomUUID();
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  await prisma.$executeRaw`
    INSERT INTO "Attempt" (id, "userId", "exerciseId", seed, "specHash", "graderVersion", "answerText", parsed,
                           score, correct, entries, feedback, "diagnosisId", trail, parts, "idempotencyKey", number, "sittingId", "createdAt")
    VALUES (${id}, ${a.userId}, ${a.exerciseId}, ${a.seed}, ${a.specHash}, ${a.graderVersion}, ${a.answerText}, ${json(a.parsed)},
            ${a.score}, ${a.correct}, ${json(a.entries)}, ${json(a.feedback)}, ${a.diagnosisId}, ${json(a.trail)}, ${json(a.parts)}, ${a.idempotencyKey}, ${a.number}, ${a.sittingId}, ${a.createdAt})`;
  return id;
}

/**
 * Reads and grades a student's answer to their own variant and stores it as an Attempt
 * (seed, spec hash, grader version, raw and parsed answer, score, per-entry credit,
 * feedback, diagnosis, trail of checks). An unreadable answer is reported with where it failed and is not
 * stored. A key already used by this student for this exercise returns the stored attempt
 * (also when two copies of one request race: the unique key lets one row in).
 */
export async function submitAttempt(prisma: PrismaClient, sub: Submission): Promise<SubmitOutcome> {
  const now = sub.now ?? new Date();
  const target = await submitTarget(prisma, sub.userId, sub.course, sub.exercise);
  if (!target) return { status: 'not-found' };
  if (!target.role) return { status: 'not-enrolled' };
  const staff = target.role === 'instructor';
  // In a sitting the assessment's rules apply (server/assessments.ts); on a lesson page the lesson's.
  const sitting = sub.sitting ? await sittingContext(prisma, sub.userId, sub.sitting, target.key, target.settings, now, sub.sessionId) : null;
  if (sub.sitting && !sitting) return { status: 'not-found' };
  const rules = sitting
    ? { settings: sitting.settings, dueAt: sitting.deadline }
    : rulesFor(settingsOf(target.settings), target, target.extensionDueAt ? { dueAt: target.extensionDueAt } : null);
  // While the student sits an exam, only answers in that exam's sitting are taken (server/exam-mode.ts).
  const open = staff ? null : await openExam(prisma, sub.userId, now);
  const exam = open && open.id !== sitting?.assessmentId ? open : null;
  const held = sitting?.held ?? false;
  const scope = (all: AttemptTally[]) => all.filter((a) => a.sittingId === (sitting?.sittingId ?? null));

  /** The card after `attempts` (of this scope), whose newest is read in full (its answer and feedback are shown). */
  const stateAfter = async (attempts: AttemptTally[]): Promise<ExerciseState> => {
    const cardSitting = sitting ? { id: sitting.sittingId, seed: sitting.seed, closedReason: sitting.closedReason } : undefined;
    if (held) {
      const card = exerciseState({ exercise: target, userId: sub.userId, attempts: heldAttempts(attempts), last: null, dueAt: rules.dueAt, now, staff: false, settings: rules.settings, sitting: cardSitting });
      const saved = { ...card, bestScore: null, savedAnswer: attempts.at(-1)?.answerText ?? null };
      return exam ? closedDuringExam(saved, exam.title) : saved;
    }
    const newest = attempts.at(-1);
    const last = newest ? await prisma.attempt.findUnique({ where: { id: newest.id }, include: NEWEST_GRADE }) : null;
    const card = exerciseState({ exercise: target, userId: sub.userId, attempts, last, dueAt: rules.dueAt, now, staff, settings: rules.settings, sitting: cardSitting });
    return exam ? closedDuringExam(card, exam.title) : card;
  };
  const repeat = async (): Promise<SubmitOutcome> => {
    const stored = await prisma.attempt.findUnique({ where: { idempotencyKey: sub.idempotencyKey }, include: NEWEST_GRADE });
    if (!stored || stored.userId !== sub.userId || stored.exerciseId !== target.id || stored.sittingId !== (sitting?.sittingId ?? null)) return { status: 'key-reused' };
    const state = await stateAfter(scope(await attemptTallies(prisma, sub.userId, target.id)));
    return held ? { status: 'saved', repeated: true, state } : { status: 'graded', repeated: true, result: toResult(target.kind, stored, target.spec), state };
  };

  // A copy of this request stored before the attempts are read is among them; one stored
  // after is caught by the unique key on insert. Either way it is returned, never judged
  // 'closed'. (Another student's key also fails the insert, and is refused in repeat().)
  // Two different answers sent at once both read n attempts and both claim number n + 1;
  // the unique (user, exercise, number) lets one in and the other reads the attempts again —
  // so the last attempt allowed can never be used twice. Numbers run over the lesson's and
  // every sitting's attempts at the exercise; the rules count only those of this scope.
  for (let round = 0; ; round++) {
    const all = await attemptTallies(prisma, sub.userId, target.id);
    if (all.some((a) => a.idempotencyKey === sub.idempotencyKey)) return repeat();
    const attempts = scope(all);
    if (exam) {
      await logEvent(prisma, exam.id, sub.userId, 'refused', now, { reason: 'closed-for-exam', exercise: target.key, course: sub.course });
      return { status: 'closed', state: await stateAfter(attempts) };
    }
    if (sitting?.closedReason) return { status: 'closed', state: await stateAfter(attempts) };
    const counted = held ? heldAttempts(attempts) : attempts;
    if (standing(rules.settings, counted, rules.dueAt, now).status !== 'open') return { status: 'closed', state: await stateAfter(attempts) };

    const { seed, solved } = studentVariant(target, sub.userId, sitting?.seed);
    if (!solved) return { status: 'closed', state: await stateAfter(attempts) }; // the card says 'unavailable'
    const graded = gradeAnswer(solved, sub.answer);
    if (!graded.ok) return { status: 'unreadable', error: graded.error, state: await stateAfter(attempts) };
    const result = storedResult(graded.grade);
    let id: string;
    try {
      id = await insertAttempt(prisma, {
        ...result,
        userId: sub.userId,
        exerciseId: target.id,
        seed,
        specHash: target.specHash,
        graderVersion: graded.version,
        answerText: sub.answer,
        parsed: graded.parsed,
        idempotencyKey: sub.idempotencyKey,
        number: all.length + 1,
        sittingId: sitting?.sittingId ?? null,
        createdAt: now,
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // This key stored a moment ago (the same request sent twice), or another student's key:
      const keyTaken = await prisma.attempt.findUnique({ where: { idempotencyKey: sub.idempotencyKey }, select: { id: true } });
      if (keyTaken) return repeat();
      if (round >= 5) throw new Error('could not store the attempt: too many answers to this exercise at once');
      continue; // another answer took this attempt's number: count again
    }
    // The answer is stored: its draft is done with (server/answer-drafts.ts). Only an answer in parts, a JSON object, has one.
    if (sub.answer.startsWith('{')) await removeDraft(prisma, sub.userId, target.id, sitting?.sittingId ?? null);
    // An answer saved in a sitting is in the assessment's audit log too (the Attempt holds the answer itself).
    if (sitting) await logEvent(prisma, sitting.assessmentId, sub.userId, 'answer', now, { exercise: target.key, number: all.length + 1 });
    if (!sitting) await queueScoresSafely(prisma, [sub.userId], target.id, now); // the LMS gradebook, when the student came from one (server/lti); a sitting's score goes when it is finished (server/lti/outbox.ts queueAssessmentScores)
    const row = { ...result, id, idempotencyKey: sub.idempotencyKey, sittingId: sitting?.sittingId ?? null, answerText: sub.answer, createdAt: now, grades: [] }; // a new attempt has no regrade
    if (held) return { status: 'saved', repeated: false, state: await stateAfter([...attempts, row]) };
    const cardSitting = sitting ? { id: sitting.sittingId, seed: sitting.seed, closedReason: null } : undefined;
    const state = exerciseState({ exercise: target, userId: sub.userId, attempts: [...attempts, row], last: row, dueAt: rules.dueAt, now, staff, settings: rules.settings, sitting: cardSitting });
    return { status: 'graded', repeated: false, result: toResult(target.kind, row, target.spec), state };
  }
}

// ─── progress and history ──────────────────────────────────────────────────────

/** One lesson's progress for one student. */
export interface LessonProgress {
  slug: string;
  title: string;
  position: number;
  /** Exercises in the lesson. */
  total: number;
  /** Exercises with at least one graded attempt. */
  attempted: number;
  /** Exercises finished: answered correctly, or closed (no attempts left, answer shown). */
  done: number;
  /** Mean over the lesson's exercises of the best score (0 for unattempted ones), 0..1. */
  score: number;
  /** Time of the newest attempt in the lesson. */
  lastActivity: Date | null;
}

/**
 * A student's progress in each lesson of a course, in course order. Lessons with no
 * exercises are included (total 0). Returns null when the course does not exist.
 */
export async function courseProgress(prisma: PrismaClient, userId: string, courseSlug: string, now = new Date()): Promise<LessonProgress[] | null> {
  const course = await prisma.course.findUnique({
    where: { slug: courseSlug },
    include: {
      lessons: {
        orderBy: { position: 'asc' },
        include: {
          exercises: {
            select: { settings: true, attempts: { where: { userId, sittingId: null }, orderBy: [...OLDEST_FIRST], include: NEWEST_GRADE } },
          },
          extensions: { where: { userId }, select: { dueAt: true } },
        },
      },
    },
  });
  if (!course) return null;
  return course.lessons.map((lesson) => {
    const standings = lesson.exercises.map((ex) => {
      const rules = rulesFor(settingsOf(ex.settings), lesson, lesson.extensions[0]);
      return standing(rules.settings, ex.attempts, rules.dueAt, now);
    });
    const times = standings.map((s) => s.lastActivity?.getTime() ?? -Infinity);
    const newest = Math.max(-Infinity, ...times);
    return {
      slug: lesson.slug,
      title: lesson.title,
      position: lesson.position,
      total: standings.length,
      attempted: standings.filter((s) => s.attemptsUsed > 0).length,
      done: standings.filter((s) => s.status !== 'open').length,
      score: standings.length ? standings.reduce((sum, s) => sum + (s.bestScore ?? 0), 0) / standings.length : 0,
      lastActivity: Number.isFinite(newest) ? new Date(newest) : null,
    };
  });
}

/** One line of a student's attempt history. */
export interface HistoryEntry {
  id: string;
  createdAt: Date;
  course: { slug: string; title: string };
  lesson: { slug: string; title: string };
  exercise: { key: string; title: string };
  answerText: string;
  verdict: Verdict;
  score: number;
  diagnosis: string | null;
  /** Set when a regrade changed this attempt's result: when, and the score it had before. */
  regraded: { at: Date; previousScore: number } | null;
  /** An answer in a quiz or exam whose results are held until release: its verdict, score and diagnosis are not shown (they read as wrong and 0). */
  held: boolean;
}

/**
 * A student's own attempts, newest first, `limit` at a time; `before` is the id of the last
 * attempt of the previous page. Returns the page and the cursor of the next one (null at the end).
 */
export async function attemptHistory(
  prisma: PrismaClient,
  userId: string,
  opts: { limit?: number; before?: string } = {},
): Promise<{ entries: HistoryEntry[]; next: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  // The cursor must be one of this student's attempts; anyone else's id is ignored.
  const cursor = opts.before
    ? await prisma.attempt.findFirst({ where: { id: opts.before, userId }, select: { id: true } })
    : null;
  const rows = await prisma.attempt.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor.id }, skip: 1 } : {}),
    include: {
      ...NEWEST_GRADE,
      exercise: {
        select: {
          key: true,
          kind: true,
          settings: true,
          course: { select: { slug: true, title: true } },
          lesson: { select: { slug: true, title: true } },
        },
      },
      sitting: { select: { assessment: { select: { reveal: true, releasedAt: true } } } },
    },
  });
  const page = rows.slice(0, limit);
  return {
    entries: page.map((a) => {
      const ex = a.exercise;
      const held = a.sitting !== null && resultsHeld(a.sitting.assessment);
      const shown = {
        id: a.id,
        createdAt: a.createdAt,
        course: ex.course,
        lesson: ex.lesson,
        exercise: { key: ex.key, title: settingsOf(ex.settings).title ?? getKind(ex.kind)?.title ?? ex.key },
        answerText: a.answerText,
      };
      if (held) return { ...shown, verdict: 'wrong' as const, score: 0, diagnosis: null, regraded: null, held: true };
      const e = effective(a);
      return {
        ...shown,
        verdict: verdictOf(e.correct, e.score),
        score: e.score,
        diagnosis: diagnosisOf(ex.kind, e.diagnosisId)?.message ?? null,
        // The score before the newest regrade is the attempt's own, or an earlier regrade's; the
        // student sees that their grade changed, and from what (the attempt's own result is kept).
        regraded: a.grades[0] ? { at: a.grades[0].createdAt, previousScore: a.score } : null,
        held: false,
      };
    }),
    next: rows.length > limit ? page[page.length - 1].id : null,
  };
}
