/**
 * The author's sandbox: evaluating what an author writes in an exercise whose answer they
 * give themselves (`number`, `vector`, `matrix`, `expression`, `choice`, `multi-part`), and
 * the pieces those kinds share.
 *
 * Authors are trusted more than students, but their text is still never handed to mathjs
 * whole: it is parsed, and only numbers, the names in scope (parameters already substituted,
 * earlier parts of a multi-part exercise named in `from`), pi and e, arithmetic, indexing and
 * a fixed list of functions (elementary functions and a little linear algebra) are allowed.
 * Nothing can reach mathjs' `import`, `evaluate`, `parse`, `createUnit` or any other function
 * outside the list, nor assign anything.
 */
import { parse, type AccessorNode, type EvalFunction, type ConstantNode, type FunctionNode, type IndexNode, type MathNode, type OperatorNode, type SymbolNode } from 'mathjs';
import { z } from 'zod';
import { numberAccepted } from '@/lib/answers';
import { evalExpr } from '@/lib/math';
import { texMatrix, texNumber, texVector } from './latex';
import type { Solved } from './engine';
import { SpecError, type Tolerance } from './types';

/** A value an author's expression evaluates to, or a name in scope holds. */
export type AuthorValue = number | number[] | number[][];

/**
 * A formula in scope (an earlier `expression` part of a multi-part exercise): its variables and
 * its formula(s) in mathjs syntax. An author's expression calls it at a point, `grad(1, 2)`,
 * giving a number, vector or matrix.
 */
export interface AuthorFormula {
  vars: string[];
  formula: string | string[] | string[][];
}

/** What a name in scope holds. */
export type ScopeValue = AuthorValue | AuthorFormula;

/** Whether a scope value is a formula (called at a point) rather than a value. */
export function isFormula(v: ScopeValue): v is AuthorFormula {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The longest author expression evaluated. */
const MAX_AUTHOR_TEXT = 2000;

/** Functions an author's expression may call. */
const AUTHOR_FUNCTIONS = new Set([
  'sqrt', 'cbrt', 'nthRoot', 'exp', 'log', 'log10', 'log2', 'abs', 'sign', 'round', 'floor', 'ceil', 'min', 'max', 'mod',
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh',
  'inv', 'det', 'transpose', 'dot', 'norm', 'trace', 'sum', 'multiply',
]);

const AUTHOR_OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus', 'dotMultiply', 'dotDivide', 'dotPow', 'ctranspose', 'transpose']);

/** Operators a condition (`where`) may use besides arithmetic. */
const CONDITION_OPERATORS = new Set(['equal', 'unequal', 'smaller', 'larger', 'smallerEq', 'largerEq', 'and', 'or', 'xor', 'not']);

const CONSTANTS = new Set(['pi', 'e']);

/** Thrown for a name that is neither in scope nor a constant (kept apart so substitution can leave such text alone). */
export class UnknownName extends Error {}

function describe(names: readonly string[]): string {
  return names.length > 0 ? `the names here are ${names.join(', ')}, pi and e` : 'only pi and e are defined here; write a parameter as {a}';
}

/** Parses an author's expression and checks every node against the sandbox's rules. Throws Error with a readable message. */
function parseAuthor(text: string, names: readonly string[], condition = false, formulas: readonly string[] = []): MathNode {
  if (text.trim() === '') throw new Error('the expression is empty');
  if (text.length > MAX_AUTHOR_TEXT) throw new Error(`the expression is longer than ${MAX_AUTHOR_TEXT} characters`);
  let node: MathNode;
  try {
    node = parse(text);
  } catch (err) {
    throw new Error(`"${text}" cannot be read: ${(err as Error).message}`);
  }
  const known = new Set(names);
  node.traverse((n: MathNode, path: string, parent: MathNode | null) => {
    switch (n.type) {
      case 'ParenthesisNode':
      case 'ArrayNode':
        return;
      case 'ConstantNode':
        if (typeof (n as ConstantNode).value !== 'number') throw new Error(`"${text}" may hold numbers only, not ${JSON.stringify((n as ConstantNode).value)}`);
        return;
      case 'RelationalNode':
        if (condition) return;
        throw new Error(`"${text}": comparisons belong in \`where\`, not in a value`);
      case 'OperatorNode':
        if (condition && CONDITION_OPERATORS.has((n as OperatorNode).fn)) return;
        if (!AUTHOR_OPERATORS.has((n as OperatorNode).fn)) throw new Error(`"${text}": the operator "${(n as OperatorNode).op}" is not allowed (use + - * / ^ and ')`);
        return;
      case 'FunctionNode': {
        const fn = (n as FunctionNode).fn as MathNode;
        const name = fn.type === 'SymbolNode' ? (fn as SymbolNode).name : '';
        if (!AUTHOR_FUNCTIONS.has(name) && !formulas.includes(name)) throw new Error(`"${text}": unknown function "${name || fn.toString()}"`);
        return;
      }
      case 'AccessorNode':
        return;
      case 'IndexNode':
        if ((n as IndexNode).dotNotation || parent?.type !== 'AccessorNode') throw new Error(`"${text}": only indexing such as g[1] or H[1, 2] is allowed`);
        return;
      case 'SymbolNode': {
        if (parent?.type === 'FunctionNode' && path === 'fn') return;
        const name = (n as SymbolNode).name;
        if (formulas.includes(name)) throw new Error(`"${text}": "${name}" is a formula: use its value at a point, e.g. ${name}(1, 2)`);
        if (!known.has(name) && !CONSTANTS.has(name)) throw new UnknownName(`"${text}": unknown name "${name}" (${describe(names)})`);
        return;
      }
      default:
        throw new Error(`"${text}" may only use numbers, names, + - * / ^, [ ] and functions such as sqrt, exp, inv, det`);
    }
  });
  // An accessor's object must be a name or a bracketed value, never a function (no f.g or x["y"] property access).
  node.traverse((n: MathNode) => {
    if (n.type === 'AccessorNode' && (n as AccessorNode).index.dotNotation) throw new Error(`"${text}": property access is not allowed`);
  });
  return node;
}

/** A mathjs result as an AuthorValue, or null when it is not real numbers in the shape of a number, vector or matrix. */
function toAuthorValue(v: unknown): AuthorValue | null {
  const tidy = (x: number) => x + 0; // −0 → 0
  if (typeof v === 'number') return Number.isFinite(v) ? tidy(v) : null;
  if (v !== null && typeof v === 'object' && typeof (v as { toArray?: unknown }).toArray === 'function') v = (v as { toArray(): unknown }).toArray();
  if (!Array.isArray(v) || v.length === 0) return null;
  if (v.every((x) => typeof x === 'number')) return v.every(Number.isFinite) ? (v as number[]).map(tidy) : null;
  if (v.every((r) => Array.isArray(r) && r.length === (v as unknown[][])[0].length && r.length > 0 && r.every((x) => typeof x === 'number' && Number.isFinite(x)))) {
    return (v as number[][]).map((r) => r.map(tidy));
  }
  return null;
}

/**
 * Evaluates an author's expression with the names in `scope` (numbers, vectors, matrices).
 * Throws SpecError(field, …) for text that is not allowed, an unknown name, or a result that
 * is not a finite number, vector or matrix.
 */
export function evaluateAuthor(text: string, scope: Readonly<Record<string, ScopeValue>>, field: string): AuthorValue {
  let value: unknown;
  try {
    const entries = Object.entries(scope);
    const values = entries.filter(([, v]) => !isFormula(v)).map(([k]) => k);
    const formulas = entries.filter(([, v]) => isFormula(v)).map(([k]) => k);
    const node = parseAuthor(text, values, false, formulas);
    value = node.compile().evaluate(Object.fromEntries(entries.map(([k, v]) => [k, isFormula(v) ? formulaFunction(k, v) : structuredClone(v)])));
  } catch (err) {
    throw new SpecError(field, err instanceof Error ? err.message : String(err));
  }
  const out = toAuthorValue(value);
  if (out === null) throw new SpecError(field, `"${text}" does not give a finite number, vector or matrix`);
  return out;
}

/** A formula as a function of its variables' values, in order (a value of each entry's shape). */
function formulaFunction(name: string, f: AuthorFormula): (...args: unknown[]) => number | number[] | number[][] {
  return (...args) => {
    if (args.length !== f.vars.length || !args.every((a) => typeof a === 'number')) {
      throw new Error(`${name} takes ${f.vars.length === 1 ? 'one number' : `${f.vars.length} numbers`}, the values of ${f.vars.join(', ')}`);
    }
    const at = (t: string) => evalExpr(t, f.vars, args as number[]);
    const v = f.formula;
    return typeof v === 'string' ? at(v) : v.every((r) => typeof r === 'string') ? (v as string[]).map(at) : (v as string[][]).map((r) => r.map(at));
  };
}

/** The number an author's constant expression ("2*3", "sqrt(2)") gives; throws UnknownName for a name, Error otherwise. */
export function authorConstant(text: string): number {
  const node = parseAuthor(text, []);
  const v = node.compile().evaluate({});
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`"${text}" does not evaluate to a finite number`);
  return v;
}

/**
 * Evaluates a `where` condition over the params (and `answer`) in the sandbox: arithmetic,
 * comparisons, and/or/not and the sandbox's functions. Throws Error with a readable message.
 */
export function evaluateCondition(text: string, scope: Readonly<Record<string, unknown>>): unknown {
  // A template's conditions are evaluated for every draw of every seed: each is read and
  // compiled once per (names, text) and kept (at most 1,000); a text that cannot be read is not kept.
  const names = Object.keys(scope);
  const key = `${names.join(',')}\u0000${text}`;
  let code = conditionCache.get(key);
  if (!code) {
    code = parseAuthor(text, names, true).compile();
    if (conditionCache.size >= 1000) conditionCache.delete(conditionCache.keys().next().value as string);
    conditionCache.set(key, code);
  }
  return code.evaluate(structuredClone({ ...scope }));
}

const conditionCache = new Map<string, EvalFunction>();

// ---------------------------------------------------------------- the pieces author kinds share

/** The question, as Markdown with $…$ math. */
export const promptField = z.string({ error: 'write the question: prompt="Compute …"' }).trim().min(1, 'the question is empty');

/** A number, or an expression giving one (e.g. "2*{a} + 1", "sqrt(2)"). */
const numberOrText = z.union([z.number(), z.string()], { error: 'expected a number or an expression such as "2*{a}"' });

/** A number, vector or matrix answer as an author writes it: a number or array of numbers/expressions, or one expression. */
export const valueField = z.union([numberOrText, z.array(numberOrText), z.array(z.array(numberOrText))], {
  error: 'expected a number, a list, a list of rows, or an expression',
});
export type ValueInput = z.infer<typeof valueField>;

/** The values of names an answer may use (a multi-part exercise sets the earlier parts it follows through from). */
export const scopeField = z
  .record(
    z.string(),
    z.union([
      z.number(),
      z.array(z.number()),
      z.array(z.array(z.number())),
      z.object({ vars: z.array(z.string()), formula: z.union([z.string(), z.array(z.string()), z.array(z.array(z.string()))]) }),
    ]),
  )
  .optional();

/** One author-written mistake: the wrong answer and what the student most likely did. */
export function mistakesField<T extends z.ZodType>(answer: T) {
  return z
    .array(
      z.object({
        answer,
        message: z.string({ error: 'say what the student most likely did: message="…"' }).trim().min(1, 'the message is empty'),
        id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a mistake id is kebab-case').optional(),
      }),
      { error: 'expected a list such as [{answer: "…", message: "…"}]' },
    )
    .max(20, 'at most 20 mistakes')
    .optional();
}

/** The id of an author's mistake in diagnoses and trails: its own id, else mistake-<n> (1-based). */
export function mistakeId(m: { id?: string }, index: number): string {
  return m.id ?? `mistake-${index + 1}`;
}

/** Evaluates a written value (number, array of entries or one expression) in `scope`. */
export function evaluateValue(input: ValueInput, scope: Readonly<Record<string, ScopeValue>>, field: string): AuthorValue {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new SpecError(field, 'expected a finite number');
    return input;
  }
  if (typeof input === 'string') return evaluateAuthor(input, scope, field);
  const entry = (x: number | string, f: string): number => {
    const v = typeof x === 'number' ? x : evaluateAuthor(x, scope, f);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SpecError(f, 'an entry must be a finite number');
    return v;
  };
  if (input.length === 0) throw new SpecError(field, 'the list is empty');
  if (input.every((r) => Array.isArray(r))) {
    const rows = input as (number | string)[][];
    if (rows.some((r) => r.length === 0 || r.length !== rows[0].length)) throw new SpecError(field, 'every row must have the same, non-zero length');
    return rows.map((r, i) => r.map((x, j) => entry(x, `${field}.${i}.${j}`)));
  }
  if (input.some((r) => Array.isArray(r))) throw new SpecError(field, 'mix of numbers and rows: write a vector [1, 2] or a matrix [[1, 2], [3, 4]]');
  return (input as (number | string)[]).map((x, i) => entry(x, `${field}.${i}`));
}

/** The shape an AuthorValue has. */
export function valueShape(v: AuthorValue): 'number' | 'vector' | 'matrix' {
  return typeof v === 'number' ? 'number' : Array.isArray(v[0]) ? 'matrix' : 'vector';
}

/**
 * Whether `a`, given as a student's answer, would be graded equal to `b` entry by entry: within
 * `tol` or correctly rounded to the figures the card asks for (lib/answers numberAccepted).
 */
export function valuesAccepted(a: AuthorValue, b: AuthorValue, tol: Tolerance): boolean {
  if (typeof a === 'number' || typeof b === 'number') return typeof a === 'number' && typeof b === 'number' && numberAccepted(a, b, tol);
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    return Array.isArray(x) ? valuesAccepted(x, y as number[], tol) : numberAccepted(x, y as number, tol);
  });
}

/** KaTeX of a value. */
export function texValue(v: AuthorValue): string {
  return typeof v === 'number' ? texNumber(v) : Array.isArray(v[0]) ? texMatrix(v as number[][]) : texVector(v as number[]);
}

/** A shape's name for messages. */
export function shapeName(v: AuthorValue): string {
  return typeof v === 'number' ? 'a number' : Array.isArray(v[0]) ? `a ${v.length}×${(v[0] as number[]).length} matrix` : `a vector of ${v.length} entries`;
}

// ---------------------------------------------------------------- solving parts without an import cycle

let solver: ((raw: unknown) => Solved) | null = null;

/** The engine registers its solveSpec here when it loads (kinds cannot import the engine: it imports them). */
export function registerSolver(solve: (raw: unknown) => Solved): void {
  solver = solve;
}

/** Solves a spec with the engine (validated and cached). */
export function solveWithEngine(raw: unknown): Solved {
  if (!solver) throw new Error('the exercise engine is not loaded');
  return solver(raw);
}

/** The message of a SpecError without its "field: " prefix. */
export function specMessage(err: SpecError): string {
  const prefix = `${err.field}: `;
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}

/** Whether `name` can name a value in an author's expression (not a constant or a sandbox function). */
export function isFreeName(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(name) && !CONSTANTS.has(name) && !AUTHOR_FUNCTIONS.has(name);
}

/**
 * The mistakes an author wrote in an exercise's spec (template or variant), with the ids the
 * grader gives them: `mistake-<n>` or their own id, and `<part>.<id>` for a part of a
 * multi-part exercise. The database keeps only a diagnosis' id; this finds its sentence again.
 */
export function writtenMistakes(spec: unknown): { id: string; message: string }[] {
  const list = (s: unknown, prefix: string) => {
    const ms = (s as { mistakes?: unknown } | null)?.mistakes;
    if (!Array.isArray(ms)) return [];
    return ms.flatMap((m, i) => (m && typeof m === 'object' && typeof (m as { message?: unknown }).message === 'string' ? [{ id: prefix + mistakeId(m as { id?: string }, i), message: (m as { message: string }).message }] : []));
  };
  const parts = (spec as { parts?: unknown } | null)?.parts;
  const own = list(spec, '');
  if (!Array.isArray(parts)) return own;
  return [...own, ...parts.flatMap((p) => (p && typeof p === 'object' && typeof (p as { id?: unknown }).id === 'string' ? list(p, `${(p as { id: string }).id}.`) : []))];
}
