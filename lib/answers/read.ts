/**
 * Reading student answers: numbers, vectors, matrices, expressions in the exercise's
 * variables, and labels. Every function returns a Read<T> and never throws: text that
 * cannot be read gives { ok: false, message, start, end } with offsets into the text.
 *
 * Student text is never evaluated by mathjs or eval: it is parsed by our own small
 * grammar (./syntax) and compiled to plain closures (./expr).
 *
 * Accepted forms (see ./syntax for the grammar and precedence):
 *   numbers      12, -0.5, 1e-3, 3/4, sqrt(2), pi/4, 2^(1/2), 5+sqrt(2), e, √2, 2·π
 *   vectors      [1, -1], (1, -1), 1, -1, [1; -1] (a column), [1 -1]
 *   matrices     [[6, 2], [2, 12]], [6, 2; 2, 12], [6 2; 2 12]
 *   expressions  6x, 2xy, 3(x+1), x y, 2 sin(x), x^2y (= x²·y), x², 3x⁻¹, ln(x)
 *   labels       canonical label or a synonym; case, spaces, "-" and "_" do not matter
 */
import type { Read, ReadError } from './types';
import { compile, toTex, toText, type Compiled } from './expr';
import type { ExactForm } from '@/lib/math/exact';
import { exactFormOf } from './exactform';
import { MAX_LENGTH, ReadFailure, parseAnswer, type Limits, type Node } from './syntax';

/** A student's expression, compiled by us (never by mathjs evaluate). */
export interface Expr {
  /** Normalised mathjs-syntax text with explicit operators, e.g. "6 * x". */
  text: string;
  /** KaTeX source showing how the text was read. */
  tex: string;
  /** The value at a point: the values of the variables in order. Never throws. */
  evaluate(x: ArrayLike<number>): number;
  /**
   * The exact form (lib/math/exact), built on first use; undefined when the expression has
   * none within the bounds. Optional: an Expr without it is compared by sampling only.
   */
  exact?(): ExactForm | undefined;
}

/** Runs a reader; a ReadFailure (or, defensively, anything else) becomes a ReadError. */
function attempt<T>(text: string, read: () => T): Read<T> {
  try {
    return { ok: true, value: read() };
  } catch (err) {
    if (err instanceof ReadFailure) return err.toReadError();
    return { ok: false, message: 'Could not read the answer.', start: 0, end: typeof text === 'string' ? text.length : 0 };
  }
}

function asText(text: unknown): string {
  if (typeof text !== 'string') throw new ReadFailure('The answer is not text.', 0, 0);
  return text;
}

// ---------------------------------------------------------------- shapes

/** A list of scalar nodes from a tuple, a one-row or one-column matrix, or a single scalar. */
function vectorItems(root: Node): Node[] {
  if (root.k === 'tuple') return root.items;
  if (root.k !== 'array') return [root];
  const rows = matrixRows(root);
  if (rows.length === 1) return rows[0].items;
  if (rows.every((r) => r.items.length === 1)) return rows.map((r) => r.items[0]);
  throw new ReadFailure(`Expected a vector (one row or one column), not a ${rows.length}×${rows[0].items.length} matrix.`, root.start, root.end);
}

/**
 * The rows of a bracketed matrix, each a list of scalar nodes: [[a, b], [c, d]],
 * [[a, b]; [c, d]], [[a b] [c d]] or [a, b; c, d]. Checks that rows have equal lengths.
 */
function matrixRows(root: Node): { items: Node[]; start: number; end: number }[] {
  if (root.k !== 'array') {
    throw new ReadFailure('Expected a matrix in square brackets, like [[1, 2], [3, 4]] or [1, 2; 3, 4].', root.start, root.end);
  }
  if (root.rows.length === 0) throw new ReadFailure('There is nothing inside the brackets.', root.start, root.end);
  const entries = root.rows.flatMap((r) => r.items);
  const nested = entries.filter((e) => e.k === 'array');
  let rows = root.rows;
  if (nested.length > 0) {
    const flat = entries.find((e) => e.k !== 'array');
    if (flat) throw new ReadFailure('Every row must be in its own brackets, like [[1, 2], [3, 4]].', flat.start, flat.end);
    if (root.rows.length > 1 && root.rows.some((r) => r.items.length > 1)) {
      throw new ReadFailure('Write a matrix as [[1, 2], [3, 4]] or [1, 2; 3, 4].', root.start, root.end);
    }
    rows = [];
    for (const e of entries) {
      if (e.k !== 'array') continue;
      if (e.rows.length !== 1) {
        throw new ReadFailure('Each row in brackets is a list of entries, like [1, 2].', e.start, e.end);
      }
      rows.push({ items: e.rows[0].items, start: e.start, end: e.end });
    }
  }
  for (const r of rows) {
    for (const e of r.items) {
      if (e.k === 'array' || e.k === 'tuple') {
        throw new ReadFailure('Too many brackets: a matrix entry is a single number or expression.', e.start, e.end);
      }
    }
  }
  const cols = rows[0].items.length;
  rows.forEach((r, i) => {
    if (r.items.length !== cols) {
      throw new ReadFailure(`Row ${i + 1} has ${r.items.length} ${entriesWord(r.items.length)}; row 1 has ${cols}.`, r.start, r.end);
    }
  });
  return rows;
}

function entriesWord(n: number): string {
  return n === 1 ? 'entry' : 'entries';
}

function checkLength(items: Node[], root: Node, length: number | undefined): void {
  if (length === undefined || items.length === length) return;
  const start = items.length > length ? items[length].start : root.start;
  throw new ReadFailure(`Expected ${length} ${entriesWord(length)}, got ${items.length}.`, start, root.end);
}

function checkSize(rows: { items: Node[]; start: number; end: number }[], root: Node, opts: { rows?: number; cols?: number }): void {
  if (opts.rows !== undefined && rows.length !== opts.rows) {
    throw new ReadFailure(`Expected ${opts.rows} row${opts.rows === 1 ? '' : 's'}, got ${rows.length}.`, root.start, root.end);
  }
  if (opts.cols !== undefined && rows[0].items.length !== opts.cols) {
    const n = rows[0].items.length;
    throw new ReadFailure(`Expected ${opts.cols} column${opts.cols === 1 ? '' : 's'}, got ${n}.`, rows[0].start, rows[0].end);
  }
}

// ---------------------------------------------------------------- numbers

/** "1,5": two whole numbers joined by a comma and nothing else, as a decimal comma writes 1.5. */
const DECIMAL_COMMA = /^\s*[+-]?\d+,\d+\s*$/;

function scalarRoot(root: Node, text?: string): Node {
  if (root.k === 'tuple' || root.k === 'array') {
    if (text !== undefined && DECIMAL_COMMA.test(text)) {
      const dotted = text.trim().replace(',', '.');
      throw new ReadFailure(`Expected a single number. For decimals use a dot: ${dotted}, not ${text.trim()}.`, root.start, root.end);
    }
    throw new ReadFailure('Expected a single value, not a list.', root.start, root.end);
  }
  return root;
}

/** Evaluates a node with no variables; a non-finite value is a read error at the node. */
function finiteValue(n: Node, what: string): number {
  const v = compile(n)([]);
  if (!Number.isFinite(v)) throw new ReadFailure(`${what} is not a finite number.`, n.start, n.end);
  return v;
}

/**
 * Reads a number: `12`, `-0.5`, `1e-3`, `3/4`, `sqrt(2)`, `pi/4`, `2^(1/2)`,
 * `5+sqrt(2)`, `e`. A value that is not finite (1/0, sqrt(-1), 1e999) is a read error.
 */
export function readNumber(text: string): Read<number> {
  return attempt(text, () => finiteValue(scalarRoot(parseAnswer(asText(text), []), text), 'This'));
}

function entryName(i: number): string {
  return `Entry ${i + 1}`;
}

/**
 * Reads a vector: `[1, -1]`, `(1, -1)`, `1, -1`, a column `[1; -1]` or `[1 -1]`.
 * With `length`, a different number of entries is a read error.
 */
export function readVector(text: string, opts: { length?: number } = {}): Read<number[]> {
  return attempt(text, () => {
    const root = parseAnswer(asText(text), []);
    const items = vectorItems(root);
    checkLength(items, root, opts.length);
    return items.map((n, i) => finiteValue(n, entryName(i)));
  });
}

/**
 * Reads a matrix: `[[6, 2], [2, 12]]`, `[6, 2; 2, 12]` or `[6 2; 2 12]`. Rows must have
 * equal lengths; with `rows`/`cols`, a different size is a read error.
 */
export function readMatrix(text: string, opts: { rows?: number; cols?: number } = {}): Read<number[][]> {
  return attempt(text, () => {
    const root = parseAnswer(asText(text), []);
    const rows = matrixRows(root);
    checkSize(rows, root, opts);
    return rows.map((r, i) => r.items.map((n, j) => finiteValue(n, `Entry (${i + 1}, ${j + 1})`)));
  });
}

// ---------------------------------------------------------------- expressions

function toExpr(n: Node): Expr {
  const f: Compiled = compile(n);
  let form: ExactForm | undefined | null = null;
  return {
    text: toText(n),
    tex: toTex(n),
    evaluate: f,
    exact: () => (form === null ? (form = exactFormOf(n)) : form),
  };
}

/**
 * Reads an expression in `vars` (in order): mathjs-like syntax with implicit
 * multiplication (`6x`, `2xy`, `3(x+1)`, `x y`, `2 sin(x)`, `x^2y` = x²·y), the
 * constants pi and e, and the functions sqrt, cbrt, abs, sign (signum, sgn), max and min
 * (two or more arguments), exp, log (natural; log(x, b)), ln, log10, log2, sin, cos, tan,
 * sec, csc, cot, asin, acos, atan (or arcsin, …), sinh, cosh, tanh and their relatives
 * (see ./functions): the names an author's mathjs expression may use, too. `limits` may raise the size limits for trusted
 * text, such as a long reference derivative; student answers use the defaults.
 */
export function readExpression(text: string, vars: string[], limits: Limits = {}): Read<Expr> {
  return attempt(text, () => toExpr(scalarRoot(parseAnswer(asText(text), vars, limits))));
}

/** Reads a vector of expressions (same forms as readVector); `length` is checked. */
export function readExpressionVector(text: string, vars: string[], opts: { length?: number } = {}): Read<Expr[]> {
  return attempt(text, () => {
    const root = parseAnswer(asText(text), vars);
    const items = vectorItems(root);
    checkLength(items, root, opts.length);
    return items.map(toExpr);
  });
}

/** Reads a matrix of expressions (same forms as readMatrix); `rows`/`cols` are checked. */
export function readExpressionMatrix(
  text: string,
  vars: string[],
  opts: { rows?: number; cols?: number } = {},
): Read<Expr[][]> {
  return attempt(text, () => {
    const root = parseAnswer(asText(text), vars);
    const rows = matrixRows(root);
    checkSize(rows, root, opts);
    return rows.map((r) => r.items.map(toExpr));
  });
}

/**
 * How the text was read, as KaTeX, for a live preview: a number, expression (in `vars`),
 * vector or matrix. An error says where reading failed, like the readers do.
 */
export function previewTex(text: string, vars: string[] = []): Read<string> {
  return attempt(text, () => {
    const root = parseAnswer(asText(text), vars);
    // Compiling checks that no list or bracket hides inside a formula.
    if (root.k === 'array') {
      const rows = matrixRows(root);
      rows.forEach((r) => r.items.forEach(compile));
      return toTex({ ...root, rows });
    }
    if (root.k === 'tuple') root.items.forEach(compile);
    else compile(root);
    return toTex(root);
  });
}

// ---------------------------------------------------------------- labels

/** Lower case, trimmed, with runs of spaces, "-" and "_" made one space. */
export function normaliseLabel(text: string): string {
  return text.trim().toLowerCase().replace(/[\s\-_\u2212\u2013]+/g, ' ').trim();
}

/**
 * Reads a label: the canonical label or one of its synonyms in `labels`
 * (canonical → synonyms), ignoring case, surrounding spaces and the difference between
 * spaces, "-" and "_". Returns the canonical label. Nothing else is guessed.
 */
export function readLabel(text: string, labels: Record<string, string[]>): Read<string> {
  return attempt(text, () => {
    if (asText(text).length > MAX_LENGTH) {
      throw new ReadFailure(`The answer is too long (${text.length} characters; at most ${MAX_LENGTH}).`, MAX_LENGTH, text.length);
    }
    const wanted = normaliseLabel(text);
    const trimmedStart = text.length - text.trimStart().length;
    const span: [number, number] = [trimmedStart, Math.max(trimmedStart, text.trimEnd().length)];
    if (wanted === '') throw new ReadFailure('The answer is empty.', 0, text.length);
    for (const [canonical, synonyms] of Object.entries(labels)) {
      if (normaliseLabel(canonical) === wanted || synonyms.some((s) => normaliseLabel(s) === wanted)) return canonical;
    }
    const shown = wanted.length > 40 ? `${wanted.slice(0, 40)}…` : wanted;
    throw new ReadFailure(`Unknown answer “${shown}”: use one of ${Object.keys(labels).join(', ')}.`, ...span);
  });
}

export type { Read, ReadError };
