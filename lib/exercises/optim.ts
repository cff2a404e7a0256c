/**
 * Helpers shared by the optimiser kinds (gd-*, newton-*, bfgs-*, lbfgs-direction,
 * preconditioned-step): spec fields for step sizes and stop rules, the SPD check,
 * the iteration counter with author-facing errors, the off-by-one mistakes of the
 * iteration kinds, and small KaTeX pieces of their worked steps.
 */
import { z } from 'zod';
import { countIterations, spdEigenvalues as spdEigen, type StopRule } from '@/lib/math';
import { asSpecError, requireSpec } from './spec';
import { texNumber, texVector } from './latex';
import { texAt } from './calculus';
import type { Mistake, Step } from './types';

/** A required positive number (step size, tolerance). */
export const positiveField = z.number({ error: 'expected a positive number' }).positive('must be a positive number');

/** The stop rules of the contract plus the `loss` extension (f(x_k) ≤ tol). */
export const STOP_RULES = ['rel-step', 'abs-step', 'grad-norm', 'loss'] as const satisfies readonly StopRule[];

/** A stop rule name. */
export const stopField = z.enum(STOP_RULES, { error: `expected one of ${STOP_RULES.map((r) => `"${r}"`).join(', ')}` });

/** The iteration budget of the *-iterations kinds when the spec gives none. */
export const DEFAULT_MAX_ITER = 10_000;

/** Optional iteration budget: a whole number from 1 to 1,000,000. */
export const maxIterField = z
  .number({ error: 'expected a whole number of iterations' })
  .int('expected a whole number of iterations')
  .min(1, 'must be at least 1')
  .max(1_000_000, 'at most 1,000,000 iterations')
  .optional();

/**
 * Eigenvalues (ascending) of a symmetric matrix that must be positive definite, decided
 * scale-aware by lib/math's spdEigenvalues (exactly for matrices of decimals);
 * SpecError(field, "matrix must be positive definite, but …") saying why when it is not.
 */
export function spdEigenvalues(field: string, A: number[][]): number[] {
  return asSpecError(field, () => spdEigen(A));
}

/** What an iteration kind needs to count iterations of one method. */
export interface IterationProblem {
  /** One step of the method: x_k → x_{k+1}. May throw (e.g. a singular Hessian). */
  step: (x: number[]) => number[];
  f: (x: number[]) => number;
  grad: (x: number[]) => number[];
  x0: number[];
  stop: StopRule;
  tol: number;
  maxIter: number;
  /** The spec field blamed when the method fails or does not converge. */
  field: string;
  /** "from x0 = (1, 1) with lr = 0.1", used in the error message. */
  describe: string;
}

/** The result of counting: the count and the iterates x_0, x_1, … that were computed. */
export interface IterationRun {
  iterations: number;
  path: number[][];
}

/**
 * Counts iterations with lib/math's `countIterations` and turns every failure into a
 * SpecError naming `problem.field`: a step that throws, an iterate that is not finite
 * (divergence), or no stop within `maxIter` iterations.
 */
export function runIterations(p: IterationProblem): IterationRun {
  const notConverging = `does not converge ${p.describe} within ${p.maxIter} iterations`;
  const result = asSpecError(p.field, () => countIterations(p.step, p.x0, p.stop, p.tol, { f: p.f, grad: p.grad }, p.maxIter));
  const finite = result.path.every((x) => x.every(Number.isFinite));
  requireSpec(finite, p.field, `${notConverging} (the iterates diverge)`);
  requireSpec(result.converged, p.field, notConverging);
  return { iterations: result.iterations, path: result.path };
}

/** KaTeX of the quantity a stop rule tests at iteration k, and its value there. */
export function stopRuleTest(stop: StopRule, k: number, run: IterationRun, f: (x: number[]) => number, grad: (x: number[]) => number[], tol: number): string {
  const x = run.path[k];
  const next = run.path[k + 1];
  const le = `\\le ${texNumber(tol)}`;
  switch (stop) {
    case 'grad-norm': {
      const n = Math.hypot(...grad(x));
      return `\\lVert \\nabla f(x_{${k}}) \\rVert_2 = ${texNumber(n)} ${n <= tol ? le : `> ${texNumber(tol)}`}`;
    }
    case 'loss': {
      const v = f(x);
      return `f(x_{${k}}) = ${texNumber(v)} ${v <= tol ? le : `> ${texNumber(tol)}`}`;
    }
    case 'abs-step': {
      if (!next) return `x_{${k + 1}} \\text{ not computed}`;
      const d = Math.max(...x.map((xi, i) => Math.abs(next[i] - xi)));
      return `\\max_i |x_{${k + 1},i} - x_{${k},i}| = ${texNumber(d)} ${d <= tol ? le : `> ${texNumber(tol)}`}`;
    }
    case 'rel-step': {
      if (!next) return `x_{${k + 1}} \\text{ not computed}`;
      const r = Math.max(...x.map((xi, i) => relChange(xi, next[i])));
      return `\\max_i \\frac{|x_{${k + 1},i} - x_{${k},i}|}{\\max(|x_{${k + 1},i}|, |x_{${k},i}|)} = ${texNumber(r)} ${r <= tol ? le : `> ${texNumber(tol)}`}`;
    }
  }
}

function relChange(a: number, b: number): number {
  const d = Math.abs(b - a);
  if (d === 0) return 0;
  return d / Math.max(Math.abs(a), Math.abs(b));
}

/** The stop rule in words and symbols, for prompts and steps. */
export function stopRuleText(stop: StopRule, tol: number): string {
  const t = texNumber(tol);
  switch (stop) {
    case 'rel-step':
      return `the first $k$ at which every coordinate of $x_{k+1}$ is within a relative $${t}$ of $x_k$: $|x_{k+1,i} - x_{k,i}| \\le ${t}\\,\\max(|x_{k+1,i}|, |x_{k,i}|)$`;
    case 'abs-step':
      return `the first $k$ with $\\max_i |x_{k+1,i} - x_{k,i}| \\le ${t}$`;
    case 'grad-norm':
      return `the first $k$ with $\\lVert \\nabla f(x_k) \\rVert_2 \\le ${t}$`;
    case 'loss':
      return `the first $k$ with $f(x_k) \\le ${t}$`;
  }
}

/**
 * Worked steps for an iteration count: the first iterates, the last test that fails
 * and the test that stops the count.
 */
export function iterationSteps(update: Step, run: IterationRun, stop: StopRule, tol: number, f: (x: number[]) => number, grad: (x: number[]) => number[]): Step[] {
  const k = run.iterations;
  const shown = run.path.slice(0, Math.min(run.path.length, 3));
  const steps: Step[] = [
    update,
    {
      title: 'The first iterates',
      latex: `\\begin{aligned}${shown.map((x, i) => `x_{${i}} &= ${texAt(x)}`).join('\\\\')}\\end{aligned}`,
    },
  ];
  if (k > 0) {
    steps.push({ title: `At k = ${k - 1} the test still fails`, latex: stopRuleTest(stop, k - 1, run, f, grad, tol) });
  }
  steps.push({ title: `At k = ${k} the test passes: the count is ${k}`, latex: stopRuleTest(stop, k, run, f, grad, tol) });
  return steps;
}

/** The off-by-one mistakes of an iteration count (diagnosis only; they score 0). */
export function offByOneMistakes<S>(): Mistake<S, number>[] {
  return [
    {
      id: 'off-by-one-more',
      message: 'You counted one iteration too many: the count is the first k at which the test passes (k = 0 means x₀ already passes).',
      wrongAnswer: (_spec, solution) => solution.answer + 1,
    },
    {
      id: 'off-by-one-fewer',
      message: 'You counted one iteration too few: count the steps taken until the test first passes, including the last one.',
      wrongAnswer: (_spec, solution) => (solution.answer > 0 ? solution.answer - 1 : null),
    },
  ];
}

/** "x_0 - α g = [..] - 0.1 [..] = [..]": a vector update written out with numbers. */
export function texUpdate(x0: number[], coef: number, dir: number[], result: number[]): string {
  const c = coef === 1 ? '' : `${texNumber(coef)}\\,`;
  return `${texVector(x0)} - ${c}${texVector(dir)} = ${texVector(result)}`;
}
