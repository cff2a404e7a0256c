/**
 * The runs the path and loss figures draw, against the curriculum's numbers
 * (shared/curriculum.md, lessons 6, 7 and 11) and hand-worked steps.
 */
import { describe, expect, it } from 'vitest';
import { defaultStep, firstBelow, makeSurface, runMethod, usesKappa } from './runs';

const QUAD = '0.5*(x^2 + kappa*y^2)';
const REPORT = '85 - (1/90)*x^2*(x-6)*y^2*(y-6)';
const XY = ['x', 'y'];

describe('makeSurface with κ', () => {
  it('fixes kappa as a value: f, ∇f and H of ½(x² + 10y²) at (1, 1)', () => {
    const s = makeSurface(QUAD, XY, 10);
    expect(s.f([1, 1])).toBeCloseTo(5.5, 12);
    expect(s.grad([1, 1])).toEqual([1, 10]);
    expect(s.hess([1, 1])).toEqual([[1, 0], [0, 10]]);
  });
  it('tells which functions use kappa (a whole word only)', () => {
    expect(usesKappa(QUAD)).toBe(true);
    expect(usesKappa('x^2 + y^2')).toBe(false);
    expect(usesKappa('kappa2*x')).toBe(false);
  });
  it('rejects a bad formula', () => {
    expect(() => makeSurface('x^2 + z', XY, 1)).toThrow();
  });
});

describe('gradient descent with the best step on ½(x² + κy²) from (1, 1) (curriculum, lesson 6)', () => {
  const run = (kappa: number, steps: number) => {
    const s = makeSurface(QUAD, XY, kappa);
    const lr = defaultStep(s, [1, 1]);
    expect(lr).toBeCloseTo(2 / (1 + kappa), 12);
    return runMethod(s, [1, 1], 'gd', { lr, m: 5, steps });
  };
  it('κ = 1: below 1e-4 after one step', () => {
    expect(firstBelow(run(1, 100).values, 1e-4)).toBe(1);
  });
  it('κ = 10: below 1e-4 after 28 steps, not 27', () => {
    const r = run(10, 100);
    expect(firstBelow(r.values, 1e-4)).toBe(28);
    expect(r.values[27]).toBeGreaterThan(1e-4);
  });
  it('κ = 100: not below 1e-4 after 80 steps', () => {
    const r = run(100, 80);
    expect(r.path).toHaveLength(81);
    expect(firstBelow(r.values, 1e-4)).toBeUndefined();
  });
  it('κ = 50: loss ≈ 7.68 after 15 steps', () => {
    expect(run(50, 15).values[15]).toBeCloseTo(7.68, 2);
  });
  it('a step past 2/λmax diverges', () => {
    const s = makeSurface(QUAD, XY, 10);
    const r = runMethod(s, [1, 1], 'gd', { lr: 0.21, m: 5, steps: 50 });
    expect(r.values[50]).toBeGreaterThan(r.values[0]);
    expect(r.converged).toBe(false);
  });
});

describe('Newton on the report function (curriculum, lesson 7)', () => {
  const s = makeSurface(REPORT, XY, 0);
  it('from (1, 1) its first step goes to ≈ (0.5946, 0.5946), towards the origin', () => {
    const r = runMethod(s, [1, 1], 'newton', { lr: 1, m: 5, steps: 5 });
    expect(r.path[1][0]).toBeCloseTo(0.5946, 4);
    expect(r.path[1][1]).toBeCloseTo(0.5946, 4);
    expect(Math.hypot(...r.path[5])).toBeLessThan(Math.hypot(...r.path[1]));
  });
  it('from (3.2, 3.2) the first step is ≈ (4.6933, 4.6933) and it reaches (4, 4)', () => {
    const r = runMethod(s, [3.2, 3.2], 'newton', { lr: 1, m: 5, steps: 20 });
    expect(r.path[1][0]).toBeCloseTo(4.6933, 4);
    expect(r.converged).toBe(true);
    expect(r.path[r.path.length - 1][0]).toBeCloseTo(4, 8);
    expect(r.path[r.path.length - 1][1]).toBeCloseTo(4, 8);
    expect(r.path.length - 1).toBeLessThanOrEqual(7);
  });
  it('at the degenerate origin it stops and says why instead of throwing', () => {
    const r = runMethod(s, [0, 0], 'newton', { lr: 1, m: 5, steps: 5 });
    expect(r.converged).toBe(true); // ∇f(0, 0) = 0: already stationary
    const q = runMethod(makeSurface('x^4 + y^2', XY, 0), [0, 1], 'newton', { lr: 1, m: 5, steps: 5 });
    expect(q.converged).toBe(false);
    expect(q.message).toMatch(/singular/);
  });
});

describe('other methods', () => {
  it('Newton solves a quadratic in one step: A = [[5, 1], [1, 3]], b = (−4, 2) → (1, −1)', () => {
    const s = makeSurface('0.5*(5*x^2 + 2*x*y + 3*y^2) - 4*x + 2*y', XY, 0);
    const r = runMethod(s, [7, -3], 'newton', { lr: 1, m: 5, steps: 10 });
    expect(r.path[1][0]).toBeCloseTo(1, 12);
    expect(r.path[1][1]).toBeCloseTo(-1, 12);
  });
  it('diagonal preconditioning with step 1 reaches the minimum of ½(x² + κy²) in one step for any κ', () => {
    for (const kappa of [10, 54.6, 1000]) {
      const r = runMethod(makeSurface(QUAD, XY, kappa), [1, 1], 'preconditioned', { lr: 1, m: 5, steps: 10 });
      expect(r.path[1]).toEqual([0, 0]);
      expect(r.path).toHaveLength(2);
      expect(r.converged).toBe(true);
    }
  });
  it('BFGS and L-BFGS reach (1, 1) on Rosenbrock from (−1, 1) (about 30 iterations for BFGS)', () => {
    const s = makeSurface('(1 - x)^2 + 100*(y - x^2)^2', XY, 0);
    const b = runMethod(s, [-1, 1], 'bfgs', { lr: 1, m: 5, steps: 200 });
    expect(b.converged).toBe(true);
    expect(b.path.length - 1).toBeGreaterThan(15);
    expect(b.path.length - 1).toBeLessThan(50);
    const l = runMethod(s, [-1, 1], 'lbfgs', { lr: 1, m: 5, steps: 200 });
    expect(l.converged).toBe(true);
    for (const r of [b, l]) {
      expect(r.path[r.path.length - 1][0]).toBeCloseTo(1, 5);
      expect(r.path[r.path.length - 1][1]).toBeCloseTo(1, 5);
    }
  });
  it('the default step away from a positive definite Hessian is 1/max|λ|', () => {
    // f = x² − y²: H = diag(2, −2), so 1/2.
    expect(defaultStep(makeSurface('x^2 - y^2', XY, 0), [1, 1])).toBeCloseTo(0.5, 12);
  });
});
