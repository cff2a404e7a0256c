import { describe, expect, it } from 'vitest';
import { solveSpec } from '../engine';
import { diagnosisOf, grade, readError, specError } from '../testing';

// f = x⁴ + xy at (1, 0), h = 0.5 (4h² = 1), by hand from the contract formula:
// H11 = f(2, 0) − 2 f(1, 0) + f(0, 0) = 16 − 2 + 0 = 14 (exact: 12)
// H12 = f(1.5, .5) − f(1.5, −.5) − f(.5, .5) + f(.5, −.5) = 0.75 + 0.75 − 0.25 − 0.25 = 1
// H22 = f(1, 1) − 2 f(1, 0) + f(1, −1) = 2 − 2 + 0 = 0
const spec = { kind: 'numerical-hessian', f: 'x^4 + x*y', vars: ['x', 'y'], at: [1, 0], h: 0.5 };

describe('numerical-hessian', () => {
  it('follows the contract formula', () => {
    const H = solveSpec(spec).solution.answer as number[][];
    const expected = [[14, 1], [1, 0]];
    H.forEach((row, i) => row.forEach((x, j) => expect(x).toBeCloseTo(expected[i][j], 10)));
  });
  it('agrees with the exact Hessian of a quadratic for a small h (curriculum)', () => {
    const H = solveSpec({ kind: 'numerical-hessian', f: '3*x^2 + x*y + 2*y^2', vars: ['x', 'y'], at: [0.3, -1.2], h: 1e-4 }).solution.answer as number[][];
    const exact = [[6, 1], [1, 4]];
    H.forEach((row, i) => row.forEach((x, j) => expect(Math.abs(x - exact[i][j])).toBeLessThan(1e-6)));
  });
  it('grades the finite-difference values, not the exact Hessian', () => {
    expect(grade(spec, '[[14, 1], [1, 0]]').correct).toBe(true);
    const exact = grade(spec, '[[12, 1], [1, 0]]');
    expect(exact).toMatchObject({ correct: false, score: 0.75, feedback: ['Entry (1, 1) is not right.'] });
  });
  it('diagnoses the wrong denominators', () => {
    expect(diagnosisOf(spec, '[[28, 2], [2, 0]]')).toBe('divided-by-2h2');
    expect(diagnosisOf(spec, '[[56, 4], [4, 0]]')).toBe('divided-by-h2');
  });
  it('does not grade unreadable text', () => {
    expect(readError(spec, '[[14, 1], [1]]').message).toBeTruthy();
  });
  it('requires a positive step and a matching point', () => {
    expect(specError({ ...spec, h: 0 }).field).toBe('h');
    expect(specError({ ...spec, h: -1 }).field).toBe('h');
    expect(specError({ ...spec, at: [1] }).field).toBe('at');
  });
});
