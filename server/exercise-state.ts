/**
 * What one exercise card may show one student: their own variant's question, their
 * attempts and last result, the hints they have unlocked, and the reference answer and
 * worked steps only when the reveal policy allows it (lib/content `standing`, `mayReveal`).
 * Pure on its inputs: the data layer (server/attempts.ts) reads the rows and calls this.
 */
import { createHash } from 'node:crypto';
import { settingsOf, standing, variantSeed, type AttemptScore, type ExerciseSettings } from '@/lib/content';
import { cachedDisplayHtml, cachedTextHtml, escapeHtml } from '@/lib/content/math-html';
import { answerForm, cardPrompt, paramsOf, readAnswer, solveVariant, type AnswerForm, type Solved } from '@/lib/exercises';
import { toResult, type ResultRow } from '@/server/results';
import type { ExerciseState, Solution } from '@/server/wire';

/** The exercise row fields a student's variant and card need. */
export interface ExerciseRowLike {
  key: string;
  kind: string;
  spec: unknown;
  settings: unknown;
}

/** Variants already reported as failing, so that each is logged once per process. */
const reported = new Set<string>();

/**
 * The student's variant of an exercise and its seed; `solved` is null when the variant cannot
 * be generated or solved (the card then says "not available"). The failure is logged once,
 * with the exercise and the seed, so that an instructor can reproduce it in the preview.
 */
export function studentVariant(
  exercise: Pick<ExerciseRowLike, 'key' | 'spec'>,
  userId: string,
  /** The seed drawn for an assessment sitting; by default the student's lesson seed. */
  drawnSeed?: number,
): { seed: number; solved: Solved | null } {
  const seed = drawnSeed ?? variantSeed(userId, exercise.key);
  try {
    return { seed, solved: solveVariant(exercise.spec, seed) };
  } catch (err) {
    const key = `${exercise.key}\n${seed}\n${JSON.stringify(exercise.spec)}`;
    if (!reported.has(key)) {
      if (reported.size >= 10_000) reported.clear();
      reported.add(key);
      console.error(`curvature: exercise "${exercise.key}" has no variant at seed ${seed}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return { seed, solved: null };
  }
}

/** What exerciseState needs to know. */
export interface StateInput {
  exercise: ExerciseRowLike;
  userId: string;
  /** The student's attempts, oldest first. */
  attempts: AttemptScore[];
  /** The newest attempt in full (its answer and feedback are shown); null when there are none. */
  last: ResultRow | null;
  /** The student's due date (their extension, else the lesson's). */
  dueAt: Date | null;
  now: Date;
  /** An instructor of the course: sees the solution always (their answers are graded like anyone's). */
  staff?: boolean;
  /** The rules in force (lib/content rulesFor); by default the exercise's own settings. */
  settings?: ExerciseSettings;
  /** In an assessment sitting: its id, the drawn variant's seed, and why it takes no more answers (time is up, submitted), if so. Practice is off. */
  sitting?: { id?: string; seed: number; closedReason: string | null };
  /** The student's draft kept on the server for this place (server/answer-drafts.ts), if any. */
  draft?: { text: string; updatedAt: Date } | null;
}

/**
 * The card of one exercise for one student: their variant's question, attempts, last result,
 * unlocked hints, and the solution only when the reveal policy allows it — or always for an
 * instructor of the course.
 */
export function exerciseState({ exercise, userId, attempts, last, dueAt, now, staff = false, settings = settingsOf(exercise.settings), sitting, draft }: StateInput): ExerciseState {
  const s = standing(settings, attempts, dueAt, now);
  if (sitting?.closedReason && s.status === 'open') {
    s.status = 'closed';
    s.closedReason = sitting.closedReason;
  }
  const base = {
    key: exercise.key,
    closedReason: s.closedReason,
    attemptsUsed: s.attemptsUsed,
    attemptsAllowed: settings.attempts,
    attemptsLeft: s.attemptsLeft,
    dueAt: dueAt?.toISOString() ?? null,
    bestScore: s.bestScore,
    last: last ? toResult(exercise.kind, last, exercise.spec) : null,
    hintsHtml: settings.hints.slice(0, s.misses).map(cachedTextHtml),
    hintCount: settings.hints.length,
    draftKey: createHash('sha256')
      .update(`${userId}\u0000${exercise.key}${sitting?.id ? `\u0000${sitting.id}` : ''}`)
      .digest('hex')
      .slice(0, 32),
    draft: s.status === 'open' && draft ? { text: draft.text, savedAt: draft.updatedAt.toISOString() } : null,
  };
  const { solved } = studentVariant(exercise, userId, sitting?.seed);
  if (!solved) {
    return {
      ...base,
      status: 'unavailable',
      closedReason: 'This exercise is not available right now.',
      promptHtml: escapeHtml('This exercise is not available right now.'),
      form: { shape: 'number', size: [], vars: [], labels: [] },
      solution: null,
      practice: false,
    };
  }
  const finished = s.status === 'correct' || s.status === 'closed';
  return {
    ...base,
    status: s.status,
    ...cardOf(solved),
    solution: s.revealed || staff ? solutionOf(solved, last?.answerText) : null,
    practice: !sitting && finished && paramsOf(exercise.spec) !== null,
  };
}

/** A form with each choice option's HTML (its author text with $…$ rendered by KaTeX), in parts too. */
function withOptionHtml(form: AnswerForm): AnswerForm {
  return {
    ...form,
    ...(form.options ? { options: form.options.map((o) => ({ ...o, html: cachedTextHtml(o.text) })) } : {}),
    ...(form.parts ? { parts: form.parts.map((p) => ({ ...p, form: withOptionHtml(p.form) })) } : {}),
  };
}

/**
 * What an exercise card shows of a variant before it is answered: the question as HTML (a
 * choice's options are left to the answer box) and the answer box's form with its options' HTML.
 * Neither holds the answer: which option is right stays on the server.
 */
export function cardOf(solved: Solved): { promptHtml: string; form: AnswerForm } {
  return { promptHtml: cachedTextHtml(cardPrompt(solved)), form: withOptionHtml(answerForm(solved)) };
}

/**
 * A variant's reference answer and worked steps as HTML. With the student's last answer, a kind
 * that works its steps from it (a trace: from the student's first wrong row) shows those instead.
 */
export function solutionOf(solved: Solved, lastAnswer?: string): Solution {
  let steps = solved.solution.steps;
  if (lastAnswer !== undefined && solved.kind.workedFrom) {
    const read = readAnswer(solved, lastAnswer);
    if (read.ok) steps = solved.kind.workedFrom(solved, read.value) ?? steps;
  }
  const out: Solution = {
    answerHtml: cachedDisplayHtml(solved.solution.latex),
    steps: steps.map((step) => ({ title: step.title, html: cachedDisplayHtml(step.latex) })),
  };
  const path = solved.kind.referencePath?.(solved);
  if (path) out.path = path;
  return out;
}
