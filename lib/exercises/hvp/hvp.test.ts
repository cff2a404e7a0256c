import { describe, expect, it } from 'vitest';
import { solveSpec } from '../engine';
import { diagnosisOf, grade, readError, specError } from '../testing';

// Curriculum: f = ½xᵀAx + bᵀx with A = [[5, 1], [1, 3]], b = (−4, 2); v = (0.6, −1): Hv = Av = (2, −2.4).
const quad = { kind: 'hvp', f: '2.5*x^2 + x*y + 1.5*y^2 - 4*x + 2*y', vars: ['x', 'y'], at: [1, 1], v: [0.6, -1] };
// f = x³ + y³ + 2xy at (1, 2): H = [[6, 2], [2, 12]]; v = (0, 1): Hv = (2, 12).
const cubic = { kind: 'hvp', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2], v: [0, 1] };

describe('hvp', () => {
  it('computes H(at)·v', () => {
    const a = solveSpec(quad).solution.answer as number[];
    expect(a[0]).toBeCloseTo(2, 12);
    expect(a[1]).toBeCloseTo(-2.4, 12);
    expect(solveSpec(cubic).solution.answer).toEqual([2, 12]);
  });
  it('grades per entry', () => {
    expect(grade(quad, '[2, -2.4]').correct).toBe(true);
    expect(grade(quad, '(2, -12/5)').correct).toBe(true);
    expect(grade(quad, '[2, 2.4]')).toMatchObject({ correct: false, score: 0.5, feedback: ['Entry 2 is not right.'] });
  });
  it('diagnoses the gradient times v and the Hessian taken at v', () => {
    // ∇f(1, 1) = (5 + 1 − 4, 1 + 3 + 2) = (2, 6); entry by entry with v: (1.2, −6)
    expect(diagnosisOf(quad, '[1.2, -6]')).toBe('gradient-times-v');
    // H(0, 1) = [[0, 2], [2, 6]]; times (0, 1): (2, 6)
    expect(diagnosisOf(cubic, '[2, 6]')).toBe('hessian-at-v');
    // ∇f(1, 2) = (7, 14); entry by entry with (0, 1): (0, 14)
    expect(diagnosisOf(cubic, '[0, 14]')).toBe('gradient-times-v');
  });
  it('does not grade unreadable text', () => {
    expect(readError(quad, '[2, -2.4, 1]').message).toBeTruthy();
  });
  it('names bad inputs', () => {
    expect(specError({ ...quad, v: [1] }).field).toBe('v');
    expect(specError({ ...quad, at: [1, 1, 1] }).field).toBe('at');
  });
});
