/**
 * The grading core: validate and solve a spec once (cached), read a student's text
 * into the answer's shape, grade it entry by entry, and diagnose a known mistake.
 *
 * Lifecycle: solveSpec(raw) → Solved; readAnswer(solved, text) → Read<Parsed>
 * (a format error is not an attempt); gradeParsed(solved, parsed) → Grade.
 * gradeAnswer(solved, text) reads and grades: the one way the web app (a submission, an
 * instructor's "try as student", a regrade) and the CLI grade an answer.
 * gradeText(raw, text) also solves the spec, and never throws.
 */
import {
  readShaped,
  numberAccepted,
  accuracyHint,
  expressionsEqual,
  type Expr,
  type Reference,
} from '@/lib/answers';
import { evalExpr, referenceForm } from '@/lib/math';
import { matchMultiset, matchOrdered, matchRowSet, matchUpToScale, type Same } from './match';
import { registerSolver } from './author';
import { gradeParts, isPartsParsed, partsToJson, readParts, type PartPlan, type PartsParsed } from './parts';
import { KINDS } from './registry';
import { parseSpec, toleranceOf } from './spec';
import {
  SpecError,
  type Answer,
  type AnswerForm,
  type AnswerShape,
  type Check,
  type Diagnosis,
  type EntryCredit,
  type ExerciseKind,
  type Grade,
  type Read,
  type Solution,
  type Tolerance,
  type Verdict,
} from './types';

/** A spec validated and solved once: everything grading needs. */
export interface Solved {
  kind: ExerciseKind;
  /** The validated spec (zod output). */
  spec: unknown;
  solution: Solution;
  shape: AnswerShape;
  tolerance: Tolerance;
  /** The spec's `vars` (for expression answers); empty when it has none. */
  vars: string[];
}

/** A student's answer once read: the TypeScript form of each shape. */
export type Parsed = number | number[] | number[][] | string | Expr | Expr[] | Expr[][] | PartsParsed;

/** A reference expression: its value at a point and its exact form (lib/answers compares them). */
type Fn = Reference;

/** A reference answer prepared for comparison (expressions compiled, with their exact forms). */
type Target = number | number[] | number[][] | string | Fn | Fn[] | Fn[][];

interface Prepared {
  target: Target;
  /** Wrong answers of the kind's mistakes that apply and differ from the right one. */
  mistakes?: { id: string; message: string; target: Target }[];
}

const KIND_BY_NAME = new Map<string, ExerciseKind>(KINDS.map((k) => [k.kind, k]));

/** The registered kind named `name`, or undefined. */
export function getKind(name: string): ExerciseKind | undefined {
  return KIND_BY_NAME.get(name);
}

/** The `kind` strings of every registered kind, sorted. */
export function kindNames(): string[] {
  return [...KIND_BY_NAME.keys()].sort();
}

/**
 * Looks up the spec's kind and validates the spec with that kind's schema.
 * Throws SpecError('kind', …) for a missing or unknown kind and SpecError(<path>, …)
 * for the first invalid input.
 */
export function validateSpec(raw: unknown): { kind: ExerciseKind; spec: unknown } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SpecError('spec', 'a spec is a JSON object such as {"kind": "hessian", …}');
  }
  const name = (raw as { kind?: unknown }).kind;
  if (typeof name !== 'string') throw new SpecError('kind', 'missing "kind" (a string such as "hessian")');
  const kind = KIND_BY_NAME.get(name);
  if (!kind) throw new SpecError('kind', `unknown kind "${name}"; known kinds: ${kindNames().join(', ')}`);
  return { kind, spec: parseSpec(kind.schema, raw) };
}

// ---------------------------------------------------------------- solving (cached)

const CACHE_SIZE = 1000;
const solvedCache = new Map<string, Solved>();
const prepared = new WeakMap<Solved, Prepared>();
const plans = new WeakMap<Solved, PartPlan[]>();

/** The plan of an answer in several parts (asked of the kind once per variant). Throws when the kind has none. */
export function partPlan(solved: Solved): PartPlan[] {
  let plan = plans.get(solved);
  if (!plan) {
    if (!solved.kind.parts) throw new Error(`kind "${solved.kind.kind}" has answers in parts but no plan of its parts`);
    plan = solved.kind.parts(solved);
    plans.set(solved, plan);
  }
  return plan;
}

/**
 * Validates and solves a raw spec. The result is cached (least recently used, about
 * 1000 entries) under the spec's canonical JSON, so the same spec is solved once.
 * Throws SpecError when the spec is invalid or cannot be solved.
 */
export function solveSpec(raw: unknown): Solved {
  const key = canonicalJson(raw);
  const hit = solvedCache.get(key);
  if (hit) {
    solvedCache.delete(key);
    solvedCache.set(key, hit);
    return hit;
  }
  const { kind, spec } = validateSpec(raw);
  const solution = kind.solve(spec);
  if (!isFiniteAnswer(solution.answer)) {
    throw new SpecError('spec', 'this spec has no finite answer (a division by zero or an overflow)');
  }
  const vars = (spec as { vars?: unknown }).vars;
  const solved: Solved = {
    kind,
    spec,
    solution,
    shape: kind.shape(spec),
    tolerance: toleranceOf(spec),
    vars: Array.isArray(vars) ? (vars as string[]) : [],
  };
  solvedCache.set(key, solved);
  if (solvedCache.size > CACHE_SIZE) solvedCache.delete(solvedCache.keys().next().value as string);
  return solved;
}

registerSolver(solveSpec); // the multi-part kind solves its parts with the engine

/** The labels a solved label answer may take: canonical label → synonyms. */
export function labelsOf(solved: Solved): Record<string, string[]> {
  return solved.kind.labelsFor?.(solved.spec) ?? solved.kind.labels ?? {};
}

/** [] for a number or label, [n] for a vector, [rows, cols] for a matrix. */
function answerSize(answer: Answer): number[] {
  return Array.isArray(answer) ? (Array.isArray(answer[0]) ? [answer.length, (answer[0] as unknown[]).length] : [answer.length]) : [];
}

/** The form of the answer a solved variant expects (what an answer box needs; never the answer). */
export function answerForm(solved: Solved): AnswerForm {
  if (solved.shape === 'parts') {
    const parts = partPlan(solved).map((p) => ({ id: p.id, label: p.label, form: answerForm(p.reference) }));
    const form: AnswerForm = { shape: 'parts', size: [], vars: [], labels: [], parts };
    if (solved.kind.table) form.table = solved.kind.table(solved);
    return form;
  }
  const size = answerSize(solved.solution.answer);
  const expression = solved.shape === 'expression' || solved.shape === 'expression-vector' || solved.shape === 'expression-matrix';
  const form: AnswerForm = {
    shape: solved.shape,
    size: solved.shape === 'expression' ? [] : size,
    vars: expression ? solved.vars : [],
    labels: solved.shape === 'label' ? Object.keys(labelsOf(solved)) : [],
  };
  if ((solved.spec as { multiple?: unknown }).multiple === true && solved.shape === 'label') form.multiple = true;
  const options = solved.kind.options?.(solved.spec);
  if (options) form.options = options;
  if (solved.shape === 'number' || solved.shape === 'vector' || solved.shape === 'matrix') form.accuracy = accuracyHint(solved.tolerance);
  if (solved.kind.figure) {
    // A figure answer is judged by a distance, an angle or a run, not to significant figures.
    form.figure = solved.kind.figure(solved);
    form.accuracy = form.figure.accuracy;
  }
  return form;
}

/** The question as the exercise card shows it (without a choice's options, which its answer box lists). */
export function cardPrompt(solved: Solved): string {
  return solved.kind.cardPrompt?.(solved.spec) ?? solved.kind.prompt(solved.spec);
}

/** True when every number in the answer is finite (labels and expressions always are). */
export function isFiniteAnswer(answer: Answer): boolean {
  if (typeof answer === 'number') return Number.isFinite(answer);
  if (typeof answer === 'string') return true;
  return (answer as unknown[]).every((a) => isFiniteAnswer(a as Answer));
}

/** JSON with object keys sorted at every level: equal specs give equal strings. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(obj).sort()) {
    if (obj[k] !== undefined) parts.push(`${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
  }
  return `{${parts.join(',')}}`;
}

// ---------------------------------------------------------------- reading

/**
 * Reads a student's text in the shape the solved exercise expects (vector length,
 * matrix size, labels and variables taken from the solution and the spec).
 * A failure says where the text could not be read; it is not an attempt.
 */
export function readAnswer(solved: Solved, text: string): Read<Parsed> {
  if (solved.kind.read) return solved.kind.read(solved, text);
  if (solved.shape === 'parts') return readParts(partPlan(solved), text, readAnswer);
  return readShaped(text, { shape: solved.shape, size: answerSize(solved.solution.answer), vars: solved.vars, labels: labelsOf(solved) });
}

/** A parsed answer as stored: expressions as their text; an answer in parts as each part's, by id. */
export type ParsedJson = number | number[] | number[][] | string | string[] | string[][] | { [part: string]: ParsedJson | null };

/** The parsed answer in a JSON-friendly form (expressions as their text), for storage. */
export function parsedToJson(parsed: Parsed): ParsedJson {
  if (isPartsParsed(parsed)) return partsToJson(parsed, parsedToJson);
  if (!Array.isArray(parsed)) return exprOrValue(parsed) as ParsedJson;
  return (parsed as unknown[]).map((p) =>
    Array.isArray(p) ? p.map((q) => exprOrValue(q)) : exprOrValue(p),
  ) as ParsedJson;
}

function exprOrValue(p: unknown): unknown {
  return typeof p === 'object' && p !== null && 'text' in p ? (p as Expr).text : p;
}

// ---------------------------------------------------------------- grading

/**
 * Grades an answer already read. Numbers match within the spec's tolerance,
 * integers and labels exactly, expressions when mathematically equal; vectors and
 * matrices earn credit per entry, matched as the kind's `compare` says. A wrong answer
 * that equals the answer of one of the kind's known mistakes carries that mistake as
 * `diagnosis` (the first that matches). A kind with its own `grade` grades instead.
 */
export function gradeParsed(solved: Solved, parsed: Parsed): Grade {
  if (solved.kind.grade) return solved.kind.grade(solved, parsed);
  if (solved.shape === 'parts') {
    if (!isPartsParsed(parsed)) return { correct: false, score: 0, feedback: ['Expected an answer in parts.'], trail: [{ name: 'shape', passed: false }] };
    const grade = gradeParts(partPlan(solved), parsed, gradeParsed);
    return solved.kind.afterParts ? solved.kind.afterParts(solved, parsed, grade) : grade;
  }
  const prep = prepare(solved);
  const results = compareEntries(solved, parsed, prep.target);
  if (!results) {
    return { correct: false, score: 0, feedback: [shapeMessage(solved)], trail: [{ name: 'shape', passed: false }] };
  }
  const right = results.filter(Boolean).length;
  const correct = right === results.length;
  const perEntry = solved.shape !== 'number' && solved.shape !== 'integer' && solved.shape !== 'label' && solved.shape !== 'expression';
  const entries = perEntry ? entryCredits(solved, results) : undefined;
  const trail: Check[] = entries ? entries.map((e) => ({ name: entryCheck(e.index), passed: e.correct })) : [{ name: 'value', passed: correct }];
  const grade: Grade = { correct, score: right / results.length, feedback: [], trail };
  if (entries) grade.entries = entries;
  if (correct) {
    grade.feedback.push('Correct.');
    return grade;
  }
  if (!entries) grade.feedback.push('Not right.');
  else if (right === 0) grade.feedback.push('No entry is right.');
  else for (const e of entries) if (!e.correct) grade.feedback.push(`Entry ${entryName(e.index)} is not right.`);
  const diagnosis = diagnose(solved, prep, parsed);
  if (diagnosis) {
    grade.diagnosis = diagnosis;
    trail.push({ name: mistakeCheck(diagnosis.id), passed: true });
  }
  return grade;
}

/** The trail's name of the check of one entry (0-based index): "entry 2", "entry (1, 2)". */
export function entryCheck(index: number[]): string {
  return `entry ${entryName(index)}`;
}

/** The trail's name of the check "the answer is what mistake `id` gives". */
export function mistakeCheck(id: string): string {
  return `mistake:${id}`;
}

/** The mistake ids a trail recognised, in order; a part's as "<part>.<id>" (from its check "<part>.mistake:<id>"). */
export function mistakesInTrail(trail: readonly Check[]): string[] {
  return trail.flatMap((c) => {
    const m = c.passed ? /^(?:([a-z0-9-]+)\.)?mistake:(.+)$/.exec(c.name) : null;
    return m ? [m[1] ? `${m[1]}.${m[2]}` : m[2]] : [];
  });
}

/** correct: every entry right; partly: some credit; wrong: none. */
export function verdictOf(correct: boolean, score: number): Verdict {
  return correct ? 'correct' : score > 0 ? 'partly' : 'wrong';
}

/** An answer read and graded, or where it could not be read (which is not an attempt). */
export type GradedAnswer =
  | { ok: true; grade: Grade; version: number; parsed: ParsedJson }
  | { ok: false; error: { message: string; start: number; end: number; part?: string } };

/**
 * Reads `text` in the shape the solved variant expects and grades it: the one path by which
 * an answer is graded, for the web app's submissions, an instructor's "try as student", a
 * regrade and the CLI. `version` is the kind's grading version, `parsed` the answer read, in
 * the JSON form stored with the attempt.
 */
export function gradeAnswer(solved: Solved, text: string): GradedAnswer {
  const read = readAnswer(solved, text);
  if (!read.ok) {
    const { message, start, end, part } = read;
    return { ok: false, error: part === undefined ? { message, start, end } : { message, start, end, part } };
  }
  return { ok: true, grade: gradeParsed(solved, read.value), version: solved.kind.version, parsed: parsedToJson(read.value) };
}

/**
 * Reads and grades `text` against the spec `raw`. Never throws: an invalid spec gives
 * `{ ok: false, error: { message, field } }`, unreadable text `{ ok: false, error:
 * { message, start, end } }`. On success `parsed` is the JSON-friendly answer read and
 * `version` the kind's grading version.
 */
export function gradeText(
  raw: unknown,
  text: string,
):
  | Extract<GradedAnswer, { ok: true }>
  | { ok: false; error: { message: string; start?: number; end?: number; field?: string } } {
  let solved: Solved;
  try {
    solved = solveSpec(raw);
  } catch (err) {
    if (err instanceof SpecError) return { ok: false, error: { message: err.message, field: err.field } };
    return { ok: false, error: { message: err instanceof Error ? err.message : String(err) } };
  }
  return gradeAnswer(solved, text);
}

function entryName(index: number[]): string {
  return index.length === 1 ? String(index[0] + 1) : `(${index[0] + 1}, ${index[1] + 1})`;
}

function shapeMessage(solved: Solved): string {
  const a = solved.solution.answer as unknown[];
  if (solved.shape === 'vector' || solved.shape === 'expression-vector') return `Expected ${a.length} entries.`;
  if (solved.shape === 'matrix' || solved.shape === 'expression-matrix') {
    return `Expected a ${a.length}×${(a[0] as unknown[]).length} matrix.`;
  }
  return `Expected a ${solved.shape}.`;
}

function entryCredits(solved: Solved, results: boolean[]): EntryCredit[] {
  if (solved.shape === 'vector' || solved.shape === 'expression-vector') {
    return results.map((correct, i) => ({ index: [i], correct }));
  }
  const cols = ((solved.solution.answer as unknown[][])[0] ?? []).length;
  return results.map((correct, k) => ({ index: [Math.floor(k / cols), k % cols], correct }));
}

/**
 * Per-entry results of `parsed` against `target` under the kind's comparison, in the
 * student's order (matrices row by row); null when the sizes differ.
 */
function compareEntries(solved: Solved, parsed: Parsed, target: Target): boolean[] | null {
  const tol = solved.tolerance;
  const close = (p: number, t: number) => numberAccepted(p, t, tol);
  const equal = (p: Expr, t: Fn) => expressionsEqual(p, t, solved.vars);
  switch (solved.shape) {
    case 'number':
      return typeof parsed === 'number' ? [close(parsed, target as number)] : null;
    case 'integer':
      return typeof parsed === 'number' ? [parsed === target] : null;
    case 'label':
      return typeof parsed === 'string' ? [parsed === target] : null;
    case 'expression':
      return isExpr(parsed) ? [equal(parsed, target as Fn)] : null;
    case 'vector':
      return sameLength(parsed, target) ? matchVector(solved.kind.compare, parsed as number[], target as number[], close) : null;
    case 'matrix':
      return sameSize(parsed, target) ? matchMatrix(solved.kind.compare, parsed as number[][], target as number[][], close) : null;
    case 'expression-vector':
      return sameLength(parsed, target) ? matchVector(solved.kind.compare, parsed as Expr[], target as Fn[], equal) : null;
    case 'expression-matrix':
      return sameSize(parsed, target) ? matchMatrix(solved.kind.compare, parsed as Expr[][], target as Fn[][], equal) : null;
    case 'parts':
      return null; // graded part by part (gradeParts), never entry by entry
  }
}

function matchVector<P, T>(compare: ExerciseKind['compare'], parsed: P[], target: T[], same: Same<P, T>): boolean[] {
  if (compare === 'multiset') return matchMultiset(parsed, target, same);
  if (compare === 'up-to-scale' && typeof parsed[0] === 'number') {
    return matchUpToScale(parsed as number[], target as number[], same as unknown as Same<number, number>);
  }
  return matchOrdered(parsed, target, same);
}

function matchMatrix<P, T>(compare: ExerciseKind['compare'], parsed: P[][], target: T[][], same: Same<P, T>): boolean[] {
  if (compare === 'row-set') return matchRowSet(parsed, target, same);
  return parsed.flatMap((row, i) => matchOrdered(row, target[i], same));
}

function isExpr(p: Parsed): p is Expr {
  return typeof p === 'object' && p !== null && !Array.isArray(p) && 'evaluate' in p;
}

function sameLength(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && !a.some(Array.isArray);
}

function sameSize(a: unknown, b: unknown): boolean {
  return (
    Array.isArray(a) &&
    Array.isArray(b) &&
    a.length === b.length &&
    a.every((row, i) => Array.isArray(row) && row.length === (b[i] as unknown[]).length)
  );
}

// ---------------------------------------------------------------- preparing references and mistakes

function prepare(solved: Solved): Prepared {
  let p = prepared.get(solved);
  if (!p) {
    p = { target: toTarget(solved, solved.solution.answer) };
    prepared.set(solved, p);
  }
  return p;
}

/** Compiles expression answers to functions; other answers are their own target. */
function toTarget(solved: Solved, answer: Answer): Target {
  if (solved.shape === 'expression') return compileReference(answer as string, solved.vars);
  if (solved.shape === 'expression-vector') return (answer as string[]).map((e) => compileReference(e, solved.vars));
  if (solved.shape === 'expression-matrix') {
    return (answer as string[][]).map((row) => row.map((e) => compileReference(e, solved.vars)));
  }
  return answer as Target;
}

function compileReference(expr: string, vars: string[]): Fn {
  return { evaluate: (x) => evalExpr(expr, vars, x), exact: referenceForm(expr, vars) };
}

/** The wrong answer a mistake gives, as a Parsed (to compare with the right target). */
function toParsed(solved: Solved, answer: Answer): Parsed {
  if (solved.shape === 'expression') return referenceExpr(answer as string, solved.vars);
  if (solved.shape === 'expression-vector') return (answer as string[]).map((e) => referenceExpr(e, solved.vars));
  if (solved.shape === 'expression-matrix') {
    return (answer as string[][]).map((row) => row.map((e) => referenceExpr(e, solved.vars)));
  }
  return answer as Parsed;
}

/** An author-side expression (from a kind, not a student) as an Expr, evaluated by lib/math. */
function referenceExpr(expr: string, vars: string[]): Expr {
  evalExpr(expr, vars, vars.map(() => 0.5)); // parses now: an expression that cannot be read throws here
  const reference = compileReference(expr, vars);
  return { text: expr, tex: '', evaluate: reference.evaluate, exact: () => reference.exact };
}

/** Computes each mistake's wrong answer once per variant; keeps those that apply. */
function mistakeTargets(solved: Solved, prep: Prepared): NonNullable<Prepared['mistakes']> {
  if (prep.mistakes) return prep.mistakes;
  const out: NonNullable<Prepared['mistakes']> = [];
  let written: { id: string; message: string; answer: Answer }[] = [];
  try {
    written = solved.kind.mistakesFor?.(solved.spec, solved.solution) ?? [];
  } catch {
    // written mistakes that cannot be evaluated for this variant do not apply
  }
  const all = [...solved.kind.mistakes, ...written.map((w) => ({ id: w.id, message: w.message, wrongAnswer: () => w.answer }))];
  for (const m of all) {
    try {
      const wrong = m.wrongAnswer(solved.spec, solved.solution);
      if (wrong === null || wrong === undefined || !isFiniteAnswer(wrong)) continue;
      const asParsed = toParsed(solved, wrong);
      const vsRight = compareEntries(solved, asParsed, prep.target);
      if (!vsRight || vsRight.every(Boolean)) continue; // wrong size, or no different from the right answer
      out.push({ id: m.id, message: m.message, target: toTarget(solved, wrong) });
    } catch {
      // a mistake that throws does not apply to this variant
    }
  }
  prep.mistakes = out;
  return out;
}

function diagnose(solved: Solved, prep: Prepared, parsed: Parsed): Diagnosis | undefined {
  for (const m of mistakeTargets(solved, prep)) {
    const r = compareEntries(solved, parsed, m.target);
    if (r && r.every(Boolean)) return { id: m.id, message: m.message };
  }
  return undefined;
}
