/**
 * Bulk regrade: after an exercise's spec or its kind's grader changed, grade every stored
 * attempt again — the attempt's own seed, the exercise's CURRENT spec, the answer exactly as
 * typed — and record each result that differs as a new Grade. Attempt rows and older Grade
 * rows are never updated or deleted; the newest Grade of an attempt is its effective result.
 *
 * The caller has already checked access (server/teach/guard.ts) and passes the course id it
 * got from there: every query below is scoped to that course.
 */
import { z } from 'zod';
import { settingsOf } from '@/lib/content';
import { getKind, gradeAnswer, solveVariant, type Check, type Grade, type Solved } from '@/lib/exercises';
import type { Prisma, PrismaClient } from '@/server/db/client';
import { queueRegradedSittingsSafely, queueScoresSafely } from '@/server/lti/outbox';
import { effective, NEWEST_GRADE, resultSummary, storedResult, trailOf, type StoredResult } from '@/server/results';
import type { ResultSummary } from '@/server/wire';

// ─── shapes ────────────────────────────────────────────────────────────────────

/** What regrade is asked to do. */
export interface RegradeOptions {
  courseId: string;
  /** One exercise (its key in the course); undefined = every exercise of the course. */
  exerciseKey?: string;
  /** Why, stored with the run and each Grade, e.g. "grader 1 → 2". */
  reason: string;
  /** The instructor running it (RegradeRun.createdById). */
  actorId: string;
  /** false: a preview that writes nothing; true: write the Grades and a RegradeRun. */
  apply: boolean;
  /** Attempts read per query (and written per transaction). Default 500. */
  batchSize?: number;
  /** How many changes and failures to list; the counts always cover every attempt. Default 200. */
  listLimit?: number;
}

/** Who made an attempt. */
export interface StudentRef {
  id: string;
  name: string;
  email: string;
}

/** One attempt whose result a regrade changes (or changed). */
export interface RegradeChange {
  attemptId: string;
  student: StudentRef;
  exerciseKey: string;
  /** ISO time of the attempt. */
  attemptedAt: string;
  /** Exactly as the student typed it (render as text only). */
  answerText: string;
  old: ResultSummary;
  new: ResultSummary;
  /** The checks of the grade's trail whose outcome differs (null: the check was not made). */
  checks: CheckChange[];
  /** False when only the diagnosis changed: the score and the verdict stay. */
  scoreChanged: boolean;
}

/** One named check of a grade's trail that came out differently after the regrade. */
export interface CheckChange {
  name: string;
  old: boolean | null;
  new: boolean | null;
}

/** The checks whose outcome differs between two trails, in the order they were made (old first). */
export function changedChecks(before: readonly Check[], after: readonly Check[]): CheckChange[] {
  const was = new Map(before.map((c) => [c.name, c.passed]));
  const now = new Map(after.map((c) => [c.name, c.passed]));
  const names = [...new Set([...was.keys(), ...now.keys()])];
  return names.filter((n) => was.get(n) !== now.get(n)).map((n) => ({ name: n, old: was.get(n) ?? null, new: now.get(n) ?? null }));
}

/** One attempt that could not be graded again. */
export interface RegradeFailure {
  attemptId: string;
  student: StudentRef;
  exerciseKey: string;
  attemptedAt: string;
  answerText: string;
  /** Why: the variant no longer generates, or the answer no longer reads. */
  message: string;
}

/** What a regrade found (and, when applied, wrote). */
export type RegradeReport =
  | { status: 'not-found' }
  | {
      status: 'ok';
      /** The RegradeRun written; null for a preview. */
      runId: string | null;
      checked: number;
      /** Attempts whose result changes: their score or verdict, or only their diagnosis. */
      changed: number;
      /** Of `changed`, those whose score or verdict changes (the rest change only the diagnosis). */
      scoreChanged: number;
      failed: number;
      /** The first `listLimit` changes, in the order the attempts were read. */
      changes: RegradeChange[];
      failures: RegradeFailure[];
      /** Wall time, milliseconds. */
      ms: number;
    };

// ─── grading one attempt again ─────────────────────────────────────────────────

type ExerciseRow = { id: string; key: string; kind: string; spec: unknown; specHash: string };

/** The variant of an exercise at a seed under its current spec, or why it cannot be made. */
type VariantOrError = { ok: true; solved: Solved } | { ok: false; message: string };


type Comparable = { score: number; correct: boolean; diagnosisId: string | null };

/** Whether two results give the same score and verdict (what the gradebook and the student see). */
function sameScore(a: Comparable, b: Comparable): boolean {
  return Math.abs(a.score - b.score) < 1e-9 && a.correct === b.correct;
}

/** Whether two results are the same: score, verdict and diagnosis (a new diagnosis is worth recording for the misconceptions report). */
function sameResult(a: Comparable, b: Comparable): boolean {
  return sameScore(a, b) && (a.diagnosisId ?? null) === (b.diagnosisId ?? null);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const ATTEMPT_FIELDS = {
  id: true,
  userId: true,
  seed: true,
  answerText: true,
  createdAt: true,
  score: true,
  correct: true,
  entries: true,
  feedback: true,
  diagnosisId: true,
  trail: true,
  parts: true,
  grades: NEWEST_GRADE.grades,
} as const satisfies Prisma.AttemptSelect;

// ─── the run ───────────────────────────────────────────────────────────────────

/**
 * Grades every attempt of one exercise (or the whole course) again under the exercise's
 * current spec and its kind's current grader, and compares each with the attempt's effective
 * result (newest Grade, else its own): score, verdict and diagnosis. With `apply`, each
 * changed attempt gets a new Grade (grader version and spec hash of now, the reason, the
 * run) and a RegradeRun records the counts; every batch of attempts is one transaction, so
 * the run's counts always match the Grades written. Unchanged attempts get nothing. An
 * attempt whose variant no longer generates or whose answer no longer reads counts as
 * failed and gets no Grade. Without `apply` nothing is written.
 */
export async function regrade(prisma: PrismaClient, opts: RegradeOptions): Promise<RegradeReport> {
  const started = performance.now();
  const batchSize = Math.max(1, opts.batchSize ?? 500);
  const listLimit = Math.max(0, opts.listLimit ?? 200);
  const exercises: ExerciseRow[] = await prisma.exercise.findMany({
    where: { courseId: opts.courseId, ...(opts.exerciseKey !== undefined ? { key: opts.exerciseKey } : {}) },
    orderBy: [{ lesson: { position: 'asc' } }, { position: 'asc' }],
    select: { id: true, key: true, kind: true, spec: true, specHash: true },
  });
  if (opts.exerciseKey !== undefined && exercises.length === 0) return { status: 'not-found' };

  const run = opts.apply
    ? await prisma.regradeRun.create({
        data: { courseId: opts.courseId, exerciseKey: opts.exerciseKey ?? null, reason: opts.reason, createdById: opts.actorId, checked: 0, changed: 0, failed: 0 },
        select: { id: true },
      })
    : null;

  let checked = 0;
  let changed = 0;
  let scoreChanged = 0;
  let failed = 0;
  // Listed items keep the user id; names are looked up once at the end.
  const changes: (Omit<RegradeChange, 'student'> & { userId: string })[] = [];
  const failures: (Omit<RegradeFailure, 'student'> & { userId: string })[] = [];

  for (const exercise of exercises) {
    // One variant per seed: every attempt of a student shares it, and solving is the slow part.
    const variants = new Map<number, VariantOrError>();
    const variantAt = (seed: number): VariantOrError => {
      let v = variants.get(seed);
      if (!v) {
        try {
          v = { ok: true, solved: solveVariant(exercise.spec, seed) };
        } catch (err) {
          v = { ok: false, message: `The variant no longer generates: ${errorText(err)}` };
        }
        variants.set(seed, v);
      }
      return v;
    };

    /** Students whose score at this exercise a written Grade changed: their LMS scores are queued. */
    const moved = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const batch = await prisma.attempt.findMany({
        where: { exerciseId: exercise.id },
        orderBy: { id: 'asc' },
        take: batchSize,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        select: ATTEMPT_FIELDS,
      });
      if (batch.length === 0) break;
      cursor = batch[batch.length - 1].id;

      const grades: Prisma.GradeCreateManyInput[] = [];
      let batchFailed = 0;
      const now = Date.now();
      for (const a of batch) {
        const variant = variantAt(a.seed);
        let message: string | null = null;
        let grade: Grade | null = null;
        let version = 0;
        if (!variant.ok) message = variant.message;
        else {
          const graded = gradeAnswer(variant.solved, a.answerText);
          if (!graded.ok) message = `The answer no longer reads: ${graded.error.message}`;
          else {
            grade = graded.grade;
            version = graded.version;
          }
        }
        const base = { attemptId: a.id, userId: a.userId, exerciseKey: exercise.key, attemptedAt: a.createdAt.toISOString(), answerText: a.answerText };
        if (!grade) {
          batchFailed++;
          if (failures.length < listLimit) failures.push({ ...base, message: message ?? 'Not graded.' });
          continue;
        }
        const old: StoredResult = effective(a);
        const next = storedResult(grade);
        if (sameResult(old, next)) continue;
        changed++;
        const scoreMoved = !sameScore(old, next);
        if (scoreMoved) scoreChanged++;
        if (scoreMoved && run) moved.add(a.userId);
        if (changes.length < listLimit) {
          changes.push({
            ...base,
            old: resultSummary(exercise.kind, old),
            new: resultSummary(exercise.kind, next),
            checks: changedChecks(trailOf(old), grade.trail),
            scoreChanged: scoreMoved,
          });
        }
        if (run) {
          // Strictly newer than the Grade it supersedes, so "newest" is never a tie.
          const previous = a.grades[0]?.createdAt.getTime() ?? 0;
          grades.push({
            attemptId: a.id,
            graderVersion: version,
            specHash: exercise.specHash,
            score: grade.score,
            correct: grade.correct,
            entries: grade.entries ? (grade.entries as unknown as Prisma.InputJsonValue) : undefined,
            feedback: grade.feedback,
            diagnosisId: next.diagnosisId,
            trail: grade.trail as unknown as Prisma.InputJsonValue,
            parts: next.parts ? (next.parts as Prisma.InputJsonValue) : undefined,
            reason: opts.reason,
            runId: run.id,
            createdAt: new Date(Math.max(now, previous + 1)),
          });
        }
      }
      checked += batch.length;
      failed += batchFailed;
      if (run) {
        await prisma.$transaction([
          ...(grades.length ? [prisma.grade.createMany({ data: grades })] : []),
          prisma.regradeRun.update({
            where: { id: run.id },
            data: { checked: { increment: batch.length }, changed: { increment: grades.length }, failed: { increment: batchFailed } },
          }),
        ]);
      }
      if (batch.length < batchSize) break;
    }
    await queueScoresSafely(prisma, [...moved], exercise.id); // the LMS gradebooks (server/lti)
    await queueRegradedSittingsSafely(prisma, [...moved], exercise.id); // and the assessments that hold it
  }

  const students = await studentsById(prisma, [...changes, ...failures].map((c) => c.userId));
  const withStudent = <T extends { userId: string }>({ userId, ...rest }: T) => ({ ...rest, student: students.get(userId) ?? { id: userId, name: '', email: '' } });
  return {
    status: 'ok',
    runId: run?.id ?? null,
    checked,
    changed,
    scoreChanged,
    failed,
    changes: changes.map(withStudent) as RegradeChange[],
    failures: failures.map(withStudent) as RegradeFailure[],
    ms: performance.now() - started,
  };
}

async function studentsById(prisma: PrismaClient, ids: string[]): Promise<Map<string, StudentRef>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await prisma.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true, email: true } });
  return new Map(rows.map((u) => [u.id, u]));
}

// ─── what the regrade page shows before a run ──────────────────────────────────

/** One exercise of the course on the regrade page. */
export interface RegradeExercise {
  key: string;
  title: string;
  lesson: string;
  /** Attempts stored for it. */
  attempts: number;
  /**
   * Attempts graded under another spec hash or grader version than now, not regraded
   * under the current ones since (by a Grade, or by a run after the exercise last changed).
   */
  stale: number;
  /** A reason to suggest: "grader 1 → 2", "spec changed" or "re-check". */
  defaultReason: string;
}

/** The exercises of a course for the regrade page, in course order, and the stale total. */
export async function regradeOverview(prisma: PrismaClient, courseId: string): Promise<{ exercises: RegradeExercise[]; stale: number; defaultReason: string }> {
  const [exercises, counts, runs] = await Promise.all([
    prisma.exercise.findMany({
      where: { courseId },
      orderBy: [{ lesson: { position: 'asc' } }, { position: 'asc' }],
      select: { id: true, key: true, kind: true, kindVersion: true, specHash: true, settings: true, updatedAt: true, lesson: { select: { title: true } } },
    }),
    prisma.attempt.groupBy({ by: ['exerciseId'], where: { exercise: { courseId } }, _count: { _all: true } }),
    prisma.regradeRun.groupBy({ by: ['exerciseKey'], where: { courseId }, _max: { createdAt: true } }),
  ]);
  const attemptsOf = new Map(counts.map((c) => [c.exerciseId, c._count._all]));
  const lastRun = new Map(runs.map((r) => [r.exerciseKey, r._max.createdAt]));
  const rows = await Promise.all(
    exercises.map(async (ex): Promise<RegradeExercise> => {
      const version = getKind(ex.kind)?.version ?? ex.kindVersion;
      const attempts = attemptsOf.get(ex.id) ?? 0;
      // A run over this exercise (or the whole course) after its last change has seen every
      // attempt made before the run under the current spec, changed or not.
      const runs = [lastRun.get(ex.key), lastRun.get(null)].filter((d): d is Date => d != null && d.getTime() >= ex.updatedAt.getTime());
      const coveredUntil = runs.length ? new Date(Math.max(...runs.map((d) => d.getTime()))) : null;
      const where: Prisma.AttemptWhereInput = {
        exerciseId: ex.id,
        OR: [{ specHash: { not: ex.specHash } }, { graderVersion: { not: version } }],
        grades: { none: { specHash: ex.specHash, graderVersion: version } },
        ...(coveredUntil ? { createdAt: { gte: coveredUntil } } : {}),
      };
      const stale = attempts ? await prisma.attempt.count({ where }) : 0;
      const older = stale ? await prisma.attempt.findFirst({ where: { ...where, graderVersion: { not: version } }, select: { graderVersion: true } }) : null;
      return {
        key: ex.key,
        title: settingsOf(ex.settings).title ?? getKind(ex.kind)?.title ?? ex.key,
        lesson: ex.lesson.title,
        attempts,
        stale,
        defaultReason: older ? `grader ${older.graderVersion} → ${version}` : stale ? 'spec changed' : 're-check',
      };
    }),
  );
  const staleReasons = [...new Set(rows.filter((r) => r.stale).map((r) => r.defaultReason))];
  return {
    exercises: rows,
    stale: rows.reduce((sum, r) => sum + r.stale, 0),
    defaultReason: staleReasons.length ? staleReasons.join('; ').slice(0, REASON_MAX) : 're-check',
  };
}

// ─── past runs ─────────────────────────────────────────────────────────────────

/** One past run, as the regrade page lists it. */
export interface RunSummary {
  id: string;
  /** ISO time. */
  createdAt: string;
  /** null = the whole course. */
  exerciseKey: string | null;
  reason: string;
  by: { name: string; email: string } | null;
  checked: number;
  changed: number;
  failed: number;
}

/** The course's regrade runs, newest first. */
export async function regradeRuns(prisma: PrismaClient, courseId: string, limit = 50): Promise<RunSummary[]> {
  const runs = await prisma.regradeRun.findMany({ where: { courseId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
  const users = await studentsById(prisma, runs.map((r) => r.createdById));
  return runs.map((r) => {
    const u = users.get(r.createdById);
    return {
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      exerciseKey: r.exerciseKey,
      reason: r.reason,
      by: u ? { name: u.name, email: u.email } : null,
      checked: r.checked,
      changed: r.changed,
      failed: r.failed,
    };
  });
}

/**
 * The changes one run of this course recorded: for each of its Grades, the result it
 * superseded (the attempt's previous Grade, else the attempt's own result) and its own.
 * Null when the run is not this course's.
 */
export async function runChanges(prisma: PrismaClient, courseId: string, runId: string, limit = 500): Promise<RegradeChange[] | null> {
  const run = await prisma.regradeRun.findFirst({ where: { id: runId, courseId }, select: { id: true } });
  if (!run) return null;
  const grades = await prisma.grade.findMany({
    where: { runId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: limit,
    include: {
      attempt: {
        select: {
          id: true,
          answerText: true,
          createdAt: true,
          score: true,
          correct: true,
          diagnosisId: true,
          entries: true,
          trail: true,
          user: { select: { id: true, name: true, email: true } },
          exercise: { select: { key: true, kind: true } },
        },
      },
    },
  });
  const earlier = await prisma.grade.findMany({
    where: { attemptId: { in: grades.map((g) => g.attemptId) } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { attemptId: true, createdAt: true, score: true, correct: true, diagnosisId: true, entries: true, trail: true },
  });
  return grades.map((g) => {
    const a = g.attempt;
    const before = earlier.filter((e) => e.attemptId === g.attemptId && e.createdAt.getTime() < g.createdAt.getTime()).at(-1);
    return {
      attemptId: a.id,
      student: a.user,
      exerciseKey: a.exercise.key,
      attemptedAt: a.createdAt.toISOString(),
      answerText: a.answerText,
      old: resultSummary(a.exercise.kind, before ?? a),
      new: resultSummary(a.exercise.kind, g),
      checks: changedChecks(trailOf(before ?? a), trailOf(g)),
      scoreChanged: !sameScore(before ?? a, g),
    };
  });
}

// ─── the form ──────────────────────────────────────────────────────────────────

/** Longest reason stored. */
export const REASON_MAX = 200;

const RegradeForm = z.object({
  exerciseKey: z.string().max(200, 'That exercise id is too long.').default(''),
  reason: z.string({ error: 'Say why you regrade.' }).trim().min(1, 'Say why you regrade, e.g. "spec changed".').max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`),
});

/** The regrade form's fields, checked: an exercise key ('' = the whole course) and a reason. */
export function parseRegradeForm(values: unknown): { ok: true; exerciseKey?: string; reason: string } | { ok: false; fieldErrors: Record<string, string>; message: string } {
  const parsed = RegradeForm.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return { ok: false, fieldErrors, message: Object.values(fieldErrors)[0] ?? 'The form was not filled in correctly.' };
  }
  return { ok: true, exerciseKey: parsed.data.exerciseKey === '' ? undefined : parsed.data.exerciseKey, reason: parsed.data.reason };
}
