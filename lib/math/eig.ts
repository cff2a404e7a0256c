/**
 * Eigenvalues and eigenvectors of symmetric matrices by the cyclic Jacobi method, and
 * what the course derives from them: the condition number and the definiteness.
 */
import { MathError } from './errors';
import { identity, isSquare, isSymmetric, maxAbs, type Mat, type Vec } from './linalg';

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

/**
 * λmin and λmax of a symmetric positive definite matrix. Throws MathError when the matrix
 * is not symmetric, or not positive definite: λmin ≤ 0, or λmin below 1e-14·λmax, which
 * is zero up to rounding.
 */
export function spdExtremes(A: Mat): { lmin: number; lmax: number } {
  const { values } = symEig(A);
  const lmin = values[0];
  const lmax = values[values.length - 1];
  if (!(lmin > 1e-14 * Math.abs(lmax))) {
    throw new MathError(`the matrix is not positive definite (its smallest eigenvalue is ${lmin.toPrecision(4)})`);
  }
  return { lmin, lmax };
}

/** Condition number λmax/λmin of a symmetric positive definite matrix; MathError otherwise (see spdExtremes). */
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
 * Classifies a symmetric matrix by the signs of its eigenvalues. Eigenvalues within
 * tol·max|λ| of 0 count as zero (default tol 1e-9); the zero matrix is 'positive
 * semidefinite'. Throws MathError when the matrix is not symmetric.
 */
export function definiteness(A: Mat, tol = 1e-9): Definiteness {
  const { values } = symEig(A);
  const big = Math.max(...values.map(Math.abs));
  const zero = tol * big;
  const pos = values.filter((v) => v > zero).length;
  const neg = values.filter((v) => v < -zero).length;
  const zeros = values.length - pos - neg;
  if (pos > 0 && neg > 0) return 'indefinite';
  if (neg === 0) return zeros === 0 ? 'positive definite' : 'positive semidefinite';
  return zeros === 0 ? 'negative definite' : 'negative semidefinite';
}
