/**
 * Comparing a student's answer with the reference: numbers within a tolerance, and
 * expressions exactly where they allow it, by their values at a few fixed points
 * otherwise (mathematical equality, not equality of how they are written).
 */
import { compareExact, isPolynomial, NotExact, residualAt, type ExactForm, type ExactVerdict } from '@/lib/math/exact';
import type { Tolerance } from './types';
import type { Expr } from './read';
import { significantFigures } from './hint';

/**
 * True when |a − b| ≤ max(rtol·|b|, atol); `b` is the reference. The bound is widened
 * by the rounding error of computing a − b (a few ulps of the larger of |a|, |b|), so
 * an answer exactly on the boundary (0.3003 for 0.3 with rtol = 1e-3) is accepted.
 * False when either is NaN or infinite.
 */
export function numbersClose(a: number, b: number, tol: Tolerance): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const rounding = 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));
  return Math.abs(a - b) <= Math.max(tol.rtol * Math.abs(b), tol.atol) + rounding;
}

/**
 * True when the student's number `a` is the reference `b` correctly rounded to `figures`
 * significant figures: `a` has at most that many (3.59, 6.4e-3, 120) and lies within half
 * a unit of its last figure of b (with a few ulps of slack for binary rounding). 0 never
 * qualifies (its figures are undefined; the absolute tolerance decides).
 */
export function correctlyRounded(a: number, b: number, figures: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b) || a === 0) return false;
  if (Number(a.toPrecision(figures)) !== a) return false;
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(a))) - figures + 1);
  return Math.abs(a - b) <= unit / 2 + 8 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * How a numeric answer is graded: within the tolerance (numbersClose), or correctly rounded
 * to the significant figures the card asks for (significantFigures, stated on the card by
 * accuracyHint) — so [3.59, 6.41] for 5 ∓ √2 under rtol 1e-3 is right in both entries.
 */
export function numberAccepted(a: number, b: number, tol: Tolerance): boolean {
  if (numbersClose(a, b, tol)) return true;
  const figures = significantFigures(tol);
  return figures !== undefined && correctlyRounded(a, b, figures);
}

/** Relative and absolute tolerance for values of two expressions at one point. */
export const EXPRESSION_RTOL = 1e-9;
export const EXPRESSION_ATOL = 1e-10;
/** How many points must agree, and how few usable points still decide. */
const WANTED_POINTS = 5;
const MIN_POINTS = 3;
const POOL_SIZE = 24;

/** A small deterministic generator (mulberry32): the same numbers on every machine. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A magnitude in (0, 2), at least 0.05 away from 0, 1 and 2. */
function magnitude(next: () => number): number {
  for (;;) {
    const c = 2 * next();
    if (Math.abs(c - Math.round(c)) >= 0.05) return c;
  }
}

/**
 * Signs of the first 8 points for three coordinates: every sign pattern once, the first
 * four balanced (each coordinate negative twice, each pair of coordinates in all four
 * sign combinations), so that |x| and x, or sqrt(x²) and x, differ within the first points.
 */
const SIGNS = [
  [1, 1, 1],
  [-1, -1, 1],
  [-1, 1, -1],
  [1, -1, -1],
  [-1, -1, -1],
  [1, 1, -1],
  [1, -1, 1],
  [-1, 1, 1],
];

const pools = new Map<number, number[][]>();

/**
 * The fixed points used for `dimension` variables, coordinates in (−2, 2) and at least
 * 0.05 away from every integer (never 0 or ±1): 8 points covering the sign patterns
 * (coordinate i uses the pattern of i mod 3, flipped for every other group of three),
 * then 8 with positive coordinates (for references defined only there, like sqrt(x) or
 * log(x)), then 8 with random signs. Deterministic and frozen; computed once per dimension.
 */
export function comparisonPoints(dimension: number): number[][] {
  let pool = pools.get(dimension);
  if (!pool) {
    const next = generator(0x9e3779b9 ^ dimension);
    pool = [];
    for (let k = 0; k < POOL_SIZE; k++) {
      const p: number[] = [];
      for (let i = 0; i < dimension; i++) {
        const m = magnitude(next);
        let sign: number;
        if (k < 8) sign = SIGNS[k][i % 3] * (Math.floor(i / 3) % 2 === 0 ? 1 : -1);
        else if (k < 16) sign = 1;
        else sign = next() < 0.5 ? -1 : 1;
        p.push(sign * m);
      }
      pool.push(Object.freeze(p) as number[]);
    }
    Object.freeze(pool);
    pools.set(dimension, pool);
  }
  return pool;
}

function valueAt(f: (x: number[]) => number, x: number[]): number {
  try {
    return f(x);
  } catch {
    return NaN;
  }
}

/**
 * A reference expression: its value at a point, and (optionally) its exact form
 * (lib/math/exact), e.g. from lib/math's `referenceForm` for a mathjs string. A plain
 * function is a reference without an exact form.
 */
export interface Reference {
  evaluate(x: number[]): number;
  exact?: ExactForm;
}

/** Exact comparison of the two sides when both have an exact form; undefined otherwise. */
function exactVerdict(student: Expr, reference: Reference): ExactVerdict | undefined {
  const r = reference.exact;
  const s = r && student.exact?.();
  if (!r || !s) return undefined;
  try {
    return compareExact(s, r);
  } catch (err) {
    if (err instanceof NotExact) return undefined;
    throw err;
  }
}

/**
 * True when the student's expression equals the reference as a function of `vars`.
 *
 * Exactly, when both sides have exact forms (the student's Expr from readExpression, a
 * Reference with `exact`): the numerator of their difference is expanded with rational
 * (BigInt) coefficients.
 *   - Zero: equal. Non-zero without atoms (a polynomial or rational function of the
 *     variables): not equal, however small the difference — 10^10·x + 1 is not
 *     10^10·x + 2, 1/3 is not 0.3333333333333333.
 *   - With atoms (calls like sin(x), roots, non-integer powers, pi, e, and floating-point
 *     reference numbers with more than 15 significant digits): the parts that cancel
 *     exactly are gone, and what is left is checked at the points below: its terms must
 *     cancel to within a relative EXPRESSION_RTOL of the sum of their magnitudes
 *     (sin(x)² + cos(x)² − 1 does; sin(x) + 10^-12 does not).
 *
 * By sampling, otherwise (a reference given as a plain function, or a side beyond the
 * exact bounds): both are evaluated at up to 5 fixed points (or at `opts.points`, in order)
 * and must agree within a relative 1e-9 (absolute 1e-10). Sampling cannot see a
 * difference below that: 10^10·x + 1 and 10^10·x + 2 agree to 1e-10 at every point, and
 * two functions that differ only near a point we do not sample (or only where they are
 * not finite) look equal.
 *
 * In both cases, points where the reference is not finite are skipped and the next ones
 * used; a point where only the student's value is not finite means not equal; fewer than
 * 3 usable points: not equal. So an exactly equal answer that is undefined where the
 * reference is defined (ln(x) − ln(x) + x for x) is still not equal.
 * `6*x` ≡ `x*6` ≡ `3*(2*x)`; `6*x+1` is not; `sqrt(x^2)` is not `x`.
 */
export function expressionsEqual(
  student: Expr,
  reference: ((x: number[]) => number) | Reference,
  vars: string[],
  opts: { points?: number[][] } = {},
): boolean {
  const ref: Reference = typeof reference === 'function' ? { evaluate: reference } : reference;
  const verdict = exactVerdict(student, ref);
  if (verdict?.decided) {
    if (!verdict.equal) return false;
    // Two equal polynomials are finite at every point: nothing left to check.
    if (isPolynomial(ref.exact!) && isPolynomial(student.exact!()!)) return true;
  }
  const residual = verdict && !verdict.decided ? verdict.residual : undefined;
  const points = opts.points ?? comparisonPoints(vars.length);
  const studentAt = (x: number[]) => student.evaluate(x);
  const referenceAt = (x: number[]) => ref.evaluate(x);
  let used = 0;
  for (const x of points) {
    const r = valueAt(referenceAt, x);
    if (!Number.isFinite(r)) continue;
    const s = valueAt(studentAt, x);
    if (!Number.isFinite(s)) return false;
    if (residual) {
      const { value, scale } = residualAt(residual, x);
      if (!(Math.abs(value) <= EXPRESSION_RTOL * scale)) return false;
    } else if (!verdict && !(Math.abs(s - r) <= EXPRESSION_RTOL * Math.max(Math.abs(r), Math.abs(s)) + EXPRESSION_ATOL)) {
      return false;
    }
    if (++used === WANTED_POINTS) return true;
  }
  return used >= MIN_POINTS;
}
