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
import { itemStatistics, parameterStatistics, poolStatistics, type DrawnResult } from './item-stats';

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

const q = (slot: number, exercise: string, earned: number, points: number, params: DrawnResult['params'] = null): DrawnResult => ({ slot, exercise, earned, points, params });

describe('poolStatistics', () => {
  it('gives each member of a pool its students and mean fraction of the points, by hand', () => {
    // Slot 0: pool [P1, P2, P3], 2 points. P1 drawn by s1 (2 of 2 → 1) and s2 (1 of 2 → 0.5): mean 0.75.
    //   P2 by s3 (0), s4 (2 → 1), s5 (1 → 0.5): mean 1.5/3 = 0.5. P3 by no one: n 0, mean null.
    // Slot 2: pool [R1, R2] pick 2, 1 point, drawn by s1 (R1 1, R2 0) and s2 (R1 0, R2 0): R1 0.5, R2 0.
    // Slot 1 is a single exercise X and is not asked for; P1 answered in another slot would not count.
    const students = [
      [q(0, 'P1', 2, 2), q(1, 'X', 1, 1), q(2, 'R1', 1, 1), q(2, 'R2', 0, 1)],
      [q(0, 'P1', 1, 2), q(1, 'X', 0, 1), q(2, 'R1', 0, 1), q(2, 'R2', 0, 1)],
      [q(0, 'P2', 0, 2), q(1, 'X', 1, 1)],
      [q(0, 'P2', 2, 2), q(1, 'X', 1, 1)],
      [q(0, 'P2', 1, 2), q(1, 'X', 0, 1), q(3, 'P1', 0, 1)],
    ];
    const stats = poolStatistics([{ slot: 0, members: ['P1', 'P2', 'P3'] }, { slot: 2, members: ['R1', 'R2'] }], students);
    expect(stats).toEqual([
      { slot: 0, members: [{ exercise: 'P1', n: 2, mean: 0.75 }, { exercise: 'P2', n: 3, mean: 0.5 }, { exercise: 'P3', n: 0, mean: null }] },
      { slot: 2, members: [{ exercise: 'R1', n: 2, mean: 0.5 }, { exercise: 'R2', n: 2, mean: 0 }] },
    ]);
  });
});

describe('parameterStatistics', () => {
  // Twelve students of exercise E (2 points), student i (1..12) with c = i and a = ((i − 1) mod 3) + 1,
  // earning 2·e_i with e = 1, 1, 0, 1, 0, 0, 0.5, 1, 1, 0, 0, 1.
  const e = [1, 1, 0, 1, 0, 0, 0.5, 1, 1, 0, 0, 1];
  const twelve = e.map((ei, k) => [q(0, 'E', 2 * ei, 2, { c: k + 1, a: (k % 3) + 1 }), q(1, 'plain', 1, 1)]);

  it('groups a parameter with few values by value, by hand', () => {
    // a = 1: students 1, 4, 7, 10 → (1 + 1 + 0.5 + 0)/4 = 0.625; a = 2: 2, 5, 8, 11 → (1 + 0 + 1 + 0)/4 = 0.5;
    // a = 3: 3, 6, 9, 12 → (0 + 0 + 1 + 1)/4 = 0.5.
    const a = parameterStatistics(twelve).find((s) => s.param === 'a')!;
    expect(a.binned).toBe(false);
    expect(a.groups.map((g) => [g.label, g.n, g.mean])).toEqual([['1', 4, 0.625], ['2', 4, 0.5], ['3', 4, 0.5]]);
  });

  it('cuts a numeric parameter with more than 10 values into quartile bins, by hand', () => {
    // c = 1..12, 12 distinct: bin floor(i·4/12) = floor(i/3) for sorted index i → {1,2,3} {4,5,6} {7,8,9} {10,11,12}.
    // Means: (1 + 1 + 0)/3 = 2/3; (1 + 0 + 0)/3 = 1/3; (0.5 + 1 + 1)/3 = 5/6; (0 + 0 + 1)/3 = 1/3.
    const stats = parameterStatistics(twelve);
    expect(stats.map((s) => [s.exercise, s.param])).toEqual([['E', 'a'], ['E', 'c']]); // no params: not listed
    const c = stats[1];
    expect(c.binned).toBe(true);
    expect(c.groups.map((g) => [g.label, g.lo, g.hi, g.n])).toEqual([['1 – 3', 1, 3, 3], ['4 – 6', 4, 6, 3], ['7 – 9', 7, 9, 3], ['10 – 12', 10, 12, 3]]);
    const means = c.groups.map((g) => g.mean);
    [2 / 3, 1 / 3, 5 / 6, 1 / 3].forEach((m, i) => expect(means[i]).toBeCloseTo(m, 12));
  });

  it('keeps equal values in one bin, groups exactly 10 values by value, and text values by value', () => {
    // t = 1, 2, 3, 3, 5, 6, …, 12 (11 distinct, 12 students): first indexes 0, 1, 2, 2, 4, 5, …, 11; bin floor(i·4/12):
    // {1,2,3,3} (first indexes 0–2), {5,6} (4·4/12 = 1.33, 5·4/12 = 1.67), {7,8,9} (2, 2.33, 2.67), {10,11,12}.
    // The first four earn 1 of 1, the rest 0.
    const t = [1, 2, 3, 3, 5, 6, 7, 8, 9, 10, 11, 12];
    const F = parameterStatistics(t.map((v, i) => [q(0, 'F', i < 4 ? 1 : 0, 1, { t: v })]))[0];
    expect(F.binned).toBe(true);
    expect(F.groups.map((g) => [g.label, g.n, g.mean])).toEqual([['1 – 3', 4, 1], ['5 – 6', 2, 0], ['7 – 9', 3, 0], ['10 – 12', 3, 0]]);
    // Ten distinct values: one group each.
    const ten = parameterStatistics([10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((v) => [q(0, 'H', v % 2, 1, { h: v })]))[0];
    expect(ten.binned).toBe(false);
    expect(ten.groups.map((g) => [g.label, g.mean])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v) => [String(v), v % 2]));
    // A list of numbers and text: by value, numbers first; 'sin' earned 1 and 0 → 0.5.
    const G = parameterStatistics([[q(0, 'G', 1, 1, { f: 'sin' })], [q(0, 'G', 0, 1, { f: 2 })], [q(0, 'G', 0, 1, { f: 'sin' })], [q(0, 'G', 1, 1, { f: 'cos' })]])[0];
    expect(G.groups.map((g) => [g.label, g.n, g.mean])).toEqual([['2', 1, 0], ['cos', 1, 1], ['sin', 2, 0.5]]);
  });
});
