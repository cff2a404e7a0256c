/**
 * The grading core: validate and solve a spec once (cached), read a student's text
 * into the answer's shape, grade it entry by entry, and diagnose a known mistake.
 *
 * Lifecycle: solveSpec(raw) → Solved; readAnswer(solved, text) → Read<Parsed>
 * (a format error is not an attempt); gradeParsed(solved, parsed) → Grade.
 * gradeText(raw, text) does all three and never throws.
 */
import {
  readNumber,
  readVector,
  readMatrix,
  readExpressionVector,
  readExpressionMatrix,
  readLabel,
  numbersClose,
  expressionsEqual,
  type Expr,
} from '@/lib/answers';
import { evalExpr } from '@/lib/math';
import { KINDS } from './registry';
import { parseSpec, toleranceOf } from './spec';
import {
  SpecError,
  type Answer,
  type AnswerShape,
  type Diagnosis,
  type EntryCredit,
  type ExerciseKind,
  type Grade,
  type Read,
  type Solution,
  type Tolerance,
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
export type Parsed = number | number[] | number[][] | string | Expr[] | Expr[][];

type Fn = (x: number[]) => number;

/** A reference answer prepared for comparison (expressions compiled to functions). */
type Target = number | number[] | number[][] | string | Fn[] | Fn[][];

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
  const answer = solved.solution.answer;
  switch (solved.shape) {
    case 'number':
      return readNumber(text);
    case 'integer': {
      const r = readNumber(text);
      if (r.ok && !Number.isInteger(r.value)) {
        return { ok: false, message: 'an iteration count is a whole number', start: 0, end: text.length };
      }
      return r;
    }
    case 'vector':
      return readVector(text, { length: (answer as number[]).length });
    case 'matrix': {
      const m = answer as number[][];
      return readMatrix(text, { rows: m.length, cols: m[0].length });
    }
    case 'label':
      return readLabel(text, solved.kind.labels ?? {});
    case 'expression-vector':
      return readExpressionVector(text, solved.vars, { length: (answer as string[]).length });
    case 'expression-matrix': {
      const m = answer as string[][];
      return readExpressionMatrix(text, solved.vars, { rows: m.length, cols: m[0].length });
    }
  }
}

/** The parsed answer in a JSON-friendly form (expressions as their text), for storage. */
export function parsedToJson(parsed: Parsed): number | number[] | number[][] | string | string[] | string[][] {
  if (!Array.isArray(parsed)) return parsed;
  return (parsed as unknown[]).map((p) =>
    Array.isArray(p) ? p.map((q) => exprOrValue(q)) : exprOrValue(p),
  ) as number[] | number[][] | string[] | string[][];
}

function exprOrValue(p: unknown): unknown {
  return typeof p === 'object' && p !== null && 'text' in p ? (p as Expr).text : p;
}

// ---------------------------------------------------------------- grading

/**
 * Grades an answer already read. Numbers match within the spec's tolerance,
 * integers and labels exactly, expressions when mathematically equal; vectors and
 * matrices earn credit per entry. A wrong answer that equals the answer of one of the
 * kind's known mistakes carries that mistake as `diagnosis` (the first that matches).
 */
export function gradeParsed(solved: Solved, parsed: Parsed): Grade {
  const prep = prepare(solved);
  const results = compareEntries(solved, parsed, prep.target);
  if (!results) {
    return { correct: false, score: 0, feedback: [shapeMessage(solved)] };
  }
  const right = results.filter(Boolean).length;
  const correct = right === results.length;
  const grade: Grade = { correct, score: right / results.length, feedback: [] };
  const perEntry = solved.shape !== 'number' && solved.shape !== 'integer' && solved.shape !== 'label';
  if (perEntry) grade.entries = entryCredits(solved, results);
  if (correct) {
    grade.feedback.push('Correct.');
    return grade;
  }
  if (!perEntry) grade.feedback.push('Not right.');
  else if (right === 0) grade.feedback.push('No entry is right.');
  else for (const e of grade.entries!) if (!e.correct) grade.feedback.push(`Entry ${entryName(e.index)} is not right.`);
  const diagnosis = diagnose(solved, prep, parsed);
  if (diagnosis) grade.diagnosis = diagnosis;
  return grade;
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
  | { ok: true; grade: Grade; version: number; parsed: unknown }
  | { ok: false; error: { message: string; start?: number; end?: number; field?: string } } {
  let solved: Solved;
  try {
    solved = solveSpec(raw);
  } catch (err) {
    if (err instanceof SpecError) return { ok: false, error: { message: err.message, field: err.field } };
    return { ok: false, error: { message: err instanceof Error ? err.message : String(err) } };
  }
  const read = readAnswer(solved, text);
  if (!read.ok) return { ok: false, error: { message: read.message, start: read.start, end: read.end } };
  return { ok: true, grade: gradeParsed(solved, read.value), version: solved.kind.version, parsed: parsedToJson(read.value) };
}

function entryName(index: number[]): string {
  return index.length === 1 ? String(index[0] + 1) : `(${index.map((i) => i + 1).join(', ')})`;
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

/** Per-entry results of `parsed` against `target`, row by row; null when the sizes differ. */
function compareEntries(solved: Solved, parsed: Parsed, target: Target): boolean[] | null {
  const tol = solved.tolerance;
  switch (solved.shape) {
    case 'number':
      return typeof parsed === 'number' ? [numbersClose(parsed, target as number, tol)] : null;
    case 'integer':
      return typeof parsed === 'number' ? [parsed === target] : null;
    case 'label':
      return typeof parsed === 'string' ? [parsed === target] : null;
    case 'vector':
      return sameLength(parsed, target) ? (target as number[]).map((t, i) => numbersClose((parsed as number[])[i], t, tol)) : null;
    case 'matrix':
      return sameSize(parsed, target) ? flatCompare(parsed as number[][], target as number[][], (p, t) => numbersClose(p, t, tol)) : null;
    case 'expression-vector':
      return sameLength(parsed, target)
        ? (target as Fn[]).map((t, i) => expressionsEqual((parsed as Expr[])[i], t, solved.vars))
        : null;
    case 'expression-matrix':
      return sameSize(parsed, target)
        ? flatCompare(parsed as Expr[][], target as Fn[][], (p, t) => expressionsEqual(p, t, solved.vars))
        : null;
  }
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

function flatCompare<P, T>(parsed: P[][], target: T[][], same: (p: P, t: T) => boolean): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < target.length; i++) for (let j = 0; j < target[i].length; j++) out.push(same(parsed[i][j], target[i][j]));
  return out;
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
  if (solved.shape === 'expression-vector') return (answer as string[]).map((e) => compileReference(e, solved.vars));
  if (solved.shape === 'expression-matrix') {
    return (answer as string[][]).map((row) => row.map((e) => compileReference(e, solved.vars)));
  }
  return answer as Target;
}

function compileReference(expr: string, vars: string[]): Fn {
  return (x) => evalExpr(expr, vars, x);
}

/** The wrong answer a mistake gives, as a Parsed (to compare with the right target). */
function toParsed(solved: Solved, answer: Answer): Parsed {
  if (solved.shape === 'expression-vector') return (answer as string[]).map((e) => referenceExpr(e, solved.vars));
  if (solved.shape === 'expression-matrix') {
    return (answer as string[][]).map((row) => row.map((e) => referenceExpr(e, solved.vars)));
  }
  return answer as Parsed;
}

/** An author-side expression (from a kind, not a student) as an Expr, evaluated by lib/math. */
function referenceExpr(expr: string, vars: string[]): Expr {
  evalExpr(expr, vars, vars.map(() => 0.5)); // parses now: an expression that cannot be read throws here
  return { text: expr, tex: '', evaluate: compileReference(expr, vars) };
}

/** Computes each mistake's wrong answer once per variant; keeps those that apply. */
function mistakeTargets(solved: Solved, prep: Prepared): NonNullable<Prepared['mistakes']> {
  if (prep.mistakes) return prep.mistakes;
  const out: NonNullable<Prepared['mistakes']> = [];
  for (const m of solved.kind.mistakes) {
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
