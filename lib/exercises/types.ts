/**
 * The interface every exercise kind implements, and the shapes that flow between
 * the kinds, the grading core, the CLI and the web app.
 *
 * Lifecycle of one exercise (after PrairieLearn): generate a variant from a spec and
 * a seed → solve it once (cached) → parse a student's text (a format error is not an
 * attempt) → grade the parsed answer against the solution → diagnose a known mistake.
 */
import type { z } from 'zod';

/** Tolerances for comparing numbers: |a − b| ≤ max(rtol·|b|, atol). */
export interface Tolerance {
  rtol: number;
  atol: number;
}
export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-6 };

/** One worked step, shown to a student after the exercise allows it. */
export interface Step {
  /** Short plain-text title, e.g. "Differentiate twice". */
  title: string;
  /** KaTeX source of the displayed math for this step (display mode). */
  latex: string;
}

/**
 * The answer a kind expects, by shape. A kind's `answer` in its Solution has the
 * TypeScript type that matches its shape:
 *   number → number; integer → number (an integer); vector → number[];
 *   matrix → number[][]; label → string (a canonical label);
 *   expression-vector → string[] (mathjs expressions in `vars`);
 *   expression-matrix → string[][].
 */
export type AnswerShape =
  | 'number'
  | 'integer'
  | 'vector'
  | 'matrix'
  | 'label'
  | 'expression-vector'
  | 'expression-matrix';

export type Answer = number | number[] | number[][] | string | string[] | string[][];

export interface Solution<A extends Answer = Answer> {
  answer: A;
  /** The answer as KaTeX source, e.g. "\\begin{bmatrix}6&2\\\\2&12\\end{bmatrix}". */
  latex: string;
  steps: Step[];
}

/** Where reading a student's text failed: 0-based [start, end) offsets into the text. */
export interface ReadError {
  ok: false;
  message: string;
  start: number;
  end: number;
}
export type Read<T> = { ok: true; value: T } | ReadError;

/** Credit for one entry of a vector or matrix answer. `index` is 0-based ([i] or [i, j]). */
export interface EntryCredit {
  index: number[];
  correct: boolean;
}

export interface Diagnosis {
  /** Stable id of the mistake, e.g. "transposed", "hessian-not-inverse". */
  id: string;
  /** What the student most likely did, in one sentence. */
  message: string;
}

export interface Grade {
  correct: boolean;
  /** 0..1 */
  score: number;
  /** Per-entry credit for vectors and matrices (absent for numbers and labels). */
  entries?: EntryCredit[];
  /** Plain-text sentences for the student, e.g. "Entry (1, 2) is not right." */
  feedback: string[];
  diagnosis?: Diagnosis;
}

/** A known mistake, as data: the answer a student who made it would give. */
export interface Mistake<S, A extends Answer = Answer> {
  id: string;
  message: string;
  /** The wrong answer this mistake produces for this spec, or null when it does not apply
   *  (or coincides with the right answer). May throw; a throw means "does not apply". */
  wrongAnswer(spec: S, solution: Solution<A>): A | null;
}

/** An error in an author's spec: says which input is wrong. Never a wrong number. */
export class SpecError extends Error {
  constructor(
    /** The spec field at fault, e.g. "f", "matrix", "y". */
    public readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'SpecError';
  }
}

export interface ExerciseKind<S = unknown, A extends Answer = Answer> {
  /** The `kind` string of the contract, e.g. "hessian". */
  kind: string;
  /** Bumped whenever grading changes; stored with every grade. */
  version: number;
  /** A one-line title for instructors, e.g. "Hessian matrix". */
  title: string;
  /** Validates an author's spec (after params are substituted) with clear messages. */
  schema: z.ZodType<S>;
  /** The shape of the answer; may depend on the spec (e.g. gradient with or without `at`). */
  shape(spec: S): AnswerShape;
  /** Labels a `label` kind accepts: canonical label → synonyms (all lower case). */
  labels?: Record<string, string[]>;
  /**
   * The question for this variant as Markdown with $…$ KaTeX, generated from the spec, e.g.
   * "Compute the Hessian of $f(x, y) = x^3 + y^3 + 2xy$ at $(1, 2)$." Contains no part of the answer.
   */
  prompt(spec: S): string;
  /** Throws SpecError when the spec cannot be solved. Pure and deterministic. */
  solve(spec: S): Solution<A>;
  mistakes: Mistake<S, A>[];
}
