/**
 * The gradebook of a course, one student's attempts (the drill-down), and the two CSV
 * downloads (gradebook.csv and attempts.csv).
 *
 * Who counts: the students of the course are its Enrollment rows with role "student"; an
 * instructor's own answers on the lesson pages and the attempts of removed members are
 * left out of the gradebook and the downloads (the drill-down shows any current member).
 *
 * What counts: the result of an attempt is its effective one, as the student sees it
 * (server/attempts.ts `effective`): the newest Grade (a regrade) when there is one, else the
 * attempt's own grading. A student's cell of an exercise holds the best effective score over
 * their attempts, how many attempts they used and when they made the last one.
 *
 * Every function is pure on a PrismaClient and trusts `courseId` (callers get it from the
 * staff access check in server/teach/guard.ts). The gradebook costs a fixed handful of
 * queries whatever the size of the class: lessons with exercises, enrolments, the attempts
 * grouped per student and exercise, the regrades (and, when there are some, one more grouped
 * query); the downloads read in batches (keyset pagination) so a file of any length is
 * written without holding it in memory.
 */
import { getKind } from '@/lib/exercises';
import { settingsOf } from '@/lib/content';
import { resultSummary, stringList } from '@/server/results';
import type { ResultSummary } from '@/server/wire';
import type { Prisma, PrismaClient } from '@/server/db/client';
import { assessmentResults, weightedTotals } from './assessments';
import { csvLine } from './csv';

// ─── query ─────────────────────────────────────────────────────────────────────

/** The columns the gradebook can be sorted by ("activity" = time of the last attempt). */
export const GRADEBOOK_SORTS = ['name', 'email', 'total', 'activity'] as const;
export type GradebookSort = (typeof GRADEBOOK_SORTS)[number];
export type SortDir = 'asc' | 'desc';

/** What the gradebook page asks for: a lesson (by slug) or the whole course, an order and a page of students (from 1). */
export interface GradebookQuery {
  lesson?: string;
  sort: GradebookSort;
  dir: SortDir;
  page?: number;
}

/**
 * Students per gradebook page. Every cell is a table cell in the HTML and again in the
 * React payload, so 100 exercises × 100 students is already about a megabyte or two; the
 * sort covers the whole class before the page is cut.
 */
export const GRADEBOOK_PAGE_SIZE = 100;

/** The direction a column sorts in when first chosen: names A→Z, totals and activity highest/newest first. */
export function defaultDir(sort: GradebookSort): SortDir {
  return sort === 'name' || sort === 'email' ? 'asc' : 'desc';
}

function one(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads `?lesson=&sort=&dir=&page=` from a page's search params. An unknown sort is by
 * name, an unknown direction is the column's default, a page that is not a whole number ≥ 1
 * is the first; the lesson is passed on as given (the gradebook says when there is no such
 * lesson).
 */
export function readGradebookQuery(params: Record<string, string | string[] | undefined>): GradebookQuery {
  const sortParam = one(params.sort);
  const sort = (GRADEBOOK_SORTS as readonly string[]).includes(sortParam ?? '') ? (sortParam as GradebookSort) : 'name';
  const dirParam = one(params.dir);
  const dir = dirParam === 'asc' || dirParam === 'desc' ? dirParam : defaultDir(sort);
  const lesson = one(params.lesson);
  const page = Number(one(params.page));
  return { sort, dir, ...(lesson ? { lesson } : {}), ...(Number.isSafeInteger(page) && page > 1 ? { page } : {}) };
}

// ─── shapes ────────────────────────────────────────────────────────────────────

/** A lesson as the gradebook lists it. */
export interface LessonRef {
  slug: string;
  title: string;
}

/** One column of the gradebook. */
export interface GradebookExercise {
  id: string;
  key: string;
  /** The exercise title (may hold $…$ math), else the kind's title. */
  title: string;
  kind: string;
  lesson: LessonRef;
}

/** One student's work on one exercise. */
export interface GradebookCell {
  /** Best effective score over their attempts, 0..1; null when they made none. */
  best: number | null;
  attempts: number;
  /** Time of their newest attempt. */
  last: Date | null;
}

/** One student's line. `cells` follows `exercises` of the gradebook, one per column. */
export interface GradebookRow {
  userId: string;
  name: string;
  email: string;
  cells: GradebookCell[];
  /** Mean best score over the shown exercises (unattempted ones count 0); null when none are shown. */
  total: number | null;
  /** Time of their newest attempt on the shown exercises. */
  lastActivity: Date | null;
}

/** The whole gradebook (of the course, or of one lesson). */
export interface Gradebook {
  status: 'ok';
  /** Every lesson of the course, for the filter. */
  lessons: LessonRef[];
  /** The lesson shown, or null for the whole course. */
  lesson: LessonRef | null;
  /** The shown lessons that have exercises, with how many columns each spans (header groups). */
  groups: (LessonRef & { span: number })[];
  /** The columns, in course order. */
  exercises: GradebookExercise[];
  /** The students of the page shown, in order. */
  rows: GradebookRow[];
  /** Students in the course (on all pages). */
  students: number;
  /** The page shown (from 1; the last one when a later page was asked for) and how many there are (at least 1). */
  page: number;
  pages: number;
  /** Position in the whole sorted class of the page's first row (0-based). */
  offset: number;
  sort: GradebookSort;
  dir: SortDir;
}

// ─── the cells ─────────────────────────────────────────────────────────────────

/** userId → exerciseId → cell. */
type CellMap = Map<string, Map<string, GradebookCell>>;

/** Which attempts the cells are computed from. */
interface CellScope {
  courseId: string;
  /** One lesson's exercises only. */
  lessonId?: string;
  /** These users only (whatever their role); otherwise the course's current students. */
  userIds?: string[];
}

function attemptScope(scope: CellScope): Prisma.AttemptWhereInput {
  return {
    exercise: scope.lessonId ? { courseId: scope.courseId, lessonId: scope.lessonId } : { courseId: scope.courseId },
    ...(scope.userIds
      ? { userId: { in: scope.userIds } }
      : { user: { enrollments: { some: { courseId: scope.courseId, role: 'student' } } } }),
  };
}

function cellIn(cells: CellMap, userId: string, exerciseId: string): GradebookCell {
  let byExercise = cells.get(userId);
  if (!byExercise) cells.set(userId, (byExercise = new Map()));
  let cell = byExercise.get(exerciseId);
  if (!cell) byExercise.set(exerciseId, (cell = { best: null, attempts: 0, last: null }));
  return cell;
}

/**
 * The cells of every (student, exercise) pair with attempts, in two or three queries: the
 * count, newest time and best own score of the attempts per pair, and the regrades (oldest
 * first, so that the last one seen of each attempt is the one that counts). When there are
 * regrades, a regraded attempt's own score must not count: a third query takes the best own
 * score per pair over the attempts never regraded, and each regraded attempt adds its newest
 * regrade's score instead.
 */
async function cellsOf(prisma: PrismaClient, scope: CellScope): Promise<CellMap> {
  const where = attemptScope(scope);
  const [counts, grades] = await Promise.all([
    prisma.attempt.groupBy({ by: ['userId', 'exerciseId'], where, _count: { _all: true }, _max: { createdAt: true, score: true } }),
    prisma.grade.findMany({
      where: { attempt: where },
      select: { attemptId: true, score: true, attempt: { select: { userId: true, exerciseId: true } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
  ]);
  const cells: CellMap = new Map();
  for (const c of counts) {
    const cell = cellIn(cells, c.userId, c.exerciseId);
    cell.attempts = c._count._all;
    cell.last = c._max.createdAt;
    cell.best = c._max.score;
  }
  if (grades.length === 0) return cells;

  const ownBest = await prisma.attempt.groupBy({ by: ['userId', 'exerciseId'], where: { ...where, grades: { none: {} } }, _max: { score: true } });
  for (const byExercise of cells.values()) for (const cell of byExercise.values()) cell.best = null;
  const raise = (cell: GradebookCell, score: number | null) => {
    if (score !== null && (cell.best === null || score > cell.best)) cell.best = score;
  };
  for (const b of ownBest) raise(cellIn(cells, b.userId, b.exerciseId), b._max.score);
  const newest = new Map<string, (typeof grades)[number]>();
  for (const g of grades) newest.set(g.attemptId, g);
  for (const g of newest.values()) raise(cellIn(cells, g.attempt.userId, g.attempt.exerciseId), g.score);
  return cells;
}

// ─── the course's exercises ────────────────────────────────────────────────────

interface CourseExercises {
  lessons: (LessonRef & { id: string; exercises: GradebookExercise[] })[];
}

async function courseExercises(prisma: PrismaClient, courseId: string): Promise<CourseExercises> {
  const lessons = await prisma.lesson.findMany({
    where: { courseId },
    orderBy: { position: 'asc' },
    select: {
      id: true,
      slug: true,
      title: true,
      exercises: { orderBy: { position: 'asc' }, select: { id: true, key: true, kind: true, settings: true } },
    },
  });
  return {
    lessons: lessons.map((l) => ({
      id: l.id,
      slug: l.slug,
      title: l.title,
      exercises: l.exercises.map((ex) => ({
        id: ex.id,
        key: ex.key,
        title: settingsOf(ex.settings).title ?? getKind(ex.kind)?.title ?? ex.key,
        kind: ex.kind,
        lesson: { slug: l.slug, title: l.title },
      })),
    })),
  };
}

/** A student's cells in column order, their total and their last activity. */
function rowOf(user: { id: string; name: string; email: string }, exercises: GradebookExercise[], cells: CellMap): GradebookRow {
  const mine = cells.get(user.id);
  const empty: GradebookCell = { best: null, attempts: 0, last: null };
  const row = exercises.map((ex) => mine?.get(ex.id) ?? empty);
  let sum = 0;
  let last: Date | null = null;
  for (const cell of row) {
    sum += cell.best ?? 0;
    if (cell.last && (!last || cell.last > last)) last = cell.last;
  }
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    cells: row,
    total: exercises.length ? sum / exercises.length : null,
    lastActivity: last,
  };
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * Orders rows in place by `sort` and `dir`. Rows without a value (no activity yet, no
 * total) come last in either direction; ties go by name, then email (A→Z).
 */
export function sortRows(rows: GradebookRow[], sort: GradebookSort, dir: SortDir): GradebookRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const byName = (a: GradebookRow, b: GradebookRow) => collator.compare(a.name, b.name) || collator.compare(a.email, b.email) || (a.email < b.email ? -1 : a.email > b.email ? 1 : 0);
  const value = (r: GradebookRow): number | null => (sort === 'total' ? r.total : sort === 'activity' ? (r.lastActivity?.getTime() ?? null) : null);
  return rows.sort((a, b) => {
    if (sort === 'name') return sign * byName(a, b);
    if (sort === 'email') return sign * (collator.compare(a.email, b.email) || (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
    return sign * (va - vb) || byName(a, b);
  });
}

/**
 * The gradebook of a course: one row per student (Enrollment role "student"), one column per
 * exercise in course order (of one lesson when `query.lesson` names one), the whole class
 * sorted as asked, then cut into pages of `pageSize` students (at most 500; `query.page`,
 * from 1). Sorted by name or email, only the page's students' cells are computed.
 * `lesson-not-found` when that lesson is not in the course.
 */
export async function gradebook(
  prisma: PrismaClient,
  courseId: string,
  query: GradebookQuery = { sort: 'name', dir: 'asc' },
  pageSize = GRADEBOOK_PAGE_SIZE,
): Promise<Gradebook | { status: 'lesson-not-found'; lessons: LessonRef[] }> {
  const course = await courseExercises(prisma, courseId);
  const lessons = course.lessons.map((l) => ({ slug: l.slug, title: l.title }));
  const chosen = query.lesson === undefined ? null : course.lessons.find((l) => l.slug === query.lesson);
  if (chosen === undefined) return { status: 'lesson-not-found', lessons };
  const shown = chosen ? [chosen] : course.lessons;
  const exercises = shown.flatMap((l) => l.exercises);

  const students = await prisma.enrollment.findMany({ where: { courseId, role: 'student' }, select: { user: { select: { id: true, name: true, email: true } } } });
  // Sorting by total or activity needs every student's cells; by name or email only the page's.
  const byScores = query.sort === 'total' || query.sort === 'activity';
  const allCells: CellMap = byScores ? await cellsOf(prisma, { courseId, lessonId: chosen?.id }) : new Map();
  const rows = sortRows(
    students.map((s) => rowOf(s.user, exercises, allCells)),
    query.sort,
    query.dir,
  );
  // At most 500 a page: the page's user ids may become query parameters (SQLite takes 999).
  const size = Math.min(Math.max(1, Math.floor(pageSize)), 500);
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), pages);
  const offset = (page - 1) * size;
  let shownRows = rows.slice(offset, offset + size);
  if (!byScores && shownRows.length > 0) {
    const cells = await cellsOf(prisma, { courseId, lessonId: chosen?.id, userIds: shownRows.map((r) => r.userId) });
    shownRows = shownRows.map((r) => rowOf({ id: r.userId, name: r.name, email: r.email }, exercises, cells));
  }
  return {
    status: 'ok',
    lessons,
    lesson: chosen ? { slug: chosen.slug, title: chosen.title } : null,
    groups: shown.filter((l) => l.exercises.length > 0).map((l) => ({ slug: l.slug, title: l.title, span: l.exercises.length })),
    exercises,
    rows: shownRows,
    students: rows.length,
    page,
    pages,
    offset,
    sort: query.sort,
    dir: query.dir,
  };
}

// ─── one student's attempts ────────────────────────────────────────────────────

/** A graded result (an attempt's own, or one of its regrades) as the instructor reads it. */
export interface ResultView extends ResultSummary {
  feedback: string[];
  graderVersion: number;
  /** When this grading happened. */
  at: Date;
}

/** A regrade of an attempt: the result, and why. */
export interface RegradeView extends ResultView {
  reason: string;
}

/** One attempt of the drill-down. */
export interface StudentAttempt {
  id: string;
  createdAt: Date;
  exercise: { key: string; title: string; kind: string; lesson: LessonRef };
  seed: number;
  /** Exactly as the student typed it: show it as text only. */
  answerText: string;
  /** What counts now: the newest regrade, else `original`. */
  result: ResultView;
  /** The grading when the attempt was made. */
  original: ResultView;
  /** Every regrade, oldest first (empty when never regraded). */
  regrades: RegradeView[];
}

/** One course member's attempts in the course, newest first, a page at a time. */
export type StudentWork =
  | { status: 'not-found' }
  | {
      status: 'ok';
      student: { id: string; name: string; email: string; role: string };
      /** The course's exercises in course order, for the filter. */
      exercises: { key: string; title: string; lesson: LessonRef }[];
      /** The exercise the list is limited to, or null. */
      exercise: string | null;
      /** Exercises with at least one attempt, and the mean best score over all the course's exercises (unattempted = 0). */
      summary: { attempted: number; exercises: number; total: number | null; attempts: number };
      attempts: StudentAttempt[];
      /** Cursor of the next (older) page, or null at the end. */
      next: string | null;
    };


function resultView(kind: string, r: { score: number; correct: boolean; diagnosisId: string | null; feedback: unknown; graderVersion: number; createdAt: Date }): ResultView {
  return {
    ...resultSummary(kind, r),
    feedback: stringList(r.feedback),
    graderVersion: r.graderVersion,
    at: r.createdAt,
  };
}

/**
 * A member's attempts in one course, newest first, `limit` at a time (`before` = the id of
 * the last attempt of the previous page), optionally of one exercise (its key). Each shows
 * the answer as typed, the result that counts and, when regraded, every earlier result.
 * `not-found` when the user is not a member (student or instructor) of this course, or the
 * exercise key is not one of its exercises: another course's people stay invisible.
 */
export async function studentWork(
  prisma: PrismaClient,
  courseId: string,
  userId: string,
  opts: { exercise?: string; limit?: number; before?: string } = {},
): Promise<StudentWork> {
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 500);
  const member = await prisma.enrollment.findUnique({
    where: { userId_courseId: { userId, courseId } },
    select: { role: true, user: { select: { id: true, name: true, email: true } } },
  });
  if (!member) return { status: 'not-found' };
  const course = await courseExercises(prisma, courseId);
  const all = course.lessons.flatMap((l) => l.exercises);
  const chosen = opts.exercise === undefined ? null : all.find((e) => e.key === opts.exercise);
  if (chosen === undefined) return { status: 'not-found' };
  const byId = new Map(all.map((e) => [e.id, e]));

  const where: Prisma.AttemptWhereInput = { userId, ...(chosen ? { exerciseId: chosen.id } : { exercise: { courseId } }) };
  // The cursor must be one of the attempts listed here; any other id starts from the top.
  const cursor = opts.before ? await prisma.attempt.findFirst({ where: { ...where, id: opts.before }, select: { id: true } }) : null;
  const [rows, cells] = await Promise.all([
    prisma.attempt.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
      ...(cursor ? { cursor: { id: cursor.id }, skip: 1 } : {}),
      select: {
        id: true,
        createdAt: true,
        exerciseId: true,
        seed: true,
        answerText: true,
        score: true,
        correct: true,
        diagnosisId: true,
        feedback: true,
        graderVersion: true,
        grades: {
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          select: { score: true, correct: true, diagnosisId: true, feedback: true, graderVersion: true, createdAt: true, reason: true },
        },
      },
    }),
    cellsOf(prisma, { courseId, userIds: [userId] }),
  ]);
  const page = rows.slice(0, limit);
  const summary = rowOf(member.user, all, cells);
  return {
    status: 'ok',
    student: { ...member.user, role: member.role },
    exercises: all.map((e) => ({ key: e.key, title: e.title, lesson: e.lesson })),
    exercise: chosen ? chosen.key : null,
    summary: {
      attempted: summary.cells.filter((c) => c.attempts > 0).length,
      exercises: all.length,
      total: summary.total,
      attempts: summary.cells.reduce((n, c) => n + c.attempts, 0),
    },
    attempts: page.map((a) => {
      const ex = byId.get(a.exerciseId)!;
      const original = resultView(ex.kind, a);
      const regrades = a.grades.map((g) => ({ ...resultView(ex.kind, g), reason: g.reason }));
      return {
        id: a.id,
        createdAt: a.createdAt,
        exercise: { key: ex.key, title: ex.title, kind: ex.kind, lesson: ex.lesson },
        seed: a.seed,
        answerText: a.answerText,
        result: regrades.length ? regrades[regrades.length - 1] : original,
        original,
        regrades,
      };
    }),
    next: rows.length > limit ? page[page.length - 1].id : null,
  };
}

// ─── CSV downloads ─────────────────────────────────────────────────────────────

/**
 * Students per batch of gradebook.csv, and the most allowed: the batch's user ids become
 * query parameters (an IN list), and SQLite takes at most 999 of them.
 */
export const GRADEBOOK_BATCH = 500;

/** Attempts per query of attempts.csv. */
export const ATTEMPTS_BATCH = 2000;

/** Scores in the files: at most four decimals (2/3 → 0.6667). */
function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** A fraction as a percentage with at most two decimals (0.625 → 62.5); null stays empty. */
function percent2(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1e4) / 100;
}

/**
 * gradebook.csv, as chunks of CSV lines (see server/teach/csv.ts for quoting and the
 * formula guard): a header `name,email,<exercise key>…,assessment:<slug>…,assessments_weighted_percent,total`,
 * then one line per student of the course ordered by name then email: the best effective
 * score of each exercise (0..1, empty when not attempted), the points of each assessment
 * (in course order; empty before a start), the weighted total of the assessments in percent
 * (server/teach/assessments.ts weightedTotals at `now`; empty while none counts) and the total
 * (mean over all exercises, unattempted = 0). Students are read `batchSize` (at most
 * GRADEBOOK_BATCH) at a time, and the cells of each batch in two or three grouped queries.
 */
export async function* gradebookCsv(prisma: PrismaClient, courseId: string, opts: { batchSize?: number; now?: Date } = {}): AsyncGenerator<string> {
  const batchSize = Math.min(Math.max(1, Math.floor(opts.batchSize ?? GRADEBOOK_BATCH)), GRADEBOOK_BATCH);
  const exercises = (await courseExercises(prisma, courseId)).lessons.flatMap((l) => l.exercises);
  // Assessments: each student's points (empty before a start) and their weighted total, before the total (which stays the exercises' mean).
  const assessed = await assessmentResults(prisma, courseId, opts.now);
  const pointsOf = assessed.map((a) => new Map(a.students.map((s) => [s.userId, s.points])));
  const weighted = weightedTotals(assessed);
  yield csvLine(['name', 'email', ...exercises.map((e) => e.key), ...assessed.map((a) => `assessment:${a.slug}`), ...(assessed.length ? ['assessments_weighted_percent'] : []), 'total']);
  let after: { name: string; email: string } | null = null;
  for (;;) {
    const batch: { user: { id: string; name: string; email: string } }[] = await prisma.enrollment.findMany({
      where: {
        courseId,
        role: 'student',
        ...(after ? { user: { OR: [{ name: { gt: after.name } }, { name: after.name, email: { gt: after.email } }] } } : {}),
      },
      orderBy: [{ user: { name: 'asc' } }, { user: { email: 'asc' } }],
      take: batchSize,
      select: { user: { select: { id: true, name: true, email: true } } },
    });
    if (batch.length === 0) return;
    after = batch[batch.length - 1].user;
    const cells = await cellsOf(prisma, { courseId, userIds: batch.map((b) => b.user.id) });
    let chunk = '';
    for (const { user } of batch) {
      const row = rowOf(user, exercises, cells);
      chunk += csvLine([
        row.name,
        row.email,
        ...row.cells.map((c) => (c.best === null ? null : round4(c.best))),
        ...pointsOf.map((m) => m.get(user.id) ?? null),
        ...(assessed.length ? [percent2(weighted.get(user.id) ?? null)] : []),
        row.total === null ? null : round4(row.total),
      ]);
    }
    yield chunk;
    if (batch.length < batchSize) return;
  }
}

/** The columns of attempts.csv. */
export const ATTEMPT_COLUMNS = ['time', 'email', 'lesson', 'exercise', 'kind', 'seed', 'answer', 'score', 'correct', 'diagnosis', 'grader_version', 'regraded'] as const;

/**
 * attempts.csv, as chunks of CSV lines: one line per attempt of the course's students,
 * exercise by exercise in course order and oldest first within an exercise: the time
 * (ISO 8601, UTC), the student's email, lesson slug, exercise key, kind, the variant's seed,
 * the answer exactly as typed (only the formula guard may add an apostrophe), and the
 * result that counts — score (0..1), correct (true/false), diagnosis id, the grader version
 * that gave it — and whether the attempt was regraded (yes/no). Per exercise, its regrades
 * are read in one query and its attempts `batchSize` at a time (keyset on time and id, on
 * the exercise's index); only attempts of currently enrolled students are written.
 */
export async function* attemptsCsv(prisma: PrismaClient, courseId: string, opts: { batchSize?: number } = {}): AsyncGenerator<string> {
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? ATTEMPTS_BATCH));
  const exercises = (await courseExercises(prisma, courseId)).lessons.flatMap((l) => l.exercises);
  // The class list (one short string per student) is kept; the attempts never are. Reading
  // an exercise's attempts on its index and dropping non-students here is cheaper than a
  // join per attempt.
  const enrolled = await prisma.enrollment.findMany({ where: { courseId, role: 'student' }, select: { user: { select: { id: true, email: true } } } });
  const emails = new Map(enrolled.map((e) => [e.user.id, e.user.email]));
  yield csvLine([...ATTEMPT_COLUMNS]);
  for (const ex of exercises) {
    // The exercise's regrades, oldest first: the last one seen of an attempt is its newest.
    const newest = new Map<string, { score: number; correct: boolean; diagnosisId: string | null; graderVersion: number }>();
    for (const g of await prisma.grade.findMany({
      where: { attempt: { exerciseId: ex.id } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { attemptId: true, score: true, correct: true, diagnosisId: true, graderVersion: true },
    })) {
      newest.set(g.attemptId, g);
    }
    let after: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const batch: { id: string; createdAt: Date; userId: string; seed: number; answerText: string; score: number; correct: boolean; diagnosisId: string | null; graderVersion: number }[] =
        await prisma.attempt.findMany({
          where: {
            exerciseId: ex.id,
            ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
          },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take: batchSize,
          select: { id: true, createdAt: true, userId: true, seed: true, answerText: true, score: true, correct: true, diagnosisId: true, graderVersion: true },
        });
      if (batch.length === 0) break;
      after = batch[batch.length - 1];
      let chunk = '';
      for (const a of batch) {
        const email = emails.get(a.userId);
        if (email === undefined) continue; // an instructor's or a removed member's attempt
        const regrade = newest.get(a.id);
        const e = regrade ?? a;
        chunk += csvLine([
          a.createdAt.toISOString(),
          email,
          ex.lesson.slug,
          ex.key,
          ex.kind,
          a.seed,
          a.answerText,
          round4(e.score),
          e.correct,
          e.diagnosisId,
          e.graderVersion,
          regrade ? 'yes' : 'no',
        ]);
      }
      yield chunk;
      if (batch.length < batchSize) break;
    }
  }
}
