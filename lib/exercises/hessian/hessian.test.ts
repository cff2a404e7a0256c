import { describe, expect, it } from 'vitest';
import { solveSpec } from '../engine';
import { diagnosisOf, grade, readError, specError } from '../testing';

// Curriculum: f = x³ + y³ + 2xy has H = [[6x, 2], [2, 6y]]; at (1, 2), [[6, 2], [2, 12]].
const at = { kind: 'hessian', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2] };
const symbolic = { kind: 'hessian', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'] };

describe('Hessian at a point', () => {
  it('matches the curriculum', () => {
    const s = solveSpec(at);
    expect(s.shape).toBe('matrix');
    expect(s.solution.answer).toEqual([[6, 2], [2, 12]]);
    expect(solveSpec({ kind: 'hessian', f: '3*x^2 + x*y + 2*y^2', vars: ['x', 'y'], at: [5, -7] }).solution.answer).toEqual([[6, 1], [1, 4]]);
  });
  it('shows the symbolic Hessian, the substitution and the matrix', () => {
    const steps = solveSpec(at).solution.steps;
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeLessThanOrEqual(5);
    expect(steps.at(-1)!.latex).toContain('\\begin{bmatrix}6&2\\\\2&12\\end{bmatrix}');
    expect(solveSpec(at).solution.latex).toBe('\\begin{bmatrix}6&2\\\\2&12\\end{bmatrix}');
  });
  it('accepts both matrix forms and answers within tolerance', () => {
    for (const text of ['[[6, 2], [2, 12]]', '[6, 2; 2, 12]', '[[6.001, 2], [2, 12]]', '[[12/2, 2], [2, 2*6]]']) {
      expect(grade(at, text)).toMatchObject({ correct: true, score: 1 });
    }
  });
  it('gives credit per entry', () => {
    const g = grade(at, '[[6, 2], [2, 11]]');
    expect(g).toMatchObject({ correct: false, score: 0.75 });
    expect(g.feedback).toEqual(['Entry (2, 2) is not right.']);
    expect(g.entries!.filter((e) => !e.correct)).toEqual([{ index: [1, 1], correct: false }]);
    expect(grade(at, '[[6.1, 2], [2, 12]]').correct).toBe(false);
    const two = grade(at, '[[6, 3], [2, 10]]');
    expect(two.score).toBe(0.5);
    expect(two.feedback).toEqual(['Entry (1, 2) is not right.', 'Entry (2, 2) is not right.']);
  });
  it('diagnoses the encoded mistakes', () => {
    expect(diagnosisOf(at, '[[3, 2], [2, 6]]')).toBe('diagonal-halved');
    expect(diagnosisOf(at, '[[6, 0], [0, 12]]')).toBe('mixed-partials-zero');
    // at (2, 1): [[12, 2], [2, 6]]
    expect(diagnosisOf(at, '[[12, 2], [2, 6]]')).toBe('point-swapped');
    expect(diagnosisOf(at, '[[6, 2], [2, 11]]')).toBeUndefined();
  });
  it('does not grade unreadable or mis-sized text', () => {
    expect(readError(at, '[[6, 2], [2, 12]').message).toBeTruthy();
    expect(readError(at, '[6, 2, 2, 12]').message).toBeTruthy();
    expect(readError(at, '[[6, 2, 0], [2, 12, 0]]').message).toBeTruthy();
  });
});

describe('symbolic Hessian', () => {
  it('is a matrix of expressions', () => {
    expect(solveSpec(symbolic).shape).toBe('expression-matrix');
  });
  it('accepts equal expressions in any form', () => {
    expect(grade(symbolic, '[[6x, 2], [2, 6y]]').correct).toBe(true);
    expect(grade(symbolic, '[6*x, 2; 2, 3*y + 3*y]').correct).toBe(true);
    const g = grade(symbolic, '[[6x, 2], [2, 6x]]');
    expect(g).toMatchObject({ correct: false, score: 0.75 });
    expect(g.feedback).toEqual(['Entry (2, 2) is not right.']);
  });
  it('diagnoses halved diagonals and dropped mixed partials', () => {
    expect(diagnosisOf(symbolic, '[[3x, 2], [2, 3y]]')).toBe('diagonal-halved');
    expect(diagnosisOf(symbolic, '[[6x, 0], [0, 6y]]')).toBe('mixed-partials-zero');
  });
});

describe('Hessian spec errors', () => {
  it('names the input at fault', () => {
    expect(specError({ ...at, f: 'x^3 + w' }).field).toBe('f');
    expect(specError({ ...at, f: '' }).field).toBe('f');
    expect(specError({ ...at, at: [1, 2, 3] }).field).toBe('at');
    expect(specError({ ...at, vars: [] }).field).toBe('vars');
    expect(specError({ ...at, rtol: -1 }).field).toBe('rtol');
  });
});
