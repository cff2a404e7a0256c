import { describe, expect, it } from 'vitest';
import { MathError } from './errors';
import { hvpFiniteDiff, numericalGradient, numericalHessian } from './numdiff';
import { compileFunction } from './symbolic';

/** f = ½xᵀAx + bᵀx with A = [[5, 1], [1, 3]], b = (−4, 2), written out by hand. */
const quad = ([x, y]: number[]) => 0.5 * (5 * x * x + 2 * x * y + 3 * y * y) - 4 * x + 2 * y;
const quadGrad = ([x, y]: number[]) => [5 * x + y - 4, x + 3 * y + 2];

describe('numericalGradient', () => {
  it('x³ + y³ + 2xy at (1, 2): (7, 14)', () => {
    const g = numericalGradient(([x, y]) => x ** 3 + y ** 3 + 2 * x * y, [1, 2]);
    expect(Math.abs(g[0] - 7)).toBeLessThan(1e-7);
    expect(Math.abs(g[1] - 14)).toBeLessThan(1e-7);
  });

  it('agrees with the symbolic gradient of a transcendental function', () => {
    const fn = compileFunction('exp(x*y) + sin(x)*cos(y) + log(x^2 + 1)', ['x', 'y']);
    const x = [0.4, -1.3];
    const g = numericalGradient(fn.f, x);
    fn.grad(x).forEach((v, i) => expect(Math.abs(g[i] - v)).toBeLessThan(1e-8));
  });

  it('rejects a non-positive step', () => {
    expect(() => numericalGradient(quad, [0, 0], 0)).toThrow(MathError);
  });
});

describe('numericalHessian', () => {
  it('h = 1e-4 on the quadratic agrees with A = [[5, 1], [1, 3]] to ~1e-8', () => {
    // The formula is exact for quadratics; what remains is rounding, about ε·|f|/h², and
    // |f| = 3 at (1, −1): a few 1e-9.
    const H = numericalHessian(quad, [1, -1], 1e-4);
    const A = [[5, 1], [1, 3]];
    A.forEach((row, i) => row.forEach((a, j) => expect(Math.abs(H[i][j] - a)).toBeLessThan(2e-8)));
    expect(H[0][1]).toBe(H[1][0]);
  });

  it('uses the four-point formula on the diagonal too: x⁴ at 1 with h = 0.1 gives 12 + 8h² = 12.08', () => {
    // f(x+2h) − 2f(x) + f(x−2h) = 48x²h² + 32h⁴, divided by 4h²: 12x² + 8h²
    // (the three-point formula with step h would give 12 + 2h² = 12.02 instead)
    const [[h11]] = numericalHessian(([x]) => x ** 4, [1], 0.1);
    expect(h11).toBeCloseTo(12.08, 10);
  });

  it('mixed entry of x³y at (1, 1) with h = 0.1: (1.1³ − 0.9³)(1.1 − 0.9)/0.04 = 3.01', () => {
    const H = numericalHessian(([x, y]) => x ** 3 * y, [1, 1], 0.1);
    expect(H[0][1]).toBeCloseTo(3.01, 10);
    expect(H[1][0]).toBeCloseTo(3.01, 10);
    expect(H[1][1]).toBeCloseTo(0, 10);
  });

  it('a three-variable quadratic with decimal coefficients', () => {
    // f = 1.5x² − 0.25xz + 2y² + 0.5yz + 3.5z²  ⇒  H = [[3, 0, −0.25], [0, 4, 0.5], [−0.25, 0.5, 7]]
    const f = ([x, y, z]: number[]) => 1.5 * x * x - 0.25 * x * z + 2 * y * y + 0.5 * y * z + 3.5 * z * z;
    // f(1, −1, 2) ≈ 14.5, so rounding (≈ ε·|f|/h²) allows errors of a few 1e-7 here
    const H = numericalHessian(f, [1, -1, 2], 1e-4);
    const exact = [[3, 0, -0.25], [0, 4, 0.5], [-0.25, 0.5, 7]];
    exact.forEach((row, i) => row.forEach((a, j) => expect(Math.abs(H[i][j] - a)).toBeLessThan(1e-6)));
    // with a larger step the rounding shrinks and the (exact-for-quadratics) formula shows
    const H2 = numericalHessian(f, [1, -1, 2], 1e-2);
    exact.forEach((row, i) => row.forEach((a, j) => expect(Math.abs(H2[i][j] - a)).toBeLessThan(1e-10)));
  });
});

describe('hvpFiniteDiff', () => {
  it('H v for the quadratic with v = (0.6, −1) is A v = (2, −2.4)', () => {
    const hv = hvpFiniteDiff(quadGrad, [3, -5], [0.6, -1]);
    expect(hv[0]).toBeCloseTo(2, 8);
    expect(hv[1]).toBeCloseTo(-2.4, 8);
  });

  it('on a non-quadratic: f = x²y, H(1, 2) = [[4, 2], [2, 0]], v = (1, 1) gives (6, 2)', () => {
    const grad = ([x, y]: number[]) => [2 * x * y, x * x];
    const hv = hvpFiniteDiff(grad, [1, 2], [1, 1], 1e-5);
    expect(hv[0]).toBeCloseTo(6, 8);
    expect(hv[1]).toBeCloseTo(2, 8);
  });

  it('rejects v of the wrong length', () => {
    expect(() => hvpFiniteDiff(quadGrad, [0, 0], [1])).toThrow(MathError);
  });
});
