import { describe, expect, it } from 'vitest';
import { solveSpec } from '../engine';
import { diagnosisOf, grade, readError, specError } from '../testing';

// f = x³ + y³ + 2xy at (1, 2): f_xx = 6, f_yy = 12, f_xy = 2, D = 72 − 4 = 68.
const spec = { kind: 'second-derivative-test', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], at: [1, 2] };

describe('second-derivative-test', () => {
  it('computes D = f_xx f_yy − f_xy²', () => {
    expect(solveSpec(spec).solution.answer).toBe(68);
    // f = x² − y² at any point: D = 2·(−2) − 0 = −4
    expect(solveSpec({ ...spec, f: 'x^2 - y^2', at: [3, 4] }).solution.answer).toBe(-4);
  });
  it('grades', () => {
    expect(grade(spec, '68').correct).toBe(true);
    expect(grade(spec, '6*12 - 2^2').correct).toBe(true);
    expect(grade(spec, '67')).toMatchObject({ correct: false, score: 0 });
  });
  it('diagnoses a plus sign and a missing square', () => {
    expect(diagnosisOf(spec, '76')).toBe('plus-square');
    expect(diagnosisOf(spec, '70')).toBe('forgot-square');
    expect(diagnosisOf(spec, '67')).toBeUndefined();
  });
  it('does not grade unreadable text', () => {
    expect(readError(spec, '6 8 ,').message).toBeTruthy();
  });
  it('needs exactly two variables', () => {
    expect(specError({ ...spec, f: 'x*y*z', vars: ['x', 'y', 'z'], at: [1, 1, 1] }).field).toBe('vars');
    expect(specError({ ...spec, at: [1] }).field).toBe('at');
  });
});
