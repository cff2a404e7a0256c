/**
 * Finite-difference derivatives: central-difference gradients and Hessians of a plain
 * function, and Hessian-vector products from a gradient.
 */
import { MathError } from './errors';
import type { Mat, Vec } from './linalg';

function checkStep(h: number, what: string): void {
  if (!(h > 0) || !Number.isFinite(h)) throw new MathError(`${what} must be a positive number, got ${h}`);
}

/** A copy of x with `d` added to coordinate i (and `e` to coordinate j when given). */
function shifted(x: Vec, i: number, d: number, j = -1, e = 0): Vec {
  const p = [...x];
  p[i] += d;
  if (j >= 0) p[j] += e;
  return p;
}

/**
 * Central-difference gradient: g_i ≈ (f(x + h e_i) − f(x − h e_i)) / (2h), default
 * h = 1e-6 (error O(h²) plus rounding of order ε·|f|/h).
 */
export function numericalGradient(f: (x: Vec) => number, x: Vec, h = 1e-6): Vec {
  checkStep(h, 'the step h');
  return x.map((_, i) => (f(shifted(x, i, h)) - f(shifted(x, i, -h))) / (2 * h));
}

/**
 * Central-difference Hessian by the contract's formula, for every (i, j) including i = j:
 * H_ij ≈ [f(x+hᵢ+hⱼ) − f(x+hᵢ−hⱼ) − f(x−hᵢ+hⱼ) + f(x−hᵢ−hⱼ)] / (4h²),
 * where x ± hᵢ moves coordinate i by ±h (so the diagonal uses the points x ± 2h e_i and x).
 * The result is exactly symmetric (the formula is symmetric in i and j).
 */
export function numericalHessian(f: (x: Vec) => number, x: Vec, h: number): Mat {
  checkStep(h, 'the step h');
  const n = x.length;
  const H: Mat = Array.from({ length: n }, () => new Array<number>(n));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const pp = f(shifted(x, i, h, j, h));
      const pm = f(shifted(x, i, h, j, -h));
      const mp = f(shifted(x, i, -h, j, h));
      const mm = f(shifted(x, i, -h, j, -h));
      H[i][j] = (pp - pm - mp + mm) / (4 * h * h);
      H[j][i] = H[i][j];
    }
  }
  return H;
}

/**
 * Hessian-vector product by central differences of the gradient:
 * Hv ≈ (∇f(x + εv) − ∇f(x − εv)) / (2ε), default ε = 1e-6. Exact (up to rounding) for
 * quadratics, whose gradient is affine.
 */
export function hvpFiniteDiff(grad: (x: Vec) => Vec, x: Vec, v: Vec, eps = 1e-6): Vec {
  checkStep(eps, 'the step ε');
  if (v.length !== x.length) throw new MathError(`v has ${v.length} entries but x has ${x.length}`);
  const gp = grad(x.map((xi, i) => xi + eps * v[i]));
  const gm = grad(x.map((xi, i) => xi - eps * v[i]));
  return gp.map((g, i) => (g - gm[i]) / (2 * eps));
}
