import { describe, expect, it } from 'vitest';
import { MathError } from './errors';
import {
  add, det, dot, identity, isSquare, isSymmetric, matAdd, matMul, matScale, matVec, norm2, outer, scale, solve, sub, transpose,
} from './linalg';

describe('vector operations', () => {
  it('dot, norm2, add, sub, scale on hand-computed examples', () => {
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(norm2([3, 4])).toBe(5);
    expect(norm2([0, 0])).toBe(0);
    expect(norm2([1e200, 1e200])).toBeCloseTo(1e200 * Math.SQRT2, -185); // no overflow to Infinity
    expect(add([1, 2], [3, -5])).toEqual([4, -3]);
    expect(sub([1, 2], [3, -5])).toEqual([-2, 7]);
    expect(scale([1, -2], 3)).toEqual([3, -6]);
  });

  it('rejects vectors of different lengths', () => {
    expect(() => dot([1, 2], [1])).toThrow(MathError);
    expect(() => add([1], [1, 2])).toThrow(MathError);
  });
});

describe('matrix operations', () => {
  it('matVec, matMul, transpose, outer, identity, matAdd, matScale', () => {
    expect(matVec([[1, 2], [3, 4]], [1, -1])).toEqual([-1, -1]);
    expect(matMul([[1, 2], [3, 4]], [[5, 6], [7, 8]])).toEqual([[19, 22], [43, 50]]);
    expect(matMul([[1, 2, 3]], [[1], [0], [2]])).toEqual([[7]]);
    expect(transpose([[1, 2, 3], [4, 5, 6]])).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(outer([1, 2], [3, 4, 5])).toEqual([[3, 4, 5], [6, 8, 10]]);
    expect(identity(2)).toEqual([[1, 0], [0, 1]]);
    expect(matAdd([[1, 2], [3, 4]], [[1, 1], [1, 1]])).toEqual([[2, 3], [4, 5]]);
    expect(matScale([[1, -2]], 2)).toEqual([[2, -4]]);
  });

  it('rejects shapes that do not fit', () => {
    expect(() => matVec([[1, 2]], [1, 2, 3])).toThrow(MathError);
    expect(() => matMul([[1, 2]], [[1, 2]])).toThrow(MathError);
    expect(() => matAdd([[1, 2]], [[1], [2]])).toThrow(MathError);
    expect(() => matVec([[1, 2], [3]], [1, 2])).toThrow(/rows/);
  });

  it('isSquare and isSymmetric (relative tolerance)', () => {
    expect(isSquare([[1, 2], [3, 4]])).toBe(true);
    expect(isSquare([[1, 2, 3], [4, 5, 6]])).toBe(false);
    expect(isSquare([])).toBe(false);
    expect(isSymmetric([[6, 2], [2, 12]])).toBe(true);
    expect(isSymmetric([[6, 2], [2.1, 12]])).toBe(false);
    expect(isSymmetric([[1e6, 1e-4], [0, 1e6]])).toBe(true); // 1e-4 ≤ 1e-9·1e6
    expect(isSymmetric([[1, 1e-4], [0, 1]])).toBe(false);
    expect(isSymmetric([[1, 2, 3], [2, 1, 0]])).toBe(false);
    expect(isSymmetric([[0, 0], [0, 0]])).toBe(true);
  });
});

describe('solve and det', () => {
  it('solves a 2×2 system (Cramer by hand: x = 4/5, y = 7/5)', () => {
    const x = solve([[2, 1], [1, 3]], [3, 5]);
    expect(x[0]).toBeCloseTo(0.8, 14);
    expect(x[1]).toBeCloseTo(1.4, 14);
  });

  it('pivots when the leading entry is zero', () => {
    expect(solve([[0, 1], [1, 0]], [2, 3])).toEqual([3, 2]);
  });

  it('solves a 3×3 system with a known solution (1, −2, 3)', () => {
    const A = [[2, 0, 1], [1, 3, 2], [1, 1, 2]];
    const x = solve(A, [5, 1, 5]); // A·(1, −2, 3) = (5, 1, 5)
    [1, -2, 3].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 12));
  });

  it('throws "matrix is singular" for exactly and numerically singular systems', () => {
    expect(() => solve([[1, 2], [2, 4]], [1, 1])).toThrow(MathError);
    expect(() => solve([[1, 2], [2, 4]], [1, 1])).toThrow('matrix is singular');
    expect(() => solve([[1, 2], [2, 4 + 1e-15]], [1, 1])).toThrow('matrix is singular');
    expect(() => solve([[0, 0], [0, 0]], [0, 0])).toThrow('matrix is singular');
    // tiny but well-conditioned matrices are not singular: the test is relative
    const x = solve([[1e-20, 0], [0, 2e-20]], [1e-20, 1e-20]);
    expect(x[0]).toBeCloseTo(1, 12);
    expect(x[1]).toBeCloseTo(0.5, 12);
  });

  it('rejects non-square matrices, wrong right-hand sides and non-finite entries', () => {
    expect(() => solve([[1, 2, 3], [4, 5, 6]], [1, 2])).toThrow(MathError);
    expect(() => solve([[1, 0], [0, 1]], [1, 2, 3])).toThrow(MathError);
    expect(() => solve([[1, NaN], [0, 1]], [1, 2])).toThrow(MathError);
  });

  it('det on hand-computed examples', () => {
    expect(det([[1, 2], [3, 4]])).toBeCloseTo(-2, 14);
    expect(det([[0, 1], [1, 0]])).toBe(-1);
    expect(det([[2, 0, 1], [1, 3, 2], [1, 1, 2]])).toBeCloseTo(6, 13);
    expect(det([[1, 2], [2, 4]])).toBe(0);
    expect(det([[1e-13, 0], [0, 1]])).toBeCloseTo(1e-13, 25);
  });
});
