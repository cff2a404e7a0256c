/**
 * Single optimiser steps and the step-size facts of gradient descent on quadratics.
 */
import { MathError } from './errors';
import { spdExtremes } from './eig';
import { solve, type Mat, type Vec } from './linalg';

/** A gradient-descent step x − lr·g. */
export function gdStep(g: Vec, x: Vec, lr: number): Vec {
  if (g.length !== x.length) throw new MathError(`the gradient has ${g.length} entries but x has ${x.length}`);
  return x.map((xi, i) => xi - lr * g[i]);
}

/**
 * A Newton step: p solves H p = −g (LU, no inverse), and the new point is x + p.
 * Throws MathError("matrix is singular") when H is singular.
 */
export function newtonStep(g: Vec, H: Mat, x: Vec): { x: Vec; p: Vec } {
  if (g.length !== x.length) throw new MathError(`the gradient has ${g.length} entries but x has ${x.length}`);
  const p = solve(H, g.map((v) => -v));
  return { x: x.map((xi, i) => xi + p[i]), p };
}

/**
 * The best fixed gradient-descent step on the quadratic ½xᵀAx + bᵀx: α* = 2/(λmin + λmax)
 * of the symmetric positive definite A. MathError when A is not SPD.
 */
export function gdOptimalStep(A: Mat): number {
  const { lmin, lmax } = spdExtremes(A);
  return 2 / (lmin + lmax);
}

/**
 * The per-step error contraction of gradient descent with α* on ½xᵀAx + bᵀx:
 * (κ − 1)/(κ + 1) with κ = λmax/λmin, computed as (λmax − λmin)/(λmax + λmin). MathError when A is not SPD.
 */
export function gdRate(A: Mat): number {
  const { lmin, lmax } = spdExtremes(A);
  return (lmax - lmin) / (lmax + lmin);
}
