/**
 * Stop rules and the iteration counter of the `*-iterations` exercises (and of the
 * figures that draw optimiser paths).
 */
import { MathError } from './errors';
import { norm2, type Vec } from './linalg';

/**
 * How an iteration count is decided:
 * - `rel-step`: every i has |x_{k+1,i} − x_{k,i}| ≤ tol·max(|x_{k+1,i}|, |x_{k,i}|);
 * - `abs-step`: max_i |x_{k+1,i} − x_{k,i}| ≤ tol;
 * - `grad-norm`: ‖∇f(x_k)‖₂ ≤ tol;
 * - `loss` (an extension of the contract): f(x_k) ≤ tol.
 */
export type StopRule = 'rel-step' | 'abs-step' | 'grad-norm' | 'loss';

/** True when the step from a to b is small by a step rule (rel-step or abs-step, as defined above). */
export function smallStep(rule: 'rel-step' | 'abs-step', a: Vec, b: Vec, tol: number): boolean {
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(b[i] - a[i]);
    const bound = rule === 'abs-step' ? tol : tol * Math.max(Math.abs(a[i]), Math.abs(b[i]));
    if (!(d <= bound)) return false;
  }
  return true;
}

function finite(x: Vec): boolean {
  return x.every(Number.isFinite);
}

/**
 * Counts the iterations of `step` from x0 until `rule` holds: `iterations` is the first
 * k ≥ 0 that passes. Step rules compare x_k with x_{k+1}; grad-norm and loss test x_k.
 * `path` holds the iterates computed: x_0 … x_{k+1} for step rules, x_0 … x_k otherwise.
 * The count never exceeds `maxIter` (default 10000): when no k ≤ maxIter passes,
 * `converged` is false and `iterations` is maxIter. When an iterate is not finite (or
 * f or ∇f is not finite where a rule needs it) the count stops there, with
 * `converged` false and that iterate as the last entry of `path`. Errors thrown by
 * `step` (e.g. a singular Newton system) propagate.
 */
export function countIterations(
  step: (x: Vec) => Vec,
  x0: Vec,
  rule: StopRule,
  tol: number,
  fns: { f: (x: Vec) => number; grad: (x: Vec) => Vec },
  maxIter = 10_000,
): { iterations: number; path: Vec[]; converged: boolean } {
  if (!(tol >= 0)) throw new MathError(`tol must be a non-negative number, got ${tol}`);
  if (!Number.isInteger(maxIter) || maxIter < 0) throw new MathError(`maxIter must be a whole number ≥ 0, got ${maxIter}`);
  const path: Vec[] = [[...x0]];
  if (!finite(x0)) return { iterations: 0, path, converged: false };
  let x = path[0];
  for (let k = 0; k <= maxIter; k++) {
    if (rule === 'grad-norm' || rule === 'loss') {
      const value = rule === 'loss' ? fns.f(x) : norm2(fns.grad(x));
      if (!Number.isFinite(value)) return { iterations: k, path, converged: false };
      if (value <= tol) return { iterations: k, path, converged: true };
      if (k === maxIter) break;
      const next = step(x);
      path.push(next);
      if (!finite(next)) return { iterations: k + 1, path, converged: false };
      x = next;
    } else if (rule === 'rel-step' || rule === 'abs-step') {
      const next = step(x);
      path.push(next);
      if (!finite(next)) return { iterations: k, path, converged: false };
      if (smallStep(rule, x, next, tol)) return { iterations: k, path, converged: true };
      x = next;
    } else {
      throw new MathError(`unknown stop rule "${String(rule)}"`);
    }
  }
  return { iterations: maxIter, path, converged: false };
}
