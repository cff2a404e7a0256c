import { describe, expect, it } from 'vitest';
import { MathError } from './errors';
import { countIterations } from './stop';
import { gdStep } from './steps';
import { solve } from './linalg';

const half = (x: number[]) => x.map((v) => v / 2);
const sq = { f: (x: number[]) => 0.5 * x[0] * x[0], grad: (x: number[]) => [x[0]] };

describe('countIterations: the rules on x ← x/2 from 1 (x_k = 2^−k)', () => {
  it('abs-step: |x_{k+1} − x_k| = 2^−(k+1) ≤ 0.1 first at k = 3; path x_0 … x_4', () => {
    const r = countIterations(half, [1], 'abs-step', 0.1, sq);
    expect(r).toEqual({ iterations: 3, path: [[1], [0.5], [0.25], [0.125], [0.0625]], converged: true });
  });

  it('rel-step: the relative change is always 1/2, so tol 0.6 stops at k = 0 and tol 0.4 never', () => {
    expect(countIterations(half, [1], 'rel-step', 0.6, sq)).toEqual({ iterations: 0, path: [[1], [0.5]], converged: true });
    const never = countIterations(half, [1], 'rel-step', 0.4, sq, 50);
    expect(never.converged).toBe(false);
    expect(never.iterations).toBe(50);
    expect(never.path).toHaveLength(52); // x_0 … x_51: k = 50 compared x_50 and x_51
  });

  it('rel-step needs every coordinate: (1, 1000) → (1/2, 1000 − 1e-6)', () => {
    const step = (x: number[]) => [x[0] / 2, x[1] - 1e-6];
    expect(countIterations(step, [1, 1000], 'rel-step', 0.6, sq).iterations).toBe(0);
    expect(countIterations(step, [1, 1000], 'rel-step', 0.4, sq, 20).converged).toBe(false);
  });

  it('grad-norm: ‖∇f(x_k)‖ = 2^−k ≤ 0.1 first at k = 4; path x_0 … x_4', () => {
    const r = countIterations(half, [1], 'grad-norm', 0.1, sq);
    expect(r.iterations).toBe(4);
    expect(r.path).toEqual([[1], [0.5], [0.25], [0.125], [0.0625]]);
  });

  it('grad-norm and loss: k = 0 when x_0 already passes', () => {
    expect(countIterations(half, [0], 'grad-norm', 1e-6, sq)).toEqual({ iterations: 0, path: [[0]], converged: true });
    expect(countIterations(half, [0.001], 'loss', 1e-4, sq)).toEqual({ iterations: 0, path: [[0.001]], converged: true });
  });

  it('maxIter bounds the count: grad-norm tests x_0 … x_maxIter', () => {
    expect(countIterations(half, [1], 'grad-norm', 0.1, sq, 4)).toMatchObject({ iterations: 4, converged: true });
    const r = countIterations(half, [1], 'grad-norm', 0.1, sq, 3);
    expect(r).toMatchObject({ iterations: 3, converged: false });
    expect(r.path).toHaveLength(4);
  });

  it('stops with converged = false at a non-finite iterate, which ends the path', () => {
    const blowUp = (x: number[]) => x.map((v) => v * 1e200);
    const r = countIterations(blowUp, [10], 'abs-step', 1e-6, sq);
    expect(r.converged).toBe(false);
    expect(r.path[r.path.length - 1][0]).toBe(Infinity);
    expect(r.path).toHaveLength(3); // 10, 1e201, Infinity
    const g = countIterations(blowUp, [10], 'grad-norm', 1e-6, sq);
    expect(g.converged).toBe(false);
    expect(g.path[g.path.length - 1][0]).toBe(Infinity);
  });

  it('rejects a negative tolerance and a bad maxIter; errors of the step propagate', () => {
    expect(() => countIterations(half, [1], 'abs-step', -1, sq)).toThrow(MathError);
    expect(() => countIterations(half, [1], 'abs-step', 0.1, sq, 1.5)).toThrow(MathError);
    const singular = () => solve([[0, 0], [0, 0]], [1, 1]);
    expect(() => countIterations(singular, [1, 1], 'abs-step', 0.1, sq)).toThrow('matrix is singular');
  });
});

describe('gradient descent with α* = 2/(1 + κ) on f = ½(x² + κy²) from (1, 1)', () => {
  // By hand: each step multiplies x by 1 − α* = (κ−1)/(κ+1) and y by 1 − α*κ = −(κ−1)/(κ+1),
  // so after k steps (x_k, the point reached by k updates of x_0) the loss is
  // f(x_k) = ½(1 + κ)·((κ−1)/(κ+1))^(2k). "The loss after k steps" below means f(x_k), and the
  // 'loss' rule's count is the first k with f(x_k) ≤ tol.
  function run(kappa: number, maxIter?: number) {
    const f = ([x, y]: number[]) => 0.5 * (x * x + kappa * y * y);
    const grad = ([x, y]: number[]) => [x, kappa * y];
    const alpha = 2 / (1 + kappa);
    return { f, r: countIterations((x) => gdStep(grad(x), x, alpha), [1, 1], 'loss', 1e-4, { f, grad }, maxIter) };
  }

  it('κ = 1: the loss is below 1e-4 after 1 step (the first step lands on the minimum)', () => {
    const { r } = run(1);
    expect(r).toMatchObject({ iterations: 1, converged: true });
    expect(r.path[1]).toEqual([0, 0]);
  });

  it('κ = 10: after 28 steps (5.5·(9/11)^56 ≈ 7.2e-5, while k = 27 gives 5.5·(9/11)^54 ≈ 1.08e-4)', () => {
    const { r, f } = run(10);
    expect(r).toMatchObject({ iterations: 28, converged: true });
    expect(f(r.path[27])).toBeGreaterThan(1e-4);
    expect(f(r.path[28])).toBeCloseTo(5.5 * (9 / 11) ** 56, 12);
  });

  it('κ = 100: still above 1e-4 after 80 steps (50.5·(99/101)^160 ≈ 2.06)', () => {
    const { r, f } = run(100, 80);
    expect(r.converged).toBe(false);
    expect(r.path).toHaveLength(81);
    expect(f(r.path[80])).toBeGreaterThan(1e-4);
    expect(f(r.path[80])).toBeCloseTo(2.06, 2);
  });

  it('κ = 50: the loss after 15 steps is 25.5·(49/51)^30 ≈ 7.68', () => {
    const { r, f } = run(50, 15);
    expect(f(r.path[15])).toBeCloseTo(7.68, 2);
  });
});

describe('preconditioning a diagonal quadratic (20 coordinates, κ = e⁴)', () => {
  // f = ½ Σ λ_i x_i² with λ_i = e^(4i/19), i = 0 … 19 (log-uniform from 1 to e⁴ ≈ 54.6), x_0 = (1, …, 1).
  // GD with α* = 2/(1 + e⁴) gives x_{k,i} = (1 − α*λ_i)^k, so after 100 steps
  // f = ½ Σ λ_i (1 − α*λ_i)^200, dominated by the two extreme coordinates:
  // ½·(1 + e⁴)·((e⁴ − 1)/(e⁴ + 1))^200 ≈ 0.0183, in all ≈ 1.84e-2.
  const lambdas = Array.from({ length: 20 }, (_, i) => Math.exp((4 * i) / 19));
  const f = (x: number[]) => 0.5 * x.reduce((s, v, i) => s + lambdas[i] * v * v, 0);
  const grad = (x: number[]) => x.map((v, i) => lambdas[i] * v);
  const ones = lambdas.map(() => 1);

  it('plain GD with α* has loss ≈ 1.8e-2 after 100 steps', () => {
    const alpha = 2 / (1 + Math.exp(4));
    const r = countIterations((x) => gdStep(grad(x), x, alpha), ones, 'loss', 0, { f, grad }, 100);
    expect(r.path).toHaveLength(101);
    const loss = f(r.path[100]);
    expect(loss).toBeGreaterThan(1.75e-2);
    expect(loss).toBeLessThan(1.9e-2);
  });

  it('a diagonal preconditioned step x − P⁻¹∇f with P = diag(λ) reaches the minimum in one step', () => {
    const P = lambdas.map((l, i) => lambdas.map((_, j) => (i === j ? l : 0)));
    const p = solve(P, grad(ones));
    const x1 = ones.map((v, i) => v - p[i]);
    expect(x1).toEqual(ones.map(() => 0));
    expect(f(x1)).toBe(0);
  });
});
