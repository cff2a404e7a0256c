/**
 * Comparing a student's answer with the reference: numbers within a tolerance, and
 * expressions by their values at a few fixed points (mathematical equality, not
 * equality of how they are written).
 */
import type { Tolerance } from './types';
import type { Expr } from './read';

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
 * True when the student's expression equals the reference as a function of `vars`:
 * both are evaluated at up to 5 fixed points (or at `opts.points`, in order) and must
 * agree within a relative 1e-9 (absolute 1e-10). Points where the reference is not
 * finite are skipped and the next ones used; a point where only the student's value is
 * not finite means not equal. Fewer than 3 usable points: not equal.
 * `6*x` ≡ `x*6` ≡ `3*(2*x)`; `6*x+1` is not; `sqrt(x^2)` is not `x`.
 */
export function expressionsEqual(
  student: Expr,
  reference: (x: number[]) => number,
  vars: string[],
  opts: { points?: number[][] } = {},
): boolean {
  const points = opts.points ?? comparisonPoints(vars.length);
  const studentAt = (x: number[]) => student.evaluate(x);
  let used = 0;
  for (const x of points) {
    const r = valueAt(reference, x);
    if (!Number.isFinite(r)) continue;
    const s = valueAt(studentAt, x);
    if (!Number.isFinite(s) || !(Math.abs(s - r) <= EXPRESSION_RTOL * Math.max(Math.abs(r), Math.abs(s)) + EXPRESSION_ATOL)) return false;
    if (++used === WANTED_POINTS) return true;
  }
  return used >= MIN_POINTS;
}
