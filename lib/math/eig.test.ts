import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MathError } from './errors';
import { conditionNumber, definiteness, symEig } from './eig';
import { matVec } from './linalg';

/** ‖Av − λv‖∞ */
function residual(A: number[][], lambda: number, v: number[]): number {
  const Av = matVec(A, v);
  return Math.max(...Av.map((x, i) => Math.abs(x - lambda * v[i])));
}

describe('symEig', () => {
  it('[[6, 1], [1, 4]] has eigenvalues 5 ∓ √2 (≈ 3.586, 6.414) and Av = λv', () => {
    const A = [[6, 1], [1, 4]];
    const { values, vectors } = symEig(A);
    expect(values[0]).toBeCloseTo(5 - Math.SQRT2, 13);
    expect(values[1]).toBeCloseTo(5 + Math.SQRT2, 13);
    expect(values[0]).toBeCloseTo(3.586, 3);
    expect(values[1]).toBeCloseTo(6.414, 3);
    values.forEach((l, k) => {
      expect(residual(A, l, vectors[k])).toBeLessThan(1e-12);
      expect(Math.hypot(...vectors[k])).toBeCloseTo(1, 14);
    });
    // hand-derived: for λ = 5 + √2 the eigenvector is (1 + √2, 1) normalised
    const c = Math.hypot(1 + Math.SQRT2, 1);
    expect(vectors[1][0]).toBeCloseTo((1 + Math.SQRT2) / c, 13);
    expect(vectors[1][1]).toBeCloseTo(1 / c, 13);
  });

  it('sorts ascending and signs vectors so the first non-zero component is positive', () => {
    const { values, vectors } = symEig([[2, 0], [0, 1]]);
    expect(values).toEqual([1, 2]);
    expect(vectors).toEqual([[0, 1], [1, 0]]);
    const neg = symEig([[1, -1], [-1, 1]]); // eigenvalues 0 and 2
    expect(neg.values[0]).toBeCloseTo(0, 14);
    expect(neg.values[1]).toBeCloseTo(2, 14);
    expect(neg.vectors[1][0]).toBeGreaterThan(0);
    expect(neg.vectors[1][0]).toBeCloseTo(Math.SQRT1_2, 14);
    expect(neg.vectors[1][1]).toBeCloseTo(-Math.SQRT1_2, 14);
  });

  it('the tridiagonal [[2,−1,0],[−1,2,−1],[0,−1,2]]: 2 − √2, 2, 2 + √2', () => {
    const A = [[2, -1, 0], [-1, 2, -1], [0, -1, 2]];
    const { values, vectors } = symEig(A);
    [2 - Math.SQRT2, 2, 2 + Math.SQRT2].forEach((l, k) => expect(values[k]).toBeCloseTo(l, 13));
    const expected = [[0.5, Math.SQRT1_2, 0.5], [Math.SQRT1_2, 0, -Math.SQRT1_2], [0.5, -Math.SQRT1_2, 0.5]];
    expected.forEach((v, k) => v.forEach((x, i) => expect(vectors[k][i]).toBeCloseTo(x, 12)));
  });

  it('a 1×1 matrix and a diagonal matrix with a repeated eigenvalue', () => {
    expect(symEig([[-3]])).toEqual({ values: [-3], vectors: [[1]] });
    const { values } = symEig([[4, 0, 0], [0, 4, 0], [0, 0, 1]]);
    expect(values).toEqual([1, 4, 4]);
  });

  it('rejects non-symmetric, non-square and non-finite matrices', () => {
    expect(() => symEig([[1, 2], [3, 4]])).toThrow(MathError);
    expect(() => symEig([[1, 2], [3, 4]])).toThrow(/symmetric/);
    expect(() => symEig([[1, 2, 3], [2, 1, 0]])).toThrow(MathError);
    expect(() => symEig([[1, NaN], [NaN, 1]])).toThrow(MathError);
  });

  it('property: V Λ Vᵀ reconstructs A and V is orthonormal, for random symmetric A', () => {
    const entry = fc.double({ min: -100, max: 100, noNaN: true });
    const symmetric = fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.array(entry, { minLength: n * n, maxLength: n * n }).map((flat) =>
        Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => flat[Math.min(i, j) * n + Math.max(i, j)])),
      ),
    );
    fc.assert(
      fc.property(symmetric, (A) => {
        const n = A.length;
        const { values, vectors } = symEig(A);
        const big = Math.max(1, ...A.flat().map(Math.abs));
        for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let r = 0;
            let o = 0;
            for (let k = 0; k < n; k++) {
              r += vectors[k][i] * values[k] * vectors[k][j];
              o += vectors[i][k] * vectors[j][k];
            }
            expect(Math.abs(r - A[i][j])).toBeLessThan(1e-11 * big);
            expect(Math.abs(o - (i === j ? 1 : 0))).toBeLessThan(1e-12);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('conditionNumber', () => {
  it('κ([[6, 1], [1, 4]]) = (5 + √2)/(5 − √2) ≈ 1.79', () => {
    const k = conditionNumber([[6, 1], [1, 4]]);
    expect(k).toBeCloseTo((5 + Math.SQRT2) / (5 - Math.SQRT2), 12);
    expect(k).toBeCloseTo(1.79, 2);
    expect(conditionNumber([[100, 0], [0, 1]])).toBeCloseTo(100, 12);
  });

  it('throws for matrices that are not positive definite', () => {
    expect(() => conditionNumber([[1, 1], [1, 1]])).toThrow(MathError);
    expect(() => conditionNumber([[-1, 0], [0, -2]])).toThrow(/positive definite/);
    expect(() => conditionNumber([[1, 2], [2, 1]])).toThrow(MathError);
  });
});

describe('definiteness', () => {
  it('classifies by the signs of the eigenvalues', () => {
    expect(definiteness([[6, 1], [1, 4]])).toBe('positive definite');
    expect(definiteness([[-2, 0], [0, -1]])).toBe('negative definite');
    expect(definiteness([[1, 2], [2, 1]])).toBe('indefinite'); // eigenvalues 3, −1
    expect(definiteness([[1, 1], [1, 1]])).toBe('positive semidefinite'); // 0, 2
    expect(definiteness([[-1, 1], [1, -1]])).toBe('negative semidefinite'); // −2, 0
    expect(definiteness([[0, 0], [0, 0]])).toBe('positive semidefinite');
    expect(definiteness([[4.2667, 0], [0, 4.2667]])).toBe('positive definite');
  });

  it('counts eigenvalues within tol·max|λ| of zero as zero, for computed entries', () => {
    // π·10^-12 has 16 significant digits: a computed value, so the tolerance applies
    const P = Math.PI;
    expect(definiteness([[P, 0], [0, P * 1e-12]])).toBe('positive semidefinite');
    expect(definiteness([[P, 0], [0, -P * 1e-12]])).toBe('positive semidefinite');
    expect(definiteness([[P, 0], [0, P * 1e-12]], 0)).toBe('positive definite');
    expect(definiteness([[P, 0], [0, -P * 1e-12]], 0)).toBe('indefinite');
    expect(definiteness([[P, 0], [0, P * 1e-6]])).toBe('positive definite');
  });

  it('decides matrices of exact decimals exactly (issue 23): diag(1, ±10^-12) is definite / indefinite', () => {
    expect(definiteness([[1, 0], [0, 1e-12]])).toBe('positive definite');
    expect(definiteness([[1, 0], [0, -1e-12]])).toBe('indefinite');
    expect(definiteness([[1, 0], [0, 1e-6]])).toBe('positive definite');
  });

  it('rejects non-symmetric matrices', () => {
    expect(() => definiteness([[1, 2], [0, 1]])).toThrow(MathError);
  });
});
