import { describe, expect, it } from 'vitest';
import { solveSpec } from '../engine';
import { diagnosisOf, grade, readError, specError } from '../testing';

// f = x³ + y² around a = (1, 1): f(a) = 2, ∇f(a) = (3, 2), H(a) = [[6, 0], [0, 2]].
// x = (2, 0): d = (1, −1), ∇f·d = 1, dᵀHd = 8, m = 2 + 1 + 4 = 7 (while f(x) = 8).
const spec = { kind: 'taylor2', f: 'x^3 + y^2', vars: ['x', 'y'], a: [1, 1], x: [2, 0] };

describe('taylor2', () => {
  it('evaluates the quadratic model', () => {
    expect(solveSpec(spec).solution.answer).toBe(7);
    // on a quadratic the model is exact: f = x² + xy at a = (0, 0), x = (1, 2): 1 + 2 = 3
    expect(solveSpec({ ...spec, f: 'x^2 + x*y', a: [0, 0], x: [1, 2] }).solution.answer).toBe(3);
  });
  it('grades', () => {
    expect(grade(spec, '7').correct).toBe(true);
    expect(grade(spec, '14/2').correct).toBe(true);
    expect(grade(spec, '7.5').correct).toBe(false);
  });
  it('diagnoses a missing ½, a first-order model and f(x) itself', () => {
    expect(diagnosisOf(spec, '11')).toBe('no-half');
    expect(diagnosisOf(spec, '3')).toBe('first-order-only');
    expect(diagnosisOf(spec, '8')).toBe('function-value');
    expect(diagnosisOf(spec, '7.5')).toBeUndefined();
  });
  it('does not grade unreadable text', () => {
    expect(readError(spec, 'seven').message).toBeTruthy();
  });
  it('names bad inputs', () => {
    expect(specError({ ...spec, a: [1] }).field).toBe('a');
    expect(specError({ ...spec, x: [1, 2, 3] }).field).toBe('x');
    expect(specError({ ...spec, f: 'x^3 + t' }).field).toBe('f');
  });
});
