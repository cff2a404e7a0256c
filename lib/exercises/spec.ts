/**
 * Building blocks for the zod schemas of the exercise kinds, and the bridge from
 * validation and math failures to SpecError (an error that names the input at fault).
 *
 * Every kind's schema starts from `baseSpec` (the `kind` tag plus the optional
 * per-exercise tolerances) and adds its own inputs with the field helpers below.
 * Looking a spec up by its `kind` lives in engine.ts (`validateSpec`), because the
 * registry imports the kinds and the kinds import this file.
 */
import { z } from 'zod';
import { SpecError, DEFAULT_TOLERANCE, type Tolerance } from './types';

const finite = () => z.number({ error: 'expected a finite number' });

/** Optional positive tolerance override (rtol or atol). */
const toleranceField = () =>
  z.number({ error: 'expected a positive number' }).positive('must be a positive number').optional();

/**
 * The fields every spec shares: the `kind` tag and the optional tolerance override
 * `rtol` / `atol`. Kinds extend it: `baseSpec.extend({ f: fnField, … })`.
 * Unknown extra fields (an `id`, a `title`, …) are allowed and dropped.
 */
export const baseSpec = z.object({
  kind: z.string(),
  rtol: toleranceField(),
  atol: toleranceField(),
});

/** A function of the variables in mathjs syntax, e.g. "x^3 + y^3 + 2*x*y". */
export const fnField = z
  .string({ error: 'expected a function as a string, e.g. "x^2 + 3*x*y"' })
  .trim()
  .min(1, 'the function is empty');

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The variables in order: 1 to 6 distinct identifiers such as ["x", "y"]. */
export const varsField = z
  .array(z.string().regex(IDENTIFIER, 'a variable is a name such as x, y or x1'), {
    error: 'expected a list of variable names, e.g. ["x", "y"]',
  })
  .min(1, 'list at least one variable')
  .max(6, 'at most 6 variables are supported')
  .refine((vs) => new Set(vs).size === vs.length, 'the variables must be distinct');

/** A vector of finite numbers; with `n`, exactly n entries. */
export function vecField(n?: number) {
  const v = z.array(finite(), { error: 'expected a list of numbers, e.g. [1, 2]' }).min(1, 'the vector is empty');
  return n === undefined ? v : v.length(n, `expected ${n} entries`);
}

/** A matrix given row by row: a non-empty rectangular array of finite numbers. */
export const matField = z
  .array(z.array(finite()).min(1, 'a row is empty'), { error: 'expected a matrix, e.g. [[1, 0], [0, 1]]' })
  .min(1, 'the matrix is empty')
  .refine((m) => m.every((row) => row.length === m[0].length), 'every row must have the same length');

/** A square, symmetric matrix (entries equal to 1e-12 relative to the largest). */
export const symMatField = matField
  .refine((m) => m.length === m[0].length, 'matrix must be square')
  .refine(isSymmetricEnough, 'matrix must be symmetric');

function isSymmetricEnough(m: number[][]): boolean {
  if (m.length !== m[0].length) return true; // reported by the "square" check
  let scale = 0;
  for (const row of m) for (const x of row) scale = Math.max(scale, Math.abs(x));
  const tol = 1e-12 * Math.max(1, scale);
  for (let i = 0; i < m.length; i++) {
    for (let j = 0; j < i; j++) if (Math.abs(m[i][j] - m[j][i]) > tol) return false;
  }
  return true;
}

/**
 * Validates `raw` with `schema`; on failure throws a SpecError naming the first bad
 * field (its path joined with dots, e.g. "at.1") with zod's message.
 */
export function parseSpec<S>(schema: z.ZodType<S>, raw: unknown): S {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.map(String).join('.') || 'spec';
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  throw new SpecError(field, missing ? 'this input is required' : issue.message);
}

/**
 * Runs `fn`; any error other than a SpecError (a MathError from lib/math, a mathjs
 * parse error, …) is rethrown as SpecError(field, its message), so an author learns
 * which input made the computation fail.
 */
export function asSpecError<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SpecError) throw err;
    throw new SpecError(field, err instanceof Error ? err.message : String(err));
  }
}

/** Throws SpecError(field, message) unless `condition` holds. */
export function requireSpec(condition: boolean, field: string, message: string): asserts condition {
  if (!condition) throw new SpecError(field, message);
}

/** The tolerance of a spec: its `rtol` / `atol` overrides, else DEFAULT_TOLERANCE. */
export function toleranceOf(spec: unknown): Tolerance {
  const s = (spec ?? {}) as { rtol?: unknown; atol?: unknown };
  return {
    rtol: typeof s.rtol === 'number' ? s.rtol : DEFAULT_TOLERANCE.rtol,
    atol: typeof s.atol === 'number' ? s.atol : DEFAULT_TOLERANCE.atol,
  };
}
