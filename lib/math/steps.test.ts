import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MathError } from './errors';
import { gdOptimalStep, gdRate, gdStep, newtonStep } from './steps';
import { compileFunction } from './symbolic';
import { countIterations } from './stop';

describe('gdStep', () => {
  it('x − lr·g', () => {
    expect(gdStep([2, -4], [1, 1], 0.5)).toEqual([0, 3]);
    expect(() => gdStep([1], [1, 2], 0.1)).toThrow(MathError);
  });
});

describe('newtonStep', () => {
  const A = [[5, 1], [1, 3]];
  const gradQ = ([x, y]: number[]) => [5 * x + y - 4, x + 3 * y + 2]; // A x + b, by hand

  it('on ½xᵀAx + bᵀx (A = [[5, 1], [1, 3]], b = (−4, 2)) one step from anywhere lands on (1, −1)', () => {
    for (const x0 of [[0, 0], [10, -3], [-7.5, 123], [1, -1]]) {
      const { x, p } = newtonStep(gradQ(x0), A, x0);
      expect(x[0]).toBeCloseTo(1, 12);
      expect(x[1]).toBeCloseTo(-1, 12);
      expect(p[0]).toBeCloseTo(1 - x0[0], 12);
      expect(p[1]).toBeCloseTo(-1 - x0[1], 12);
    }
  });

  it('throws MathError("matrix is singular") for a singular Hessian', () => {
    expect(() => newtonStep([1, 1], [[1, 2], [2, 4]], [0, 0])).toThrow(MathError);
    expect(() => newtonStep([1, 1], [[1, 2], [2, 4]], [0, 0])).toThrow('matrix is singular');
    // f = x² y² at (1, 0): H = [[2y², 4xy], [4xy, 2x²]] = [[0, 0], [0, 2]]
    const fn = compileFunction('x^2*y^2', ['x', 'y']);
    expect(() => newtonStep(fn.grad([1, 0]), fn.hess([1, 0]), [1, 0])).toThrow('matrix is singular');
  });

  describe('on f = 85 − (1/90)·x²(x−6)·y²(y−6)', () => {
    const fn = compileFunction('85 - (1/90)*x^2*(x-6)*y^2*(y-6)', ['x', 'y']);
    const step = (x: number[]) => newtonStep(fn.grad(x), fn.hess(x), x).x;

    it('from (3.2, 3.2) the first step goes to 3.2 + 2.44667/1.6384 ≈ (4.6933, 4.6933)', () => {
      // by hand with g(t) = t³ − 6t²: g(3.2) = −28.672, g'(3.2) = −7.68, g''(3.2) = 7.2;
      // f_x = −g'g/90 = −2.446677, f_xx = −g''g/90 = 2.29376, f_xy = −g'²/90 = −0.65536
      const x1 = step([3.2, 3.2]);
      const expected = 3.2 + (7.68 * 28.672) / 90 / ((7.2 * 28.672 - 7.68 * 7.68) / 90);
      expect(x1[0]).toBeCloseTo(expected, 12);
      expect(x1[1]).toBeCloseTo(expected, 12);
      expect(x1[0]).toBeCloseTo(4.6933, 4);
    });

    it('from (3.2, 3.2) it reaches the minimum (4, 4) in about five steps', () => {
      const run = countIterations(step, [3.2, 3.2], 'grad-norm', 1e-8, fn);
      expect(run.converged).toBe(true);
      expect(run.iterations).toBeGreaterThanOrEqual(4);
      expect(run.iterations).toBeLessThanOrEqual(6);
      const last = run.path[run.path.length - 1];
      expect(Math.abs(last[0] - 4)).toBeLessThan(1e-9);
      expect(Math.abs(last[1] - 4)).toBeLessThan(1e-9);
    });

    it('from (1, 1) the first step goes towards the origin, to 1 − 0.5/1.2333 ≈ (0.5946, 0.5946)', () => {
      // g(1) = −5, g'(1) = −9, g''(1) = −6: f_x = −0.5, f_xx = −1/3, f_xy = −0.9
      const x1 = step([1, 1]);
      expect(x1[0]).toBeCloseTo(1 - 0.5 / (1 / 3 + 0.9), 12);
      expect(x1[0]).toBeCloseTo(0.5946, 4);
      expect(x1[1]).toBeCloseTo(0.5946, 4);
      const x5 = [1, 2, 3, 4].reduce((x) => step(x), x1);
      expect(x5[0]).toBeLessThan(0.11); // still heading for the degenerate point (0, 0)
      expect(x5[0]).toBeGreaterThan(0);
    });
  });

  it('property: on a random SPD quadratic ½xᵀAx + bᵀx a Newton step lands on −A⁻¹b', () => {
    const num = fc.double({ min: -5, max: 5, noNaN: true });
    const problem = fc.integer({ min: 1, max: 5 }).chain((n) =>
      fc.record({
        m: fc.array(num, { minLength: n * n, maxLength: n * n }),
        b: fc.array(num, { minLength: n, maxLength: n }),
        x0: fc.array(num, { minLength: n, maxLength: n }),
      }).map(({ m, b, x0 }) => {
        const M = Array.from({ length: n }, (_, i) => m.slice(i * n, i * n + n));
        // A = MᵀM + I is SPD with eigenvalues ≥ 1
        const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => M.reduce((s, r) => s + r[i] * r[j], 0) + (i === j ? 1 : 0)));
        return { A, b, x0 };
      }),
    );
    fc.assert(
      fc.property(problem, ({ A, b, x0 }) => {
        const g = A.map((row, i) => row.reduce((s, a, j) => s + a * x0[j], 0) + b[i]);
        const { x } = newtonStep(g, A, x0);
        // x = −A⁻¹b ⇔ A x + b = 0
        const big = Math.max(1, ...A.flat().map(Math.abs), ...x.map(Math.abs));
        A.forEach((row, i) => expect(Math.abs(row.reduce((s, a, j) => s + a * x[j], 0) + b[i])).toBeLessThan(1e-10 * big * big));
      }),
      { numRuns: 300 },
    );
  });
});

describe('gdOptimalStep and gdRate', () => {
  it('[[6, 1], [1, 4]]: α* = 2/(λmin + λmax) = 2/10, rate = 2√2/10', () => {
    expect(gdOptimalStep([[6, 1], [1, 4]])).toBeCloseTo(0.2, 14);
    expect(gdRate([[6, 1], [1, 4]])).toBeCloseTo((2 * Math.SQRT2) / 10, 14);
  });

  it('diag(1, 100): α* = 2/101, rate = 99/101 (keeps 98% of the error each step)', () => {
    expect(gdOptimalStep([[1, 0], [0, 100]])).toBeCloseTo(2 / 101, 15);
    expect(gdRate([[1, 0], [0, 100]])).toBeCloseTo(99 / 101, 15);
    expect(gdRate([[3, 0], [0, 3]])).toBe(0); // κ = 1
  });

  it('reject matrices that are not positive definite', () => {
    expect(() => gdOptimalStep([[1, 2], [2, 1]])).toThrow(MathError);
    expect(() => gdRate([[0, 0], [0, 1]])).toThrow(/positive definite/);
  });
});
