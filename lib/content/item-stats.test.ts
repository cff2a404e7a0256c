/**
 * Facility and discrimination on a fixture worked out by hand: five students, three
 * one-point questions —
 *   s1: A 1, B 1, C 1;  s2: A 1, B 1, C 0;  s3: A 1, B 0, C 0;  s4: A 0, B 0, C 1;  s5: all 0.
 * Facility: A 3/5, B 2/5, C 2/5. Discrimination (A, B or C against the sum of the other two):
 *   A: Σdx·dy = 0.6, Σdx² = 1.2, Σdy² = 2.8 → 0.6/√3.36 = 3/(2√21) ≈ 0.327327;
 *   B: Σdx·dy = 1.0, Σdx² = 1.2, Σdy² = 2   → 1/√2.4 ≈ 0.645497;
 *   C: Σdx·dy = 0 → 0.
 */
import { describe, expect, it } from 'vitest';
import { itemStatistics } from './item-stats';

const one = (earned: number) => ({ earned, points: 1 });

describe('itemStatistics', () => {
  it('matches the hand computation', () => {
    const rows = [
      { A: one(1), B: one(1), C: one(1) },
      { A: one(1), B: one(1), C: one(0) },
      { A: one(1), B: one(0), C: one(0) },
      { A: one(0), B: one(0), C: one(1) },
      { A: one(0), B: one(0), C: one(0) },
    ];
    const stats = itemStatistics(rows);
    expect(stats.map((s) => [s.item, s.n])).toEqual([['A', 5], ['B', 5], ['C', 5]]);
    expect(stats[0].facility).toBeCloseTo(0.6, 12);
    expect(stats[1].facility).toBeCloseTo(0.4, 12);
    expect(stats[2].facility).toBeCloseTo(0.4, 12);
    expect(stats[0].discrimination).toBeCloseTo(3 / (2 * Math.sqrt(21)), 12);
    expect(stats[1].discrimination).toBeCloseTo(1 / Math.sqrt(2.4), 12);
    expect(stats[2].discrimination).toBeCloseTo(0, 12);
  });

  it('counts only the students given a question (pools), in fractions of its points; no correlation without two students or variation', () => {
    // P: s1 earns 1 of 2 (rest: Q 1), s2 earns 2 of 2 (rest: R 0) → facility (0.5 + 1)/2 = 0.75; two points (1, 1), (2, 0) → r = −1.
    // Q: one student → null. S: everyone earns the same → null.
    const stats = itemStatistics([
      { P: { earned: 1, points: 2 }, Q: one(1), S: one(1) },
      { P: { earned: 2, points: 2 }, R: one(0), S: one(1) },
    ]);
    expect(stats.find((s) => s.item === 'P')!.facility).toBeCloseTo(0.75, 12);
    expect(stats.find((s) => s.item === 'P')!.discrimination).toBeCloseTo(-1, 12);
    expect(stats.find((s) => s.item === 'Q')).toEqual({ item: 'Q', n: 1, facility: 1, discrimination: null });
    expect(stats.find((s) => s.item === 'S')).toMatchObject({ n: 2, facility: 1, discrimination: null });
  });
});
