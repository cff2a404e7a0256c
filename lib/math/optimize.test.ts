import { describe, expect, it } from 'vitest';
import { MathError } from './errors';
import { minimize, wolfeLineSearch, type Objective } from './optimize';
import { compileFunction } from './symbolic';

/** ½(x² + κy²), written out by hand. */
function bowl(kappa: number): Objective {
  return {
    f: ([x, y]) => 0.5 * (x * x + kappa * y * y),
    grad: ([x, y]) => [x, kappa * y],
    hess: () => [[1, 0], [0, kappa]],
  };
}

/** ½xᵀAx + bᵀx with A = [[5, 1], [1, 3]], b = (−4, 2); minimiser (1, −1). */
const quadratic: Objective = {
  f: ([x, y]) => 0.5 * (5 * x * x + 2 * x * y + 3 * y * y) - 4 * x + 2 * y,
  grad: ([x, y]) => [5 * x + y - 4, x + 3 * y + 2],
  hess: () => [[5, 1], [1, 3]],
};

const rosenbrock = compileFunction('(1-x)^2 + 100*(y-x^2)^2', ['x', 'y']);

describe('wolfeLineSearch', () => {
  // On ½(x² + 10y²) from (1, 1) along d = −∇f = (−1, −10):
  // φ(α) = ½((1 − α)² + 10(1 − 10α)²), φ'(α) = −101 + 1001α, φ(0) = 5.5, φ'(0) = −101.
  const phi = (a: number) => 0.5 * ((1 - a) ** 2 + 10 * (1 - 10 * a) ** 2);
  const dphi = (a: number) => -101 + 1001 * a;

  it('returns a step satisfying both strong Wolfe conditions', () => {
    const r = wolfeLineSearch(bowl(10), [1, 1], [-1, -10]);
    expect(r.ok).toBe(true);
    expect(phi(r.alpha)).toBeLessThanOrEqual(5.5 + 1e-4 * r.alpha * -101);
    expect(Math.abs(dphi(r.alpha))).toBeLessThanOrEqual(0.9 * 101);
    expect(r.f).toBeCloseTo(phi(r.alpha), 12);
    expect(r.nfev).toBeGreaterThanOrEqual(2);
  });

  it('with c2 = 0.01 the step is within 0.001 of the exact minimiser 101/1001', () => {
    const r = wolfeLineSearch(bowl(10), [1, 1], [-1, -10], { c2: 0.01 });
    expect(r.ok).toBe(true);
    expect(Math.abs(r.alpha - 101 / 1001)).toBeLessThanOrEqual(0.001);
  });

  it('accepts α0 when it already satisfies the conditions (κ = 1: α = 1 lands on the minimum)', () => {
    const r = wolfeLineSearch(bowl(1), [1, 1], [-1, -1]);
    expect(r).toMatchObject({ alpha: 1, ok: true, nfev: 2, f: 0 });
  });

  it('fails for an ascent direction and for a function unbounded below', () => {
    expect(wolfeLineSearch(bowl(10), [1, 1], [1, 10]).ok).toBe(false);
    const line: Objective = { f: ([x]) => x, grad: () => [1] };
    const r = wolfeLineSearch(line, [0], [-1], { maxIter: 20 });
    expect(r.ok).toBe(false);
    expect(r.nfev).toBe(20);
  });

  it('rejects bad constants', () => {
    expect(() => wolfeLineSearch(bowl(1), [1, 1], [-1, -1], { c1: 0.5, c2: 0.1 })).toThrow(MathError);
  });
});

describe('minimize', () => {
  it('BFGS with Wolfe on Rosenbrock from (−1, 1) converges to (1, 1) in about 30 iterations', () => {
    const r = minimize(rosenbrock, [-1, 1], { method: 'bfgs' });
    expect(r.converged).toBe(true);
    expect(r.nit).toBeGreaterThanOrEqual(20);
    expect(r.nit).toBeLessThanOrEqual(45);
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(r.x[1] - 1)).toBeLessThan(1e-6);
    expect(Math.hypot(...r.grad)).toBeLessThanOrEqual(1e-6);
    expect(r.path[0]).toEqual([-1, 1]);
    expect(r.path).toHaveLength(r.nit + 1);
    expect(r.path[r.nit]).toEqual(r.x);
  });

  it('L-BFGS on Rosenbrock from (−1, 1) and from (−1.2, 1) converges too', () => {
    for (const x0 of [[-1, 1], [-1.2, 1]]) {
      const r = minimize(rosenbrock, x0, { method: 'lbfgs', m: 5 });
      expect(r.converged).toBe(true);
      expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-6);
      expect(Math.abs(r.x[1] - 1)).toBeLessThan(1e-6);
      expect(r.nit).toBeLessThan(100);
    }
  });

  it('Newton lands on the quadratic minimiser (1, −1) in one step, with 2 evaluations of f', () => {
    const r = minimize(quadratic, [7, 9], { method: 'newton' });
    expect(r).toMatchObject({ nit: 1, converged: true, nfev: 2 });
    expect(r.x[0]).toBeCloseTo(1, 12);
    expect(r.x[1]).toBeCloseTo(-1, 12);
    expect(r.f).toBeCloseTo(-3, 12); // ½·bᵀx* = ½(−4 − 2)
  });

  it('BFGS given H0 = A⁻¹ takes the Newton step first and is done in one iteration', () => {
    // A⁻¹ = [[3, −1], [−1, 5]]/14
    const r = minimize(quadratic, [0, 0], { method: 'bfgs', H0: [[3 / 14, -1 / 14], [-1 / 14, 5 / 14]] });
    expect(r.nit).toBe(1);
    expect(r.x[0]).toBeCloseTo(1, 12);
    expect(r.x[1]).toBeCloseTo(-1, 12);
  });

  it('GD with α* = 2/11 on ½(x² + 10y²) from (1, 1): the loss rule (1e-4) stops after 28 steps', () => {
    const r = minimize(bowl(10), [1, 1], { method: 'gd', lr: 2 / 11, stop: 'loss', tol: 1e-4 });
    expect(r).toMatchObject({ nit: 28, converged: true });
    expect(r.f).toBeCloseTo(5.5 * (9 / 11) ** 56, 12);
  });

  it('step rules count the steps taken: x ← x/2 (GD, lr ½ on ½x²) stops at x_4 = 1/16 for abs-step 0.1', () => {
    const half: Objective = { f: ([x]) => 0.5 * x * x, grad: ([x]) => [x] };
    const r = minimize(half, [1], { method: 'gd', lr: 0.5, stop: 'abs-step', tol: 0.1 });
    expect(r).toMatchObject({ nit: 4, x: [0.0625], converged: true });
    expect(r.path).toEqual([[1], [0.5], [0.25], [0.125], [0.0625]]);
  });

  it('GD with Wolfe also reaches the quadratic minimiser', () => {
    const r = minimize(quadratic, [3, 3], { method: 'gd', lineSearch: 'wolfe', maxIter: 5000 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(-1, 5);
  });

  it('stops with a message when the iterates diverge (lr too large)', () => {
    const r = minimize(bowl(10), [1, 1], { method: 'gd', lr: 1 }); // y ← −9y each step
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/not finite/);
  });

  it('stops with a message at a singular Hessian and at the iteration budget', () => {
    const flat: Objective = { f: ([x, y]) => x ** 4 + y * y, grad: ([x, y]) => [4 * x ** 3, 2 * y], hess: ([x]) => [[12 * x * x, 0], [0, 2]] };
    const r = minimize(flat, [0, 1], { method: 'newton' });
    expect(r).toMatchObject({ nit: 0, converged: false });
    expect(r.message).toMatch(/singular/);
    const slow = minimize(bowl(100), [1, 1], { method: 'gd', lr: 0.001, maxIter: 10 });
    expect(slow).toMatchObject({ nit: 10, converged: false });
    expect(slow.message).toMatch(/maximum number of iterations/);
  });

  it('stops with a message when the line search fails (f unbounded below)', () => {
    const line: Objective = { f: ([x]) => x, grad: () => [1] };
    const r = minimize(line, [0], { method: 'bfgs' });
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/line search/);
  });

  it('rejects option sets that cannot run', () => {
    expect(() => minimize(quadratic, [0, 0], { method: 'gd' })).toThrow(/lr/);
    expect(() => minimize({ f: quadratic.f, grad: quadratic.grad }, [0, 0], { method: 'newton' })).toThrow(/hess/);
    expect(() => minimize(quadratic, [0, 0], { method: 'bfgs', H0: [[1]] })).toThrow(MathError);
  });
});
