/**
 * The interface every exercise kind implements, and the shapes that flow between
 * the kinds, the grading core, the CLI and the web app.
 *
 * Lifecycle of one exercise (after PrairieLearn): generate a variant from a spec and
 * a seed → solve it once (cached) → parse a student's text (a format error is not an
 * attempt) → grade the parsed answer against the solution → diagnose a known mistake.
 */
import type { z } from 'zod';
import type { ValueShape } from '@/lib/answers/shaped';
import type { Read } from '@/lib/answers/types';
import type { Parsed, Solved } from './engine';
import type { PartGrade, PartPlan, PartsParsed } from './parts';
export { DEFAULT_TOLERANCE, type Tolerance, type Read, type ReadError } from '@/lib/answers/types';

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
 *   expression → string (a mathjs expression in `vars`);
 *   expression-vector → string[] (mathjs expressions in `vars`);
 *   expression-matrix → string[][]; parts → the kind describes its parts (ExerciseKind.parts).
 */
export type AnswerShape = ValueShape | 'parts';

export type Answer = number | number[] | number[][] | string | string[] | string[][];

export interface Solution<A extends Answer = Answer> {
  answer: A;
  /** The answer as KaTeX source, e.g. "\\begin{bmatrix}6&2\\\\2&12\\end{bmatrix}". */
  latex: string;
  steps: Step[];
}

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

/**
 * One named test a grade made and how it came out — after STACK's answer notes. The trail of
 * a grade says what was checked ("shape", "entry (1, 2)", "value", "mistake:transposed"), so
 * that the misconceptions report and a regrade's list of changes read the same record the
 * grader wrote. Names are stable: they are stored with every attempt.
 */
export interface Check {
  name: string;
  passed: boolean;
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
  /** The checks made, in order; a recognised mistake is the check "mistake:<id>" (passed). */
  trail: Check[];
  /** An answer in several parts: the grade of each part (lib/exercises/parts.ts). */
  parts?: PartGrade[];
}

/** correct: every entry right; partly: some credit; wrong: none. */
export type Verdict = 'correct' | 'partly' | 'wrong';

/** What an answer box needs to know: the answer's shape, size, variables and labels (never its value). */
export interface AnswerForm {
  shape: AnswerShape;
  /** [] for a number or label, [n] for a vector, [rows, cols] for a matrix. */
  size: number[];
  /** Variables of expression answers (for the preview); [] otherwise. */
  vars: string[];
  /** The labels a label answer may take; [] otherwise. */
  labels: string[];
  /** A choice of several labels at once (a multiple-choice question): they are typed separated by commas. */
  multiple?: boolean;
  /**
   * Numeric answers (number, vector, matrix): the accuracy the answer needs, as a sentence for
   * the card, e.g. "Give numbers to 3 significant figures (or within 0.1 %)." (lib/answers accuracyHint).
   */
  accuracy?: string;
  /**
   * A choice: its options in the order shown — letter, the author's text (Markdown with $…$),
   * and its HTML, which the server adds before sending the form. Never which one is right.
   */
  options?: { label: string; text: string; html?: string }[];
  /** An answer in several parts (shape `parts`): each part's box, in order. */
  parts?: { id: string; label: string; form: AnswerForm }[];
  /** Parts laid out as a table (an algorithm trace): see TraceTable. */
  table?: TraceTable;
  /** An answer given on a contour figure (the figure-* kinds): what the figure draws. Never the answer. */
  figure?: FigureAnswer;
}

/**
 * What the browser needs to draw a figure answer: f in mathjs syntax over its two variables,
 * the plotted square, the mode and the given point. Never the reference answer.
 * - `point`: the student places a point; `from` is the start point x₀ (drawn);
 * - `direction`: the student places the tip of an arrow from `from` (the point `at`);
 *   the answer is the tip minus `from`;
 * - `step-size`: the student picks α with a slider in `lr`; the figure draws gradient descent
 *   from `from` with that α for `within` iterations.
 */
export interface FigureAnswer {
  mode: 'point' | 'direction' | 'step-size';
  f: string;
  vars: string[];
  range: [number, number];
  from: number[];
  /** step-size: the slider's [min, max]. */
  lr?: [number, number];
  /** step-size: iterations drawn (the exercise's budget). */
  within?: number;
  /** How close the answer must be, as a sentence for the card (also the form's `accuracy`). */
  accuracy: string;
}

/**
 * How the parts of an answer sit in a table (one row per iteration of an algorithm trace):
 * the row and column headings, and the part id of each cell — null for a cell the exercise
 * gives (the start point x₀, the first approximation H₀).
 */
export interface TraceTable {
  /** Plain-text row headings, e.g. "k = 0". */
  rows: string[];
  /** Plain-text column headings, e.g. "∇f(x_k)", and their KaTeX. */
  columns: { id: string; label: string; tex: string }[];
  cells: (string | null)[][];
  /** The given cells' values as KaTeX, by row then column (null where the student answers). */
  given: (string | null)[][];
  /**
   * A trace in two variables: what its figure draws the paths on — f in mathjs syntax, the
   * variables, the plotted range — and which column holds the iterates x_k. Never an answer.
   */
  figure?: { f: string; vars: string[]; range: [number, number]; x0: number[]; xColumn: string | null };
}

/**
 * How a vector or matrix answer is matched with the reference (credit stays per entry):
 * - `ordered` (the default): entry i against entry i;
 * - `multiset`: a vector's entries in any order, each reference entry used once (eigenvalues);
 * - `row-set`: a matrix's rows as an unordered set of vectors (a list of points);
 * - `up-to-scale`: a vector equal to a non-zero multiple of the reference (an eigenvector,
 *   a direction): its sign and length do not matter.
 */
export type Comparison = 'ordered' | 'multiset' | 'row-set' | 'up-to-scale';

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
  /** What the kind asks and how its props are written, in a sentence or two (the new-exercise form shows it). */
  description?: string;
  /** Validates an author's spec (after params are substituted) with clear messages. */
  schema: z.ZodType<S>;
  /** The shape of the answer; may depend on the spec (e.g. gradient with or without `at`). */
  shape(spec: S): AnswerShape;
  /** Labels a `label` kind accepts: canonical label → synonyms (all lower case). */
  labels?: Record<string, string[]>;
  /** Labels that depend on the spec (a `choice` kind's option letters); `labels` is used otherwise. */
  labelsFor?(spec: S): Record<string, string[]>;
  /**
   * The question for this variant as Markdown with $…$ KaTeX, generated from the spec, e.g.
   * "Compute the Hessian of $f(x, y) = x^3 + y^3 + 2xy$ at $(1, 2)$." Contains no part of the answer.
   */
  prompt(spec: S): string;
  /**
   * The question as the exercise card shows it, without what its answer box shows itself (a
   * choice's options, which the box lists as radio buttons or checkboxes); `prompt` otherwise.
   */
  cardPrompt?(spec: S): string;
  /** A choice's options in the order shown, with their letters and the author's text (never which is right). */
  options?(spec: S): { label: string; text: string }[];
  /** Throws SpecError when the spec cannot be solved. Pure and deterministic. */
  solve(spec: S): Solution<A>;
  mistakes: Mistake<S, A>[];
  /**
   * Mistakes written in the spec itself (the author kinds' `mistakes` prop), each with its
   * wrong answer for this variant; checked after `mistakes`. May throw (then none apply).
   */
  mistakesFor?(spec: S, solution: Solution<A>): { id: string; message: string; answer: A }[];
  /**
   * Makes the variant of a seed from the spec once its params are substituted (a `choice`
   * kind shuffles its options here). Pure and deterministic in (variant, seed).
   */
  vary?(variant: Record<string, unknown>, seed: number): Record<string, unknown>;
  /** How answers are matched with the reference (default `ordered`). */
  compare?: Comparison;
  /**
   * A kind whose answers have several parts (shape `parts`): the plan of its parts for a
   * solved variant. The engine reads and grades them (lib/exercises/parts.ts) and asks for the
   * plan once per variant.
   */
  parts?(solved: Solved): PartPlan[];
  /**
   * A kind that reads its answers in its own way (a table of rows, several parts) sets this;
   * the engine's reader by shape is used otherwise. Must not throw; a failure says where.
   */
  read?(solved: Solved, text: string): Read<Parsed>;
  /**
   * A kind that grades in its own way sets this; the engine's entry-by-entry grading with
   * `compare` and the mistakes is used otherwise. Must fill in the trail.
   */
  grade?(solved: Solved, parsed: Parsed): Grade;
  /**
   * A kind with parts may add its own checks to the grade of its parts (a trace's
   * follow-through notes and its trace-level mistakes). Must keep the parts' checks.
   */
  afterParts?(solved: Solved, parsed: PartsParsed, grade: Grade): Grade;
  /** A kind with parts laid out as a table (an algorithm trace) says how. */
  table?(solved: Solved): TraceTable;
  /**
   * Worked steps from a student's own answer, shown with the solution after an attempt (a
   * trace: the reference rows from the student's first wrong row on); null for the usual steps.
   */
  workedFrom?(solved: Solved, parsed: Parsed): Step[] | null;
  /** A figure answer (figure-point, figure-direction, figure-step-size): what its figure draws. Never the answer. */
  figure?(solved: Solved): FigureAnswer;
  /** A trace in two variables: the reference iterates x_0, x_1, … (shown only with the solution). */
  referencePath?(solved: Solved): number[][] | null;
}
