/**
 * The wire contract of the exercise cards: what `GET /api/lesson-state` and
 * `POST /api/attempts` send and answer, and the shapes inside (a student's exercise state,
 * a graded result). Types only: client components import these, and nothing here runs.
 */
import type { StandingStatus } from '@/lib/content';
import type { AnswerForm, Diagnosis, EntryCredit, Verdict } from '@/lib/exercises';

export type { AnswerForm, Verdict };

/** A grade as a person sees it: verdict, score, per-entry credit, feedback and diagnosis. */
export interface GradeView {
  verdict: Verdict;
  correct: boolean;
  /** 0..1 */
  score: number;
  /** Per-entry credit of vector and matrix answers; null for numbers and labels. */
  entries: EntryCredit[] | null;
  feedback: string[];
  diagnosis: Diagnosis | null;
  /** An answer in several parts: the result of each part, in order; null otherwise. */
  parts: PartView[] | null;
}

/** The result of one part of an answer in several parts. */
export interface PartView {
  id: string;
  label: string;
  verdict: Verdict;
  correct: boolean;
  score: number;
  entries: EntryCredit[] | null;
  feedback: string[];
  diagnosis: Diagnosis | null;
}

/** The result of one graded attempt, as the student sees it. */
export interface AttemptResult extends GradeView {
  id: string;
  answerText: string;
  /** ISO-8601 time of the attempt. */
  createdAt: string;
}

/** Where an answer could not be read: 0-based [start, end) offsets into the text. */
export interface Unreadable {
  message: string;
  start: number;
  end: number;
  /** In an answer of several parts, the part whose text could not be read (the offsets are into it). */
  part?: string;
}

/**
 * open: the student may submit; correct: answered correctly; closed: no more graded attempts
 * (used up, or the answer was revealed); unavailable: the variant cannot be generated.
 */
export type ExerciseStatus = StandingStatus | 'unavailable';

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
  /** The student's due date (their extension, else the lesson's), ISO; null when there is none. */
  dueAt: string | null;
  /** Best score over the graded attempts, null before the first one. */
  bestScore: number | null;
  /** The newest graded attempt. */
  last: AttemptResult | null;
  /** The hints unlocked so far (one per attempt that was not correct), as HTML. */
  hintsHtml: string[];
  /** How many hints the exercise has in all. */
  hintCount: number;
  /** The reference answer and worked steps, only once the reveal policy allows them. */
  solution: Solution | null;
  /**
   * The student may practise on new variants (not counted): they have finished this exercise
   * and its numbers are drawn at random (POST /api/practice).
   */
  practice: boolean;
  /**
   * Where the browser keeps its copy of this student's unsent draft of this exercise (an answer
   * in parts can be long: a trace): an opaque key, a hash of the student, the exercise and the
   * place (the lesson page or the sitting).
   */
  draftKey: string;
  /**
   * The student's draft kept on the server (POST /api/drafts), to resume on any device: the
   * texts by part id as JSON, and when it was saved. Null when there is none or the exercise
   * takes no answers now.
   */
  draft?: { text: string; savedAt: string } | null;
  /**
   * In a quiz or exam whose results are held until release: the student's newest answer as
   * typed (saved and graded; its verdict, score and the answer are shown after release).
   */
  savedAnswer?: string | null;
}

/** A reference answer and its worked steps, as HTML. */
export interface Solution {
  answerHtml: string;
  steps: { title: string; html: string }[];
  /** A trace in two variables: the reference iterates, for its figure; absent otherwise. */
  path?: number[][];
}

/** What a lesson page shows one student: not enrolled, or the state of each exercise. */
export type LessonView =
  | { status: 'not-found' }
  | { status: 'not-enrolled'; course: { slug: string; title: string } }
  | { status: 'ok'; exercises: ExerciseState[] };

/**
 * What a submission did. Only `graded` stored an attempt (`repeated`: this key's attempt
 * was stored before, and is returned again). `unreadable` is not an attempt.
 */
export type SubmitOutcome =
  | { status: 'graded'; repeated: boolean; result: AttemptResult; state: ExerciseState }
  | { status: 'unreadable'; error: Unreadable; state: ExerciseState }
  | { status: 'closed'; state: ExerciseState }
  /** In a quiz or exam whose results are held until release: stored and graded, the result not shown yet. */
  | { status: 'saved'; repeated: boolean; state: ExerciseState }
  | { status: 'not-found' }
  | { status: 'not-enrolled' }
  | { status: 'key-reused' };

/** The request was malformed (failed validation); `message` says which field. */
export interface Invalid {
  status: 'invalid';
  message: string;
}

/** Nobody is signed in. */
export interface SignedOut {
  status: 'signed-out';
}

/** The answer of GET /api/lesson-state. */
export type LessonStateResponse = LessonView | SignedOut | Invalid;

/** The answer of POST /api/attempts. */
export type SubmitResponse = SubmitOutcome | SignedOut | Invalid;

/** The body of POST /api/attempts. */
export interface SubmitRequest {
  course: string;
  exercise: string;
  /** Exactly what the student typed. */
  answer: string;
  /** Made by the browser once per answer; a retry sends the same key. */
  idempotencyKey: string;
  /** The assessment sitting the answer belongs to (the exercise must be in its draw); absent on a lesson page. */
  sitting?: string;
}

/** The body of POST /api/drafts: the texts typed so far, by part id, as JSON (not graded, not an attempt). */
export interface DraftRequest {
  course: string;
  exercise: string;
  /** The assessment sitting it is typed in; absent on a lesson page. */
  sitting?: string;
  text: string;
}

/** What became of a draft (server/answer-drafts.ts saveDraft). */
export type DraftOutcome =
  | { status: 'saved'; savedAt: string }
  | { status: 'not-found' }
  | { status: 'not-enrolled' }
  | { status: 'closed'; message: string }
  | { status: 'too-large'; message: string }
  | { status: 'invalid'; message: string };

/** The answer of POST /api/drafts. */
export type DraftResponse = DraftOutcome | SignedOut | Invalid;

/**
 * The body of POST /api/practice: without `token`, asks for a new practice variant; with
 * `token` (of a variant this server made) and `answer`, grades the answer against it.
 */
export interface PracticeRequest {
  course: string;
  exercise: string;
  token?: string;
  answer?: string;
}

/**
 * What a practice request did. Nothing is stored: a practice answer is never an attempt.
 * `not-finished`: the student's own graded variant is still open; `stale`: the token is not
 * one this server made for this student and exercise (or the exercise has changed since).
 */
export type PracticeOutcome =
  | { status: 'variant'; token: string; promptHtml: string; form: AnswerForm }
  | { status: 'graded'; grade: GradeView; solution: Solution }
  | { status: 'unreadable'; error: Unreadable }
  | { status: 'not-finished' }
  /** The student is sitting an exam of the course: no practice until it ends. */
  | { status: 'closed-for-exam' }
  | { status: 'stale' }
  | { status: 'not-found' }
  | { status: 'not-enrolled' };

/** The answer of POST /api/practice. */
export type PracticeResponse = PracticeOutcome | SignedOut | Invalid;

/** A grading result as instructors compare them (gradebook drill-down, regrade changes). */
export interface ResultSummary {
  score: number;
  correct: boolean;
  verdict: Verdict;
  diagnosisId: string | null;
  /** The diagnosis's sentence, when there is one. */
  diagnosis: string | null;
}
