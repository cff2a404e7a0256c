import { describe, expect, it } from 'vitest';
import { solveSpec } from '../engine';
import { diagnosisOf, grade, readError, specError } from '../testing';

// f = x² + 3y²: ∇f(1, 1) = (2, 6); u = (3, 4), û = (0.6, 0.8); D = 1.2 + 4.8 = 6.
const spec = { kind: 'directional-derivative', f: 'x^2 + 3*y^2', vars: ['x', 'y'], at: [1, 1], u: [3, 4] };

describe('directional-derivative', () => {
  it('normalises u first', () => {
    expect(solveSpec(spec).solution.answer).toBeCloseTo(6, 12);
    expect(solveSpec({ ...spec, u: [0.6, 0.8] }).solution.answer).toBeCloseTo(6, 12);
    // along (1, 0): ∂f/∂x = 2
    expect(solveSpec({ ...spec, u: [5, 0] }).solution.answer).toBeCloseTo(2, 12);
  });
  it('grades numbers in any accepted form', () => {
    for (const text of ['6', '6.0', '12/2', '6.005', '2*3']) expect(grade(spec, text).correct).toBe(true);
    expect(grade(spec, '6.1')).toMatchObject({ correct: false, score: 0, feedback: ['Not right.'] });
    expect(grade(spec, '-6').correct).toBe(false);
  });
  it('diagnoses an un-normalised u and the gradient norm', () => {
    expect(diagnosisOf(spec, '30')).toBe('u-not-normalised'); // 2·3 + 6·4
    expect(diagnosisOf(spec, 'sqrt(40)')).toBe('gradient-norm'); // ‖(2, 6)‖
    expect(diagnosisOf(spec, '6.1')).toBeUndefined();
  });
  it('does not grade unreadable text', () => {
    expect(readError(spec, '6 +').message).toBeTruthy();
    expect(readError(spec, '[6, 1]').message).toBeTruthy();
  });
  it('rejects a zero or mis-sized direction and a bad point', () => {
    expect(specError({ ...spec, u: [0, 0] }).field).toBe('u');
    expect(specError({ ...spec, u: [1, 2, 3] }).field).toBe('u');
    expect(specError({ ...spec, at: [1] }).field).toBe('at');
    expect(specError({ ...spec, u: undefined }).field).toBe('u');
  });
});
