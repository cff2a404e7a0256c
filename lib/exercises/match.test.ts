import { describe, expect, it } from 'vitest';
import { matchMultiset, matchOrdered, matchRowSet, matchUpToScale } from './match';

const close = (p: number, t: number) => Math.abs(p - t) <= 1e-3 * Math.abs(t) + 1e-9;

describe('matching a student answer with the reference', () => {
  it('ordered: entry i against entry i only', () => {
    expect(matchOrdered([1, 2, 3], [1, 2, 3], close)).toEqual([true, true, true]);
    expect(matchOrdered([3, 2, 1], [1, 2, 3], close)).toEqual([false, true, false]);
  });

  it('multiset: any order, each reference entry used once', () => {
    expect(matchMultiset([3, 1, 2], [1, 2, 3], close)).toEqual([true, true, true]);
    // 2 is there once in the reference: only one of the student's two 2s is paired.
    expect(matchMultiset([2, 2, 1], [1, 2, 3], close)).toEqual([true, false, true]);
    expect(matchMultiset([4, 5, 6], [1, 2, 3], close)).toEqual([false, false, false]);
    // Pairing the first student entry with its first fit (1.02 ~ 1.01) would leave 1.00 without
    // a partner; the largest pairing is 1.02 ~ 1.03 and 1.00 ~ 1.01 (all within 0.015).
    const wide = (p: number, t: number) => Math.abs(p - t) <= 0.015;
    expect(matchMultiset([1.02, 1.0], [1.01, 1.03], wide)).toEqual([true, true]);
  });

  it('row-set: rows as an unordered set of points; a row is right only as a whole', () => {
    const target = [[1, 0], [0, -1]];
    expect(matchRowSet([[0, -1], [1, 0]], target, close)).toEqual([true, true, true, true]);
    expect(matchRowSet([[0, 1], [1, 0]], target, close)).toEqual([false, false, true, true]);
    expect(matchRowSet([[1, 0], [1, 0]], target, close)).toEqual([true, true, false, false]);
  });

  it('up to scale: any non-zero multiple of the reference, never the zero vector', () => {
    // The eigenvector of [[2, 1], [1, 2]] for λ = 3 is (1, 1): (−2, −2) and (0.5, 0.5) are right.
    expect(matchUpToScale([-2, -2], [1, 1], close)).toEqual([true, true]);
    expect(matchUpToScale([0.5, 0.5], [1, 1], close)).toEqual([true, true]);
    expect(matchUpToScale([1, -1], [1, 1], close)).toEqual([true, false]);
    expect(matchUpToScale([0, 0], [1, 1], close)).toEqual([false, false]);
    // (3, 0, −6) = 3·(1, 0, −2): the zero entry must stay zero.
    expect(matchUpToScale([3, 0, -6], [1, 0, -2], close)).toEqual([true, true, true]);
    expect(matchUpToScale([3, 1, -6], [1, 0, -2], close)).toEqual([true, false, true]);
  });
});
