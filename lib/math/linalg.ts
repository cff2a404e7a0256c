/**
 * Dense linear algebra on plain arrays: vectors are `number[]`, matrices are arrays of
 * rows. Small and explicit on purpose: the course works with 2×2 … 20×20 matrices, and
 * the same code runs in the browser, on the server and in the CLI.
 */
import { MathError } from './errors';

/** A vector of numbers. */
export type Vec = number[];
/** A matrix stored row by row: `A[i][j]` is row i, column j. */
export type Mat = number[][];

function sameLength(a: Vec, b: Vec, what: string): void {
  if (a.length !== b.length) throw new MathError(`${what}: vectors of different lengths (${a.length} and ${b.length})`);
}

/** Number of columns of a rectangular matrix; MathError when the rows differ in length. */
function columns(A: Mat, what: string): number {
  const n = A.length === 0 ? 0 : A[0].length;
  for (const row of A) {
    if (row.length !== n) throw new MathError(`${what}: the rows of the matrix have different lengths`);
  }
  return n;
}

/** Inner product aᵀb. */
export function dot(a: Vec, b: Vec): number {
  sameLength(a, b, 'dot');
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Euclidean norm ‖a‖₂ (computed without overflow for large entries). */
export function norm2(a: Vec): number {
  let big = 0;
  for (const v of a) big = Math.max(big, Math.abs(v));
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (const v of a) s += (v / big) ** 2;
  return big * Math.sqrt(s);
}

/** Entrywise sum a + b. */
export function add(a: Vec, b: Vec): Vec {
  sameLength(a, b, 'add');
  return a.map((v, i) => v + b[i]);
}

/** Entrywise difference a − b. */
export function sub(a: Vec, b: Vec): Vec {
  sameLength(a, b, 'sub');
  return a.map((v, i) => v - b[i]);
}

/** The vector k·a. */
export function scale(a: Vec, k: number): Vec {
  return a.map((v) => v * k);
}

/** The product A x. */
export function matVec(A: Mat, x: Vec): Vec {
  const n = columns(A, 'matVec');
  if (A.length > 0 && n !== x.length) throw new MathError(`matVec: matrix has ${n} columns but the vector has ${x.length} entries`);
  return A.map((row) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += row[j] * x[j];
    return s;
  });
}

/** The product A B. */
export function matMul(A: Mat, B: Mat): Mat {
  const n = columns(A, 'matMul');
  const p = columns(B, 'matMul');
  if (n !== B.length) throw new MathError(`matMul: ${A.length}×${n} times ${B.length}×${p} is not defined`);
  return A.map((row) => {
    const out = new Array<number>(p).fill(0);
    for (let k = 0; k < n; k++) {
      const a = row[k];
      const bk = B[k];
      for (let j = 0; j < p; j++) out[j] += a * bk[j];
    }
    return out;
  });
}

/** The transpose Aᵀ. */
export function transpose(A: Mat): Mat {
  const n = columns(A, 'transpose');
  return Array.from({ length: n }, (_, j) => A.map((row) => row[j]));
}

/** The outer product a bᵀ (a matrix of a.length rows and b.length columns). */
export function outer(a: Vec, b: Vec): Mat {
  return a.map((ai) => b.map((bj) => ai * bj));
}

/** The n×n identity matrix. */
export function identity(n: number): Mat {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** Entrywise sum A + B of matrices of the same shape. */
export function matAdd(A: Mat, B: Mat): Mat {
  const n = columns(A, 'matAdd');
  if (A.length !== B.length || columns(B, 'matAdd') !== n) throw new MathError('matAdd: matrices of different shapes');
  return A.map((row, i) => row.map((v, j) => v + B[i][j]));
}

/** The matrix k·A. */
export function matScale(A: Mat, k: number): Mat {
  return A.map((row) => row.map((v) => v * k));
}

/** True when A is a non-empty n×n matrix. */
export function isSquare(A: Mat): boolean {
  return A.length > 0 && A.every((row) => row.length === A.length);
}

/** Largest |A_ij| (0 for an empty matrix). */
export function maxAbs(A: Mat): number {
  let m = 0;
  for (const row of A) for (const v of row) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * True when A is square and |A_ij − A_ji| ≤ tol·max|A| for every pair (a tolerance
 * relative to the largest entry; default 1e-9). The zero matrix is symmetric.
 */
export function isSymmetric(A: Mat, tol = 1e-9): boolean {
  if (!isSquare(A)) return false;
  const bound = tol * maxAbs(A);
  for (let i = 0; i < A.length; i++) {
    for (let j = 0; j < i; j++) {
      if (!(Math.abs(A[i][j] - A[j][i]) <= bound)) return false;
    }
  }
  return true;
}

/** Relative size under which a pivot counts as zero (the matrix is then singular). */
const PIVOT_TOL = 1e-12;

interface LU {
  lu: Mat; // L below the diagonal (unit diagonal implied), U on and above it
  perm: number[]; // row i of LU is row perm[i] of A
  sign: number; // parity of the permutation
  singular: boolean;
}

/**
 * LU factorisation with partial pivoting. `singular` is set when a pivot is ~0 relative to
 * max|A|; elimination still goes on (so det stays exact) except past an exact zero pivot.
 */
function luFactor(A: Mat, what: string): LU {
  if (!isSquare(A)) throw new MathError(`${what}: the matrix must be square (n×n)`);
  const n = A.length;
  const lu = A.map((row) => [...row]);
  for (const row of lu) {
    if (!row.every(Number.isFinite)) throw new MathError(`${what}: the matrix has an entry that is not a finite number`);
  }
  const perm = Array.from({ length: n }, (_, i) => i);
  const tiny = PIVOT_TOL * maxAbs(A);
  let sign = 1;
  let singular = false;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(lu[i][k]) > Math.abs(lu[p][k])) p = i;
    if (p !== k) {
      [lu[p], lu[k]] = [lu[k], lu[p]];
      [perm[p], perm[k]] = [perm[k], perm[p]];
      sign = -sign;
    }
    const pivot = lu[k][k];
    if (Math.abs(pivot) <= tiny) singular = true;
    if (pivot === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const m = (lu[i][k] /= pivot);
      if (m === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i][j] -= m * lu[k][j];
    }
  }
  return { lu, perm, sign, singular };
}

/**
 * Solves A x = b by LU factorisation with partial pivoting (no inverse is formed).
 * Throws MathError("matrix is singular") when a pivot is ~0 relative to the largest
 * entry of A (1e-12·max|A|), and MathError for mismatched sizes or non-finite entries.
 */
export function solve(A: Mat, b: Vec): Vec {
  const { lu, perm, singular } = luFactor(A, 'solve');
  const n = lu.length;
  if (b.length !== n) throw new MathError(`solve: the matrix is ${n}×${n} but the right-hand side has ${b.length} entries`);
  if (singular) throw new MathError('matrix is singular');
  const x = perm.map((p) => b[p]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) x[i] -= lu[i][j] * x[j];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) x[i] -= lu[i][j] * x[j];
    x[i] /= lu[i][i];
  }
  return x;
}

/** Determinant of a square matrix: the signed product of the pivots of its LU factors. */
export function det(A: Mat): number {
  const { lu, sign } = luFactor(A, 'det');
  let d = sign;
  for (let i = 0; i < lu.length; i++) d *= lu[i][i];
  return d + 0; // + 0 turns −0 into 0
}
