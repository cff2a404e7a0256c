/**
 * The rules one student meets on one exercise: the authored settings after the lesson's
 * instructor overrides, their due date, and where they stand after their attempts (open,
 * answered correctly, closed; attempts left; whether the answer may be shown). Pure: the
 * submit path, the lesson state, progress and the instructor's preview all decide with these.
 */
import { REVEAL_POLICIES, attemptsLeft, mayReveal, type ExerciseSettings, type RevealPolicy } from './settings';

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

/** open: the student may submit; correct: answered correctly; closed: no more graded attempts (used up, or the answer was revealed). */
export type StandingStatus = 'open' | 'correct' | 'closed';

/** Where a student stands on one exercise, from their attempts (oldest first). */
export interface Standing {
  status: StandingStatus;
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
 * instead), and its time. An Attempt row with its newest Grade has it; the submit path reads
 * only this much.
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
  let status: StandingStatus = 'open';
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
