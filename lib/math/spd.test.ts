/**
 * Scale-aware positive definiteness (issue 23, item 2). Expected values by hand:
 *   Q = [[3/5, −4/5], [4/5, 3/5]] is orthogonal (9/25 + 16/25 = 1), so A = Q·diag(1, 10^-12)·Qᵀ =
 *   [[9/25 + 16/25·10^-12, 12/25·(1 − 10^-12)], [same, 16/25 + 9/25·10^-12]]
 *   = [[0.36000000000064, 0.47999999999952], [0.47999999999952, 0.64000000000036]]
 *   has eigenvalues exactly 1 and 10^-12: κ = 10^12, α* = 2/(1 + 10^-12), rate = (1 − 10^-12)/(1 + 10^-12).
 */
import { describe, expect, it } from 'vitest';
import { conditionNumber, definiteness, exactInertia, spdEigenvalues } from './eig';
import { gdOptimalStep, gdRate } from './steps';

const ROTATED = [
  [0.36000000000064, 0.47999999999952],
  [0.47999999999952, 0.64000000000036],
];

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

describe('SPD matrices with a large condition number', () => {
  it('accepts κ = 10^12 and computes κ, the optimal step and the rate to rounding', () => {
    expect(relErr(conditionNumber(ROTATED), 1e12)).toBeLessThan(1e-9);
    expect(relErr(spdEigenvalues(ROTATED)[0], 1e-12)).toBeLessThan(1e-9);
    expect(relErr(gdOptimalStep(ROTATED), 2 / (1 + 1e-12))).toBeLessThan(1e-12);
    expect(relErr(gdRate(ROTATED), (1 - 1e-12) / (1 + 1e-12))).toBeLessThan(1e-12);
    expect(conditionNumber([[1, 0], [0, 1e-12]])).toBe(1e12);
    expect(conditionNumber([[1e-13, 0], [0, 1e-13]])).toBe(1); // small scale is not singular
  });

  it('accepts [[1, 1], [1, 1 + 10^-12]]: det = 10^-12, λmin = 2·det/(t + √(t² − 4·det))', () => {
    const t = 2 + 1e-12;
    const d = 1e-12;
    const lmin = (2 * d) / (t + Math.sqrt(t * t - 4 * d));
    const lmax = d / lmin;
    const A = [[1, 1], [1, 1.000000000001]];
    expect(relErr(spdEigenvalues(A)[0], lmin)).toBeLessThan(1e-9);
    expect(relErr(conditionNumber(A), lmax / lmin)).toBeLessThan(1e-9);
  });

  it('decides exactly for matrices of decimals, whatever κ', () => {
    expect(conditionNumber([[1, 0], [0, 1e-20]])).toBe(1e20);
    // 0.1·[1 2; 2 4] is singular exactly, although its computed eigenvalue need not be 0
    expect(() => conditionNumber([[0.1, 0.2], [0.2, 0.4]])).toThrow(/singular \(exactly/);
    expect(() => conditionNumber([[1, 1], [1, 1]])).toThrow(/singular \(exactly/);
    expect(() => conditionNumber([[1, 2], [2, 1]])).toThrow(/1 negative eigenvalue/); // −1 and 3
    expect(() => conditionNumber([[-1, 0], [0, -2]])).toThrow(/2 negative eigenvalues/);
  });

  it('uses a relative threshold for computed entries, and says so when it refuses', () => {
    // π and π·10^-12 have 16 significant digits: computed values, not exact decimals
    expect(relErr(conditionNumber([[Math.PI, 0], [0, Math.PI * 1e-12]]), 1e12)).toBeLessThan(1e-9);
    expect(() => conditionNumber([[Math.PI, 0], [0, Math.PI * 1e-15]])).toThrow(/singular within the precision of its entries/);
    expect(() => conditionNumber([[Math.PI, 0], [0, -Math.PI]])).toThrow(/smallest eigenvalue is -3\.142/);
  });
});

describe('exact inertia and definiteness', () => {
  it.each([
    [[[2, 0], [0, 3]], { positive: 2, negative: 0, zero: 0 }],
    [[[0, 1], [1, 0]], { positive: 1, negative: 1, zero: 0 }], // zero diagonal: ±1
    [[[0, 0], [0, 0]], { positive: 0, negative: 0, zero: 2 }],
    [[[1, 2], [2, 4]], { positive: 1, negative: 0, zero: 1 }], // 5 and 0
    [[[0, 1, 0], [1, 0, 0], [0, 0, 0]], { positive: 1, negative: 1, zero: 1 }],
    [[[1, 1, 0], [1, 1, 0], [0, 0, -1]], { positive: 1, negative: 1, zero: 1 }], // 2, 0, −1
  ])('inertia of %j', (A, expected) => {
    expect(exactInertia(A)).toEqual(expected);
  });

  it('is undefined for computed entries', () => {
    expect(exactInertia([[Math.PI, 0], [0, 1]])).toBeUndefined();
  });

  it('classifies near-singular matrices of decimals exactly', () => {
    expect(definiteness([[1, 1], [1, 1.000000000001]])).toBe('positive definite'); // det = 10^-12 > 0
    expect(definiteness([[0.1, 0.2], [0.2, 0.4]])).toBe('positive semidefinite');
    expect(definiteness([[-1, -1], [-1, -1]])).toBe('negative semidefinite');
    expect(definiteness([[0, 1], [1, 0]])).toBe('indefinite');
    expect(definiteness([[1, 0], [0, -1e-12]])).toBe('indefinite');
  });
});
