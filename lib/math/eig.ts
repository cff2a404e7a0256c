/**
 * Eigenvalues and eigenvectors of symmetric matrices by the cyclic Jacobi method, and
 * what the course derives from them: the condition number and the definiteness.
 */
import { MathError } from './errors';
import { identity, isSquare, isSymmetric, maxAbs, type Mat, type Vec } from './linalg';
import { RationalOverflow, add, div, intendedDecimal, isZero, mul, rational, sub, toNumber, type Rational } from './rational';

/** Sweeps allowed before giving up; Jacobi needs well under 20 for the matrices here. */
const MAX_SWEEPS = 100;

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations.
 * `values` are ascending; `vectors[k]` is the unit eigenvector of `values[k]`, signed so
 * that its first non-zero component is positive. Throws MathError for a matrix that is not
 * square, not symmetric (relative tolerance 1e-9) or has non-finite entries.
 */
export function symEig(A: Mat): { values: Vec; vectors: Vec[] } {
  if (!isSquare(A)) throw new MathError('the matrix must be square (n×n)');
  if (!A.every((row) => row.every(Number.isFinite))) throw new MathError('the matrix has an entry that is not a finite number');
  if (!isSymmetric(A)) throw new MathError('the matrix must be symmetric');
  const n = A.length;
  // Work on the exactly symmetric part; V accumulates the rotations (its columns are eigenvectors).
  const a = A.map((row, i) => row.map((v, j) => (v + A[j][i]) / 2));
  const V = identity(n);
  const scale = maxAbs(a);

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off = Math.max(off, Math.abs(a[p][q]));
    if (off <= 1e-15 * scale) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        rotate(a, V, p, q);
      }
    }
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i][i] - a[j][j]);
  const values = order.map((i) => a[i][i]);
  const vectors = order.map((i) => normaliseSign(V.map((row) => row[i])));
  return { values, vectors };
}

/**
 * One Jacobi rotation in the (p, q) plane that zeroes a[p][q]: a ← JᵀaJ, V ← VJ, where J
 * is the identity except J_pp = J_qq = c, J_pq = s, J_qp = −s.
 */
function rotate(a: Mat, V: Mat, p: number, q: number): void {
  const n = a.length;
  const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
  // t = tan of the rotation angle, the smaller root of t² + 2θt − 1 = 0 (stable form).
  const t = Math.abs(theta) > 1e150 ? 1 / (2 * theta) : Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const akp = a[k][p];
    const akq = a[k][q];
    a[k][p] = c * akp - s * akq;
    a[k][q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p][k];
    const aqk = a[q][k];
    a[p][k] = c * apk - s * aqk;
    a[q][k] = s * apk + c * aqk;
  }
  a[p][q] = 0;
  a[q][p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = V[k][p];
    const vkq = V[k][q];
    V[k][p] = c * vkp - s * vkq;
    V[k][q] = s * vkp + c * vkq;
  }
}

/** Scales a vector to unit length with its first non-zero component positive. */
function normaliseSign(v: Vec): Vec {
  const len = Math.hypot(...v);
  const first = v.find((x) => Math.abs(x) > 1e-14 * len) ?? 1;
  const k = (first < 0 ? -1 : 1) / len;
  return v.map((x) => x * k + 0); // + 0 turns −0 into 0
}

// ---------------------------------------------------------------- exact definiteness

/** Largest matrix decided exactly (the rational arithmetic grows with n). */
const EXACT_MAX_SIZE = 12;

/**
 * The entries as exact rationals — each the decimal it prints as — when every entry has at
 * most 15 significant digits (an author's 0.1 is 1/10); undefined when one has more (a
 * computed double such as cos(π/2) = 6.123233995736766e-17 is not an exact value) or the
 * matrix is too large. The symmetric part (A + Aᵀ)/2 is taken, as symEig does.
 */
function exactSymmetric(A: Mat): Rational[][] | undefined {
  const n = A.length;
  if (n > EXACT_MAX_SIZE) return undefined;
  const q: Rational[][] = [];
  for (const row of A) {
    const r: Rational[] = [];
    for (const v of row) {
      const x = intendedDecimal(v);
      if (!x) return undefined;
      r.push(x);
    }
    q.push(r);
  }
  const half = rational(1n, 2n);
  return q.map((row, i) => row.map((v, j) => mul(add(v, q[j][i]), half)));
}

/** Numbers of positive, negative and zero eigenvalues. */
export interface Inertia {
  positive: number;
  negative: number;
  zero: number;
}

/**
 * The inertia of a symmetric matrix of exact rationals by symmetric elimination
 * (congruence keeps the inertia: Sylvester's law). Pivots on a non-zero diagonal entry;
 * when the whole remaining diagonal is zero but an entry a_ij is not, adds row and column
 * j to i first (then the diagonal entry is 2a_ij ≠ 0).
 */
function inertiaOf(a: Rational[][]): Inertia {
  const m = a.map((row) => [...row]);
  let rest = Array.from({ length: m.length }, (_, i) => i);
  const out: Inertia = { positive: 0, negative: 0, zero: 0 };
  while (rest.length > 0) {
    let p = rest.find((i) => !isZero(m[i][i]));
    if (p === undefined) {
      let pair: [number, number] | undefined;
      for (const i of rest) for (const j of rest) if (!pair && i !== j && !isZero(m[i][j])) pair = [i, j];
      if (!pair) {
        out.zero += rest.length;
        break;
      }
      const [i, j] = pair;
      for (const k of rest) m[i][k] = add(m[i][k], m[j][k]);
      for (const k of rest) m[k][i] = add(m[k][i], m[k][j]);
      p = i;
    }
    const pivot = m[p][p];
    if (pivot.n > 0n) out.positive++;
    else out.negative++;
    rest = rest.filter((i) => i !== p);
    for (const i of rest) {
      const f = div(m[i][p], pivot);
      if (isZero(f)) continue;
      for (const j of rest) m[i][j] = sub(m[i][j], mul(f, m[p][j]));
    }
  }
  return out;
}

/**
 * The exact inertia of A as written (see exactSymmetric), or undefined when A's entries are
 * not all exact decimals or the arithmetic would grow past its bounds.
 */
export function exactInertia(A: Mat): Inertia | undefined {
  const a = exactSymmetric(A);
  if (!a) return undefined;
  try {
    return inertiaOf(a);
  } catch (err) {
    if (err instanceof RationalOverflow) return undefined;
    throw err;
  }
}

/** The inverse of an invertible matrix of exact rationals (Gauss–Jordan), rounded to doubles. */
function exactInverse(a: Rational[][]): Mat {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => rational(i === j ? 1n : 0n))]);
  for (let c = 0; c < n; c++) {
    const p = m.findIndex((row, r) => r >= c && !isZero(row[c]));
    [m[c], m[p]] = [m[p], m[c]];
    const pivot = m[c][c];
    m[c] = m[c].map((v) => div(v, pivot));
    for (let r = 0; r < n; r++) {
      if (r === c || isZero(m[r][c])) continue;
      const f = m[r][c];
      m[r] = m[r].map((v, k) => sub(v, mul(f, m[c][k])));
    }
  }
  return m.map((row) => row.slice(n).map(toNumber));
}

/**
 * How small λmin may be against λmax before a matrix of computed (inexact) entries counts
 * as singular: the Jacobi eigenvalues are accurate to a few n·ε·‖A‖₂, so anything below
 * 100·n·ε·λmax (4.4e-14·λmax for n = 2; κ above about 2·10^13) is zero within that precision.
 */
export function spdThreshold(n: number, lmax: number): number {
  return 100 * n * Number.EPSILON * Math.abs(lmax);
}

/**
 * The eigenvalues (ascending) of a symmetric positive definite matrix, with λmin accurate
 * to rounding even when κ is large. Scale-aware: a matrix of exact decimals (every entry
 * with at most 15 significant digits) is decided exactly by its inertia in rationals, so
 * diag(1, 1e-12) is SPD and [[1, 1], [1, 1]] is singular; for such a matrix with κ above
 * 10^6, λmin is 1/λmax(A⁻¹) with A⁻¹ computed exactly. A matrix of computed entries is
 * SPD when λmin > spdThreshold(n, λmax). Throws MathError saying whether A is singular or
 * indefinite (within that precision), or not symmetric.
 */
export function spdEigenvalues(A: Mat): Vec {
  const values = [...symEig(A).values];
  const n = values.length;
  const lmax = values[n - 1];
  const exactA = exactSymmetric(A);
  let inertia: Inertia | undefined;
  try {
    inertia = exactA && inertiaOf(exactA);
  } catch (err) {
    if (!(err instanceof RationalOverflow)) throw err;
  }
  const shown = values[0].toPrecision(4);
  if (inertia) {
    if (inertia.negative > 0) throw new MathError(`matrix must be positive definite, but it has ${inertia.negative} negative eigenvalue${inertia.negative === 1 ? '' : 's'} (the smallest is ${shown})`);
    if (inertia.zero > 0) throw new MathError('matrix must be positive definite, but it is singular (exactly: an eigenvalue is 0)');
    if (lmax / values[0] > 1e6 || !(values[0] > 0)) {
      try {
        values[0] = 1 / symEig(exactInverse(exactA!)).values[n - 1];
      } catch (err) {
        if (!(err instanceof RationalOverflow)) throw err;
      }
      if (!(values[0] > 0)) throw new MathError(`the matrix is positive definite, but too badly conditioned to compute its smallest eigenvalue in double precision`);
    }
    return values;
  }
  const zero = spdThreshold(n, lmax);
  if (values[0] < -zero) throw new MathError(`matrix must be positive definite, but its smallest eigenvalue is ${shown}`);
  if (!(values[0] > zero)) {
    throw new MathError(`matrix must be positive definite, but it is singular within the precision of its entries (its smallest eigenvalue ${shown} is below 100·n·ε·λmax = ${zero.toPrecision(2)})`);
  }
  return values;
}

/** λmin and λmax of a symmetric positive definite matrix; MathError otherwise (see spdEigenvalues). */
export function spdExtremes(A: Mat): { lmin: number; lmax: number } {
  const values = spdEigenvalues(A);
  return { lmin: values[0], lmax: values[values.length - 1] };
}

/** Condition number λmax/λmin of a symmetric positive definite matrix; MathError otherwise (see spdEigenvalues). */
export function conditionNumber(A: Mat): number {
  const { lmin, lmax } = spdExtremes(A);
  return lmax / lmin;
}

/** The five kinds of a symmetric matrix by the signs of its eigenvalues. */
export type Definiteness =
  | 'positive definite'
  | 'negative definite'
  | 'indefinite'
  | 'positive semidefinite'
  | 'negative semidefinite';

/**
 * Classifies a symmetric matrix by the signs of its eigenvalues. A matrix of exact decimals
 * (see exactInertia) is classified exactly: [[1, 1], [1, 1 + 1e-12]] is positive definite,
 * [[1, 2], [2, 4]] positive semidefinite. Otherwise eigenvalues within tol·max|λ| of 0
 * count as zero (default tol 1e-9). The zero matrix is 'positive semidefinite'. Throws
 * MathError when the matrix is not symmetric.
 */
export function definiteness(A: Mat, tol = 1e-9): Definiteness {
  const { values } = symEig(A);
  const exactly = exactInertia(A);
  let pos: number;
  let neg: number;
  let zeros: number;
  if (exactly) {
    ({ positive: pos, negative: neg, zero: zeros } = exactly);
  } else {
    const big = Math.max(...values.map(Math.abs));
    const zero = tol * big;
    pos = values.filter((v) => v > zero).length;
    neg = values.filter((v) => v < -zero).length;
    zeros = values.length - pos - neg;
  }
  if (pos > 0 && neg > 0) return 'indefinite';
  if (neg === 0) return zeros === 0 ? 'positive definite' : 'positive semidefinite';
  return zeros === 0 ? 'negative definite' : 'negative semidefinite';
}
