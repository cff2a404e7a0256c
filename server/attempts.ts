/**
 * A student's work on exercises: their own variant, grading a submitted answer into a stored
 * Attempt, what the exercise card may show them, their progress and their attempt history.
 *
 * Every function takes the Prisma client (the app passes getPrisma(), tests their own) and the
 * student's user id, and every query of attempts filters by that id: one student's attempts
 * never reach another. The reference answer and worked steps leave this module only when the
 * exercise's reveal policy allows it (lib/content `mayReveal`).
 */
import { randomUUID } from 'node:crypto';
import {
  attemptsLeft,
  exerciseSeed,
  mayReveal,
  readSettings,
  REVEAL_POLICIES,
  type ExerciseSettings,
  type JsonValue,
  type RevealPolicy,
} from '@/lib/content';
import {
  generateVariant,
  getKind,
  gradeParsed,
  parsedToJson,
  readAnswer,
  solveSpec,
  type AnswerShape,
  type Diagnosis,
  type EntryCredit,
  type Grade,
  type Solved,
} from '@/lib/exercises';
import type { Prisma, PrismaClient } from '@/server/db/client';
import { escapeHtml, mathTextHtml, texHtml } from '@/server/math-html';

// ─── shapes sent to the browser ────────────────────────────────────────────────

/** correct: every entry right; partly: some credit; wrong: none. */
export type Verdict = 'correct' | 'partly' | 'wrong';

/** The result of one graded attempt, as the student sees it. */
export interface AttemptResult {
  id: string;
  answerText: string;
  verdict: Verdict;
  correct: boolean;
  /** 0..1 */
  score: number;
  /** Per-entry credit of vector and matrix answers; null for numbers and labels. */
  entries: EntryCredit[] | null;
  feedback: string[];
  diagnosis: Diagnosis | null;
  /** ISO-8601 time of the attempt. */
  createdAt: string;
}

/** What the answer box needs to know: the answer's shape, size, variables and labels (never its value). */
export interface AnswerForm {
  shape: AnswerShape;
  /** [] for a number or label, [n] for a vector, [rows, cols] for a matrix. */
  size: number[];
  /** Variables of expression answers (for the preview); [] otherwise. */
  vars: string[];
  /** The labels a label answer may take; [] otherwise. */
  labels: string[];
}

/**
 * open: the student may submit; correct: answered correctly; closed: no more graded attempts
 * (used up, or the answer was revealed); unavailable: the variant cannot be generated.
 */
export type ExerciseStatus = 'open' | 'correct' | 'closed' | 'unavailable';

/** Everything an exercise card shows one student. */
export interface ExerciseState {
  key: string;
  status: ExerciseStatus;
  /** Why no more attempts are taken (status closed or correct), in one sentence. */
  closedReason: string | null;
  /** This student's question, as HTML (KaTeX already rendered). */
  promptHtml: string;
  form: AnswerForm;
  attemptsUsed: number;
  /** 0 = unlimited. */
  attemptsAllowed: number;
  /** null when unlimited. */
  attemptsLeft: number | null;
  /** Best score over the graded attempts, null before the first one. */
  bestScore: number | null;
  /** The newest graded attempt. */
  last: AttemptResult | null;
  /** The hints unlocked so far (one per attempt that was not correct), as HTML. */
  hintsHtml: string[];
  /** How many hints the exercise has in all. */
  hintCount: number;
  /** The reference answer and worked steps, only once the reveal policy allows them. */
  solution: { answerHtml: string; steps: { title: string; html: string }[] } | null;
}

// ─── seeds and variants ────────────────────────────────────────────────────────

/**
 * The seed of a student's variant of an exercise: lib/content's exerciseSeed reduced below
 * 2^31, so that it fits the Attempt.seed column (a 32-bit signed integer on PostgreSQL).
 * Stable across visits and machines.
 */
export function variantSeed(userId: string, exerciseKey: string): number {
  return exerciseSeed(userId, exerciseKey) % 2 ** 31;
}

/** The student's variant of an exercise template, validated and solved (cached by the engine). Throws SpecError. */
export function solveVariant(template: unknown, seed: number): Solved {
  return solveSpec(generateVariant(template, seed));
}

// ─── stored attempts ───────────────────────────────────────────────────────────

/** An Attempt row with its newest regrade, if any. */
export type AttemptRow = Prisma.AttemptGetPayload<{ include: { grades: true } }>;

/** Include the newest Grade of each attempt: a regrade supersedes the attempt's own result. */
export const NEWEST_GRADE = { grades: { orderBy: { createdAt: 'desc' }, take: 1 } } as const;

/** Oldest first; the id breaks ties within one millisecond. */
const OLDEST_FIRST = [{ createdAt: 'asc' }, { id: 'asc' }] as const satisfies Prisma.AttemptOrderByWithRelationInput[];

/** The result that counts for an attempt: its newest regrade, or its own grading. */
export function effective(a: StoredResult & { grades: StoredResult[] }): StoredResult {
  return a.grades[0] ?? a;
}

/** The graded fields an Attempt and a Grade share. */
export interface StoredResult {
  score: number;
  correct: boolean;
  entries: unknown;
  feedback: unknown;
  diagnosisId: string | null;
}

/** The verdict of a result: correct, partly (some credit) or wrong. */
export function verdictOf(correct: boolean, score: number): Verdict {
  return correct ? 'correct' : score > 0 ? 'partly' : 'wrong';
}

/** The sentence of a kind's mistake, by id (the database keeps only the id). */
export function diagnosisOf(kindName: string, id: string | null): Diagnosis | null {
  if (!id) return null;
  const mistake = getKind(kindName)?.mistakes.find((m) => m.id === id);
  return { id, message: mistake?.message ?? 'This looks like a known mistake.' };
}

/** The strings of a stored JSON list (feedback sentences); anything else gives []. */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function entryList(value: unknown): EntryCredit[] | null {
  return Array.isArray(value) ? (value as EntryCredit[]) : null;
}

/** A grading result as instructors compare them (gradebook drill-down, regrade changes). */
export interface ResultSummary {
  score: number;
  correct: boolean;
  verdict: Verdict;
  diagnosisId: string | null;
  /** The diagnosis's sentence, when there is one. */
  diagnosis: string | null;
}

/** The summary of an attempt's or a Grade's result, for an exercise of kind `kindName`. */
export function resultSummary(kindName: string, r: { score: number; correct: boolean; diagnosisId: string | null }): ResultSummary {
  return {
    score: r.score,
    correct: r.correct,
    verdict: verdictOf(r.correct, r.score),
    diagnosisId: r.diagnosisId,
    diagnosis: diagnosisOf(kindName, r.diagnosisId)?.message ?? null,
  };
}

/** What toResult reads of a stored attempt (an AttemptRow has it all). */
export interface ResultRow extends StoredResult {
  id: string;
  answerText: string;
  createdAt: Date;
  /** Its newest regrade first, if any. */
  grades: StoredResult[];
}

/** A stored attempt as the student sees it. */
export function toResult(kindName: string, a: ResultRow): AttemptResult {
  const e = effective(a);
  return {
    id: a.id,
    answerText: a.answerText,
    verdict: verdictOf(e.correct, e.score),
    correct: e.correct,
    score: e.score,
    entries: entryList(e.entries),
    feedback: stringList(e.feedback),
    diagnosis: diagnosisOf(kindName, e.diagnosisId),
    createdAt: a.createdAt.toISOString(),
  };
}

// ─── what a student may do and see ─────────────────────────────────────────────

/** Settings stored with an exercise (any JSON), with every default filled in. */
export function settingsOf(stored: unknown): ExerciseSettings {
  const props = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, JsonValue>) : {};
  return readSettings(props).settings;
}

/** The fields of a Lesson row that change the rules of its exercises (instructor settings). */
export interface LessonRules {
  dueAt: Date | null;
  /** Attempts allowed on each exercise of the lesson (0 = unlimited); null = as authored. */
  attempts: number | null;
  /** A REVEAL_POLICIES value; null = as authored. */
  reveal: string | null;
}

/** The rules one student meets on one exercise: its settings after the lesson's overrides, and their due date. */
export interface Rules {
  settings: ExerciseSettings;
  dueAt: Date | null;
}

/**
 * The rules a student meets on an exercise: the authored settings, with the lesson's
 * `attempts` and `reveal` overrides when the instructor set them, and the due date of the
 * student's extension for the lesson when they have one, else the lesson's due date.
 */
export function rulesFor(settings: ExerciseSettings, lesson: LessonRules, extension?: { dueAt: Date } | null): Rules {
  const reveal = lesson.reveal !== null && (REVEAL_POLICIES as readonly string[]).includes(lesson.reveal) ? (lesson.reveal as RevealPolicy) : settings.reveal;
  const attempts = lesson.attempts !== null && Number.isInteger(lesson.attempts) && lesson.attempts >= 0 ? lesson.attempts : settings.attempts;
  return { settings: { ...settings, attempts, reveal }, dueAt: extension?.dueAt ?? lesson.dueAt };
}

/** Where a student stands on one exercise, from their attempts (oldest first). */
export interface Standing {
  status: Exclude<ExerciseStatus, 'unavailable'>;
  closedReason: string | null;
  attemptsUsed: number;
  /** null when unlimited. */
  attemptsLeft: number | null;
  bestScore: number | null;
  revealed: boolean;
  /** Graded attempts that were not correct (each unlocks one hint). */
  misses: number;
  lastActivity: Date | null;
}

/**
 * What standing() reads of an attempt: its own score, its newest regrade's (which counts
 * instead), and its time. An AttemptRow has it; the submit path reads only this much.
 */
export interface AttemptScore {
  score: number;
  correct: boolean;
  createdAt: Date;
  grades: { score: number; correct: boolean }[];
}

/**
 * The rules of one exercise for one student: they may submit until they answer correctly,
 * use their last attempt, or see the answer (after the due date, say) — unless the answer
 * is shown from the start (reveal "always", practice), which never closes the exercise.
 */
export function standing(settings: ExerciseSettings, attempts: AttemptScore[], dueAt: Date | null, now: Date): Standing {
  const results = attempts.map((a) => a.grades[0] ?? a);
  const correct = results.some((r) => r.correct);
  const used = attempts.length;
  const left = attemptsLeft(settings, used);
  const revealed = mayReveal(settings, { correct, attemptsUsed: used, dueAt, now });
  let status: Standing['status'] = 'open';
  let closedReason: string | null = null;
  if (correct) {
    status = 'correct';
    closedReason = 'You answered this correctly.';
  } else if (left === 0) {
    status = 'closed';
    closedReason = `You have used all ${settings.attempts} attempt${settings.attempts === 1 ? '' : 's'}.`;
  } else if (revealed && settings.reveal !== 'always') {
    status = 'closed';
    closedReason = 'The answer has been shown, so no more answers are graded.';
  }
  return {
    status,
    closedReason,
    attemptsUsed: used,
    attemptsLeft: Number.isFinite(left) ? left : null,
    bestScore: results.length ? Math.max(...results.map((r) => r.score)) : null,
    revealed,
    misses: results.filter((r) => !r.correct).length,
    lastActivity: attempts.length ? attempts[attempts.length - 1].createdAt : null,
  };
}

/** The form of the answer a solved variant expects (what the answer box needs). */
export function answerForm(solved: Solved): AnswerForm {
  const answer = solved.solution.answer;
  const size = Array.isArray(answer) ? (Array.isArray(answer[0]) ? [answer.length, (answer[0] as unknown[]).length] : [answer.length]) : [];
  const expression = solved.shape === 'expression-vector' || solved.shape === 'expression-matrix';
  return {
    shape: solved.shape,
    size,
    vars: expression ? solved.vars : [],
    labels: solved.shape === 'label' ? Object.keys(solved.kind.labels ?? {}) : [],
  };
}

/**
 * HTML of prompts, hints, answers and steps by their source text: KaTeX takes about a
 * millisecond a formula, and the same texts come back on every request of every student.
 */
const htmlCache = new Map<string, string>();

function cachedHtml(key: string, render: () => string): string {
  let html = htmlCache.get(key);
  if (html === undefined) {
    html = render();
    if (htmlCache.size >= 5000) htmlCache.delete(htmlCache.keys().next().value as string);
    htmlCache.set(key, html);
  }
  return html;
}

/** Text with $…$ math (prompts, hints) as HTML. */
function promptHtml(text: string): string {
  return cachedHtml(`t:${text}`, () => mathTextHtml(text));
}

/** A display formula as HTML. */
function displayHtml(latex: string): string {
  return cachedHtml(`d:${latex}`, () => texHtml(latex, true));
}

/** The exercise row fields exerciseState needs. */
export interface ExerciseRowLike {
  key: string;
  kind: string;
  spec: unknown;
  settings: unknown;
}

/**
 * The card of one exercise for one student: their variant's question, attempts, last result,
 * unlocked hints, and the solution only when the reveal policy allows it — or always for an
 * instructor of the course (`staff`), whose own answers are otherwise graded like anyone's.
 * `attempts` are the student's attempts oldest first and `last` the newest in full (null
 * when there are none). `settings` are the rules in force (see rulesFor); by default the
 * exercise's own.
 */
export function exerciseState(
  exercise: ExerciseRowLike,
  userId: string,
  attempts: AttemptScore[],
  last: ResultRow | null,
  dueAt: Date | null,
  now: Date,
  staff = false,
  settings: ExerciseSettings = settingsOf(exercise.settings),
): ExerciseState {
  const s = standing(settings, attempts, dueAt, now);
  const base = {
    key: exercise.key,
    closedReason: s.closedReason,
    attemptsUsed: s.attemptsUsed,
    attemptsAllowed: settings.attempts,
    attemptsLeft: s.attemptsLeft,
    bestScore: s.bestScore,
    last: last ? toResult(exercise.kind, last) : null,
    hintsHtml: settings.hints.slice(0, s.misses).map(promptHtml),
    hintCount: settings.hints.length,
  };
  let solved: Solved;
  try {
    solved = solveVariant(exercise.spec, variantSeed(userId, exercise.key));
  } catch {
    return {
      ...base,
      status: 'unavailable',
      closedReason: 'This exercise is not available right now.',
      promptHtml: escapeHtml('This exercise is not available right now.'),
      form: { shape: 'number', size: [], vars: [], labels: [] },
      solution: null,
    };
  }
  const solution = s.revealed || staff
    ? {
        answerHtml: displayHtml(solved.solution.latex),
        steps: solved.solution.steps.map((step) => ({ title: step.title, html: displayHtml(step.latex) })),
      }
    : null;
  return {
    ...base,
    status: s.status,
    promptHtml: promptHtml(solved.kind.prompt(solved.spec)),
    form: answerForm(solved),
    solution,
  };
}

// ─── loading a lesson for a student ────────────────────────────────────────────

/** What a lesson page shows one student: not enrolled, or the state of each exercise. */
export type LessonView =
  | { status: 'not-found' }
  | { status: 'not-enrolled'; course: { slug: string; title: string } }
  | { status: 'ok'; exercises: ExerciseState[] };

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
        include: { attempts: { where: { userId }, orderBy: [...OLDEST_FIRST], include: NEWEST_GRADE } },
      },
      extensions: { where: { userId }, select: { dueAt: true } },
    },
  });
  if (!lesson) return { status: 'not-found' };
  const staff = role === 'instructor';
  return {
    status: 'ok',
    exercises: lesson.exercises.map((ex) => {
      const rules = rulesFor(settingsOf(ex.settings), lesson, lesson.extensions[0]);
      return exerciseState(ex, userId, ex.attempts, ex.attempts.at(-1) ?? null, rules.dueAt, now, staff, rules.settings);
    }),
  };
}

/** The user's role in the course (student | instructor), or null when not enrolled. */
export async function courseRole(prisma: PrismaClient, userId: string, courseId: string): Promise<string | null> {
  const row = await prisma.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } }, select: { role: true } });
  return row?.role ?? null;
}

// ─── submitting an answer ──────────────────────────────────────────────────────

/** One submission, as the server action receives it (after validation and sign-in). */
export interface Submission {
  userId: string;
  course: string;
  exercise: string;
  /** Exactly what the student typed. */
  answer: string;
  /** Made by the browser once per submission; a retry sends the same key. */
  idempotencyKey: string;
  now?: Date;
}

/** Where an answer could not be read: 0-based [start, end) offsets into the text. */
export interface Unreadable {
  message: string;
  start: number;
  end: number;
}

/**
 * What a submission did. Only `graded` stored an attempt (`repeated`: this key's attempt
 * was stored before, and is returned again). `unreadable` is not an attempt.
 */
export type SubmitOutcome =
  | { status: 'graded'; repeated: boolean; result: AttemptResult; state: ExerciseState }
  | { status: 'unreadable'; error: Unreadable; state: ExerciseState }
  | { status: 'closed'; state: ExerciseState }
  | { status: 'not-found' }
  | { status: 'not-enrolled' }
  | { status: 'key-reused' };

/**
 * A unique constraint refused a write: P2002 from Prisma's query builder, P2010 with the
 * driver's UniqueConstraintViolation from plain SQL (the same on SQLite and PostgreSQL).
 */
function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, meta } = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };
  return code === 'P2002' || (code === 'P2010' && meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation');
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
interface SubmitTarget extends ExerciseRowLike {
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
async function submitTarget(prisma: PrismaClient, userId: string, courseSlug: string, key: string): Promise<SubmitTarget | null> {
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
interface AttemptTally extends AttemptScore {
  id: string;
  idempotencyKey: string;
}

/** One query: a student's attempts at an exercise, oldest first, each with its newest regrade's result. */
async function attemptTallies(prisma: PrismaClient, userId: string, exerciseId: string): Promise<AttemptTally[]> {
  const rows = await prisma.$queryRaw<
    { id: string; idempotencyKey: string; score: number; correct: boolean; createdAt: Date; gradeScore: number | null; gradeCorrect: boolean | null }[]
  >`
    SELECT a.id, a."idempotencyKey", a.score, a.correct, a."createdAt",
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
  createdAt: Date;
}

/** One INSERT; returns the new attempt's id (a random UUID). Throws on a unique violation (see isUniqueViolation). */
async function insertAttempt(prisma: PrismaClient, a: NewAttempt): Promise<string> {
  const id = randomUUID();
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  await prisma.$executeRaw`
    INSERT INTO "Attempt" (id, "userId", "exerciseId", seed, "specHash", "graderVersion", "answerText", parsed,
                           score, correct, entries, feedback, "diagnosisId", "idempotencyKey", number, "createdAt")
    VALUES (${id}, ${a.userId}, ${a.exerciseId}, ${a.seed}, ${a.specHash}, ${a.graderVersion}, ${a.answerText}, ${json(a.parsed)},
            ${a.score}, ${a.correct}, ${json(a.entries)}, ${json(a.feedback)}, ${a.diagnosisId}, ${a.idempotencyKey}, ${a.number}, ${a.createdAt})`;
  return id;
}

/**
 * Reads and grades a student's answer to their own variant and stores it as an Attempt
 * (seed, spec hash, grader version, raw and parsed answer, score, per-entry credit,
 * feedback, diagnosis). An unreadable answer is reported with where it failed and is not
 * stored. A key already used by this student for this exercise returns the stored attempt
 * (also when two copies of one request race: the unique key lets one row in).
 */
export async function submitAttempt(prisma: PrismaClient, sub: Submission): Promise<SubmitOutcome> {
  const now = sub.now ?? new Date();
  const target = await submitTarget(prisma, sub.userId, sub.course, sub.exercise);
  if (!target) return { status: 'not-found' };
  if (!target.role) return { status: 'not-enrolled' };
  const rules = rulesFor(settingsOf(target.settings), target, target.extensionDueAt ? { dueAt: target.extensionDueAt } : null);
  const staff = target.role === 'instructor';

  /** The card after `attempts`, whose newest is read in full (its answer and feedback are shown). */
  const stateAfter = async (attempts: AttemptTally[]): Promise<ExerciseState> => {
    const newest = attempts.at(-1);
    const last = newest ? await prisma.attempt.findUnique({ where: { id: newest.id }, include: NEWEST_GRADE }) : null;
    return exerciseState(target, sub.userId, attempts, last, rules.dueAt, now, staff, rules.settings);
  };
  const repeat = async (): Promise<SubmitOutcome> => {
    const stored = await prisma.attempt.findUnique({ where: { idempotencyKey: sub.idempotencyKey }, include: NEWEST_GRADE });
    if (!stored || stored.userId !== sub.userId || stored.exerciseId !== target.id) return { status: 'key-reused' };
    return { status: 'graded', repeated: true, result: toResult(target.kind, stored), state: await stateAfter(await attemptTallies(prisma, sub.userId, target.id)) };
  };

  // A copy of this request stored before the attempts are read is among them; one stored
  // after is caught by the unique key on insert. Either way it is returned, never judged
  // 'closed'. (Another student's key also fails the insert, and is refused in repeat().)
  // Two different answers sent at once both read n attempts and both claim number n + 1;
  // the unique (user, exercise, number) lets one in and the other reads the attempts again —
  // so the last attempt allowed can never be used twice.
  for (let round = 0; ; round++) {
    const attempts = await attemptTallies(prisma, sub.userId, target.id);
    if (attempts.some((a) => a.idempotencyKey === sub.idempotencyKey)) return repeat();
    if (standing(rules.settings, attempts, rules.dueAt, now).status !== 'open') return { status: 'closed', state: await stateAfter(attempts) };

    const seed = variantSeed(sub.userId, target.key);
    let solved: Solved;
    try {
      solved = solveVariant(target.spec, seed);
    } catch {
      return { status: 'closed', state: await stateAfter(attempts) }; // the card says 'unavailable'
    }
    const read = readAnswer(solved, sub.answer);
    if (!read.ok) return { status: 'unreadable', error: { message: read.message, start: read.start, end: read.end }, state: await stateAfter(attempts) };
    const grade: Grade = gradeParsed(solved, read.value);

    const result: StoredResult = {
      score: grade.score,
      correct: grade.correct,
      entries: grade.entries ?? null,
      feedback: grade.feedback,
      diagnosisId: grade.diagnosis?.id ?? null,
    };
    let id: string;
    try {
      id = await insertAttempt(prisma, {
        ...result,
        userId: sub.userId,
        exerciseId: target.id,
        seed,
        specHash: target.specHash,
        graderVersion: solved.kind.version,
        answerText: sub.answer,
        parsed: parsedToJson(read.value),
        idempotencyKey: sub.idempotencyKey,
        number: attempts.length + 1,
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
    const row = { ...result, id, idempotencyKey: sub.idempotencyKey, answerText: sub.answer, createdAt: now, grades: [] }; // a new attempt has no regrade
    const state = exerciseState(target, sub.userId, [...attempts, row], row, rules.dueAt, now, staff, rules.settings);
    return { status: 'graded', repeated: false, result: toResult(target.kind, row), state };
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
            select: { settings: true, attempts: { where: { userId }, orderBy: [...OLDEST_FIRST], include: NEWEST_GRADE } },
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
    },
  });
  const page = rows.slice(0, limit);
  return {
    entries: page.map((a) => {
      const e = effective(a);
      const ex = a.exercise;
      return {
        id: a.id,
        createdAt: a.createdAt,
        course: ex.course,
        lesson: ex.lesson,
        exercise: { key: ex.key, title: settingsOf(ex.settings).title ?? getKind(ex.kind)?.title ?? ex.key },
        answerText: a.answerText,
        verdict: verdictOf(e.correct, e.score),
        score: e.score,
        diagnosis: diagnosisOf(ex.kind, e.diagnosisId)?.message ?? null,
      };
    }),
    next: rows.length > limit ? page[page.length - 1].id : null,
  };
}
