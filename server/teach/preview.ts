/**
 * An instructor's preview of a course's exercises: the list of every exercise by lesson,
 * one exercise's variant for any seed (or for an enrolled student's own seed) with its
 * question, parameter values, reference answer, worked steps and the settings in force,
 * and "try as student": reading and grading an answer to that variant exactly as a real
 * submission is graded (lib/exercises readAnswer → gradeParsed) — without storing anything.
 *
 * Pure on a PrismaClient, trusting `courseId` (callers get it from the staff access check).
 * Nothing here writes to the database.
 */
import {
  canonicalJson,
  drawParams,
  generateVariant,
  getKind,
  gradeAnswer,
  paramsOf,
  rng,
  solveSpec,
  substitute,
  type Answer,
  type ParamValues,
  type Solved,
} from '@/lib/exercises';
import { displayText } from '@/lib/math';
import { rulesFor, settingsOf, variantSeed, type RevealPolicy } from '@/lib/content';
import { mathTextHtml, texHtml } from '@/lib/content/math-html';
import type { PrismaClient } from '@/server/db/client';
import { gradeView, storedResult } from '@/server/results';
import { cardOf } from '@/server/exercise-state';
import type { AnswerForm, GradeView, Unreadable } from '@/server/wire';

// ─── the list ──────────────────────────────────────────────────────────────────

/** One exercise in the preview list. */
export interface PreviewItem {
  key: string;
  /** Exercise title (may hold $…$ math), else the kind's title. */
  title: string;
  kind: string;
  kindTitle: string;
  /** True when the exercise draws parameters (students get different numbers). */
  randomised: boolean;
}

/** Every exercise of the course, by lesson, in course order. */
export async function previewIndex(prisma: PrismaClient, courseId: string): Promise<{ slug: string; title: string; exercises: PreviewItem[] }[]> {
  const lessons = await prisma.lesson.findMany({
    where: { courseId },
    orderBy: { position: 'asc' },
    select: { slug: true, title: true, exercises: { orderBy: { position: 'asc' }, select: { key: true, kind: true, spec: true, settings: true } } },
  });
  return lessons.map((l) => ({
    slug: l.slug,
    title: l.title,
    exercises: l.exercises.map((ex) => {
      const kindTitle = getKind(ex.kind)?.title ?? ex.kind;
      return { key: ex.key, title: settingsOf(ex.settings).title ?? kindTitle, kind: ex.kind, kindTitle, randomised: paramsOf(ex.spec) !== null };
    }),
  }));
}

// ─── one exercise ──────────────────────────────────────────────────────────────

/** The rules of an exercise: as authored, and as students meet them after the lesson's overrides. */
export interface PreviewSettings {
  /** Attempts allowed (0 = unlimited), after the lesson's override. */
  attempts: number;
  reveal: RevealPolicy;
  /** What the author wrote, before the lesson's overrides. */
  authored: { attempts: number; reveal: RevealPolicy };
  /** The lesson's due date (students with an extension have a later one). */
  dueAt: Date | null;
  /** The hints, in order, as HTML. */
  hintsHtml: string[];
}

/** The exercise a preview is of. */
export interface PreviewExercise {
  key: string;
  title: string;
  kind: string;
  kindTitle: string;
  lesson: { slug: string; title: string };
  settings: PreviewSettings;
}

/** A variant as the instructor sees it: everything a student sees, and the answer. */
export interface PreviewVariant {
  promptHtml: string;
  /** The drawn parameter values by name ({} for an exercise without params). */
  params: ParamValues;
  /** The variant's inputs (the spec after substitution), pretty-printed JSON. */
  specJson: string;
  answerHtml: string;
  /** The reference answer as a student could type it, e.g. "[6, 2; 2, 12]". */
  answerText: string;
  steps: { title: string; html: string }[];
  /** What the answer box needs. */
  form: AnswerForm;
}

/** One exercise's preview at one seed. */
export type ExercisePreview =
  | { status: 'ok'; exercise: PreviewExercise; seed: number; variant: PreviewVariant }
  | { status: 'unavailable'; exercise: PreviewExercise; seed: number; message: string }
  | { status: 'not-found' };

/**
 * The parameter values behind a variant. generateVariant draws the params once per try
 * from one generator seeded with `seed` and keeps the first try that works, so drawing
 * again from the same seed meets the same tries in the same order: the first whose
 * substitution gives `variant` is the one it kept.
 */
export function variantParams(template: unknown, seed: number, variant: unknown): ParamValues {
  const params = paramsOf(template);
  if (!params) return {};
  const { params: _params, where: _where, ...rest } = template as Record<string, unknown>;
  const target = canonicalJson(variant);
  const random = rng(seed);
  for (let tries = 0; tries < 100; tries++) {
    const values = drawParams(params, random);
    try {
      if (canonicalJson(substitute(rest, values)) === target) return values;
    } catch {
      // this try failed in generateVariant too; go on to the next
    }
  }
  return {};
}

/**
 * An answer written the way the answer box reads it: "12", "[1, -2]", "[6, 2; 2, 12]", a label
 * or expressions — these as a person types them ("2x^2 - 8y", not "2 * x ^ 2 + -8 * y") when
 * `shape` says they are expressions.
 */
export function answerAsText(answer: Answer, shape?: string): string {
  const entry = (a: unknown) => (shape?.startsWith('expression') && typeof a === 'string' ? displayText(a) : String(a));
  if (!Array.isArray(answer)) return entry(answer);
  if (answer.length > 0 && Array.isArray(answer[0])) return `[${(answer as unknown[][]).map((row) => row.map(entry).join(', ')).join('; ')}]`;
  return `[${answer.map(entry).join(', ')}]`;
}

/** Loads an exercise of the course with its lesson (null when there is none with that key). */
function findExercise(prisma: PrismaClient, courseId: string, key: string) {
  return prisma.exercise.findUnique({
    where: { courseId_key: { courseId, key } },
    select: {
      key: true,
      kind: true,
      spec: true,
      settings: true,
      lesson: { select: { slug: true, title: true, dueAt: true, attempts: true, reveal: true } },
    },
  });
}

/** The variant of `template` for `seed` (its inputs) and its solution; or why it cannot be made. */
function variantOf(template: unknown, seed: number): { ok: true; spec: Record<string, unknown>; solved: Solved } | { ok: false; message: string } {
  try {
    // What solveVariant does, keeping the generated inputs (both steps are cached by the engine).
    const spec = generateVariant(template, seed);
    return { ok: true, spec, solved: solveSpec(spec) };
  } catch (err) {
    return { ok: false, message: `This variant cannot be generated: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * One exercise of the course (by key) at `seed`: its question, parameter values,
 * reference answer, worked steps and settings — or, when the variant cannot be
 * generated, the reason. `not-found` when the course has no exercise with that key.
 */
export async function exercisePreview(prisma: PrismaClient, courseId: string, key: string, seed: number): Promise<ExercisePreview> {
  const row = await findExercise(prisma, courseId, key);
  if (!row) return { status: 'not-found' };
  const authored = settingsOf(row.settings);
  const rules = rulesFor(authored, row.lesson);
  const kindTitle = getKind(row.kind)?.title ?? row.kind;
  const exercise: PreviewExercise = {
    key: row.key,
    title: authored.title ?? kindTitle,
    kind: row.kind,
    kindTitle,
    lesson: { slug: row.lesson.slug, title: row.lesson.title },
    settings: {
      attempts: rules.settings.attempts,
      reveal: rules.settings.reveal,
      authored: { attempts: authored.attempts, reveal: authored.reveal },
      dueAt: rules.dueAt,
      hintsHtml: authored.hints.map(mathTextHtml),
    },
  };
  const made = variantOf(row.spec, seed);
  if (!made.ok) return { status: 'unavailable', exercise, seed, message: made.message };
  return { status: 'ok', exercise, seed, variant: variantView(row.spec, seed, made) };
}

/** What an instructor sees of a made variant. */
function variantView(template: unknown, seed: number, made: { spec: Record<string, unknown>; solved: Solved }): PreviewVariant {
  const { solved } = made;
  return {
    promptHtml: cardOf(solved).promptHtml,
    params: variantParams(template, seed, made.spec),
    specJson: JSON.stringify(made.spec, null, 2),
    answerHtml: texHtml(solved.solution.latex, true),
    answerText: answerAsText(solved.solution.answer, solved.shape),
    steps: solved.solution.steps.map((s) => ({ title: s.title, html: texHtml(s.latex, true) })),
    form: cardOf(solved).form,
  };
}

// ─── whose variant ─────────────────────────────────────────────────────────────

/** An enrolled student and the seed of their variant of one exercise. */
export interface StudentSeed {
  id: string;
  name: string;
  email: string;
  seed: number;
}

/** The course's enrolled students (by name, then email) with the seed of their variant of exercise `key`. */
export async function studentSeeds(prisma: PrismaClient, courseId: string, key: string): Promise<StudentSeed[]> {
  const rows = await prisma.enrollment.findMany({
    where: { courseId, role: 'student' },
    select: { user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ user: { name: 'asc' } }, { user: { email: 'asc' } }],
  });
  return rows.map(({ user }) => ({ ...user, seed: variantSeed(user.id, key) }));
}

// ─── try as student ────────────────────────────────────────────────────────────

/** What trying an answer gives: the grade a student would get, or why there is none. Nothing is stored. */
export type TryOutcome =
  | ({ status: 'graded' } & GradeView)
  | { status: 'unreadable'; error: Unreadable }
  | { status: 'unavailable'; message: string }
  | { status: 'not-found' };

/**
 * Reads and grades `answer` against the variant of exercise `key` for `seed`, the way a
 * student's submission is read and graded (lib/exercises gradeAnswer), and returns what the
 * student would see. Writes nothing: no Attempt, no Grade.
 */
export async function tryAnswer(prisma: PrismaClient, courseId: string, key: string, seed: number, answer: string): Promise<TryOutcome> {
  const row = await prisma.exercise.findUnique({ where: { courseId_key: { courseId, key } }, select: { kind: true, spec: true } });
  if (!row) return { status: 'not-found' };
  const made = variantOf(row.spec, seed);
  if (!made.ok) return { status: 'unavailable', message: made.message };
  const graded = gradeAnswer(made.solved, answer);
  if (!graded.ok) return { status: 'unreadable', error: graded.error };
  return { status: 'graded', ...gradeView(row.kind, storedResult(graded.grade), row.spec) };
}

/** The answer of the tryAnswer server action (kept here: a 'use server' module exports only functions). */
export type TryResponse =
  | TryOutcome
  | { status: 'invalid'; message: string }
  | { status: 'signed-out' }
  | { status: 'forbidden'; message: string };

// ─── sandbox (the editor's new-exercise form) ──────────────────────────────────

/** A spec tried in the editor's sandbox at one seed, before it is saved anywhere. */
export type SandboxOutcome =
  | {
      status: 'ok';
      seed: number;
      variant: PreviewVariant;
      /** Each recognised mistake that applies to this variant, with the wrong answer it gives. */
      mistakes: { id: string; message: string; answerText: string }[];
      /** The test answer's grade, when one was given. */
      tried: TryOutcome | null;
    }
  | { status: 'unavailable'; message: string };

/**
 * The editor's sandbox: the variant of an exercise template (as the tag's props give it) at
 * `seed` — question, parameters, reference answer, steps — each mistake's wrong answer, and
 * the grade of `answer` when given, read and graded as a student's submission would be.
 * Pure: reads and writes nothing.
 */
export function sandboxPreview(template: Record<string, unknown>, seed: number, answer: string | null): SandboxOutcome {
  const made = variantOf(template, seed);
  if (!made.ok) return { status: 'unavailable', message: made.message };
  const { solved } = made;
  const mistakes: { id: string; message: string; answerText: string }[] = [];
  for (const m of solved.kind.mistakes as Solved['kind']['mistakes']) {
    try {
      const wrong = m.wrongAnswer(solved.spec as never, solved.solution as never);
      if (wrong !== null) mistakes.push({ id: m.id, message: m.message, answerText: answerAsText(wrong, solved.shape) });
    } catch {
      // a mistake that throws does not apply to this variant
    }
  }
  let tried: TryOutcome | null = null;
  if (answer !== null) {
    const graded = gradeAnswer(solved, answer);
    tried = graded.ok ? { status: 'graded', ...gradeView(solved.kind.kind, storedResult(graded.grade)) } : { status: 'unreadable', error: graded.error };
  }
  return { status: 'ok', seed, variant: variantView(template, seed, made), mistakes, tried };
}
