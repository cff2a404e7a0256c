import { describe, expect, it } from 'vitest';
import { solveSpec } from '../engine';
import { diagnosisOf, grade, readError, specError } from '../testing';

// f = x²y + y³: ∇f = (2xy, x² + 3y²); at (1, 2): (4, 13).
const at = { kind: 'gradient', f: 'x^2*y + y^3', vars: ['x', 'y'], at: [1, 2] };
const symbolic = { kind: 'gradient', f: 'x^2*y + y^3', vars: ['x', 'y'] };

describe('gradient at a point', () => {
  it('solves against hand-computed numbers', () => {
    const s = solveSpec(at);
    expect(s.shape).toBe('vector');
    expect(s.solution.answer).toEqual([4, 13]);
    expect(s.solution.steps.length).toBeGreaterThanOrEqual(2);
    expect(s.solution.steps.length).toBeLessThanOrEqual(5);
    expect(solveSpec({ kind: 'gradient', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2] }).solution.answer).toEqual([7, 14]);
  });
  it('accepts every vector form', () => {
    for (const text of ['[4, 13]', '(4, 13)', '4, 13', '[8/2, 13]', '[4.001, 13]']) {
      expect(grade(at, text)).toMatchObject({ correct: true, score: 1 });
    }
  });
  it('gives partial credit per entry and names the wrong one', () => {
    const g = grade(at, '[4, 12]');
    expect(g).toMatchObject({ correct: false, score: 0.5 });
    expect(g.entries).toEqual([
      { index: [0], correct: true },
      { index: [1], correct: false },
    ]);
    expect(g.feedback).toEqual(['Entry 2 is not right.']);
    expect(grade(at, '[1, 1]')).toMatchObject({ correct: false, score: 0 });
  });
  it('diagnoses a swapped point and reversed partials', () => {
    // at (2, 1): (2·2·1, 4 + 3) = (4, 7)
    expect(diagnosisOf(at, '[4, 7]')).toBe('point-swapped');
    expect(diagnosisOf(at, '[13, 4]')).toBe('partials-reversed');
    expect(diagnosisOf(at, '[4, 12]')).toBeUndefined();
  });
  it('does not grade unreadable text', () => {
    expect(readError(at, '[4, 13').message).toBeTruthy();
    expect(readError(at, '[4]').message).toBeTruthy();
    expect(readError(at, 'four').message).toBeTruthy();
  });
});

describe('symbolic gradient', () => {
  it('solves to expressions', () => {
    const s = solveSpec(symbolic);
    expect(s.shape).toBe('expression-vector');
    expect(s.solution.answer).toHaveLength(2);
  });
  it('accepts equivalent expressions, not look-alikes', () => {
    expect(grade(symbolic, '[2xy, x^2 + 3y^2]').correct).toBe(true);
    expect(grade(symbolic, '(2*x*y, 3*y^2 + x^2)').correct).toBe(true);
    expect(grade(symbolic, '[y*x*2, y^2*3 + x*x]').correct).toBe(true);
    const g = grade(symbolic, '[2xy, x^2 + y^2]');
    expect(g).toMatchObject({ correct: false, score: 0.5 });
    expect(g.feedback).toEqual(['Entry 2 is not right.']);
  });
  it('diagnoses reversed partials', () => {
    expect(diagnosisOf(symbolic, '[x^2 + 3y^2, 2xy]')).toBe('partials-reversed');
  });
  it('decides exactly where sampling cannot (grader 2, issue 23)', () => {
    // f = 12345678901x² + 10^-12·y: ∇f = (24691357802x, 10^-12), by hand.
    const big = { kind: 'gradient', f: '12345678901*x^2 + 1e-12*y', vars: ['x', 'y'] };
    expect(grade(big, '[24691357802x, 1e-12]').correct).toBe(true);
    expect(grade(big, '[2*12345678901x, 10^-12]').correct).toBe(true);
    // Off by 1 in a constant against 2.5·10^10·x (relative 4·10^-11), and 0 for 10^-12: both wrong.
    expect(grade(big, '[24691357802x + 1, 1e-12]')).toMatchObject({ correct: false, score: 0.5 });
    expect(grade(big, '[24691357802x, 0]')).toMatchObject({ correct: false, score: 0.5 });
  });
});

describe('gradient spec errors', () => {
  it('names the input at fault', () => {
    expect(specError({ ...at, f: 'x^2 + z' }).field).toBe('f');
    expect(specError({ ...at, at: [1] }).field).toBe('at');
    expect(specError({ ...at, vars: ['x', 'x'] }).field).toBe('vars');
    expect(specError({ kind: 'gradient', vars: ['x'] }).field).toBe('f');
    expect(specError({ ...at, at: [1, 'a'] }).field).toBe('at.1');
    expect(specError({ ...at, f: 'log(x)', at: [0, 2] }).field).toBe('at'); // ∂f/∂x = 1/x is infinite at x = 0
  });
});
