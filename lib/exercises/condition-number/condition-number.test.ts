import { describe, expect, it } from 'vitest';
import { solveSpec } from '../engine';
import { diagnosisOf, grade, readError, specError } from '../testing';

// [[6, 1], [1, 4]]: κ = (5 + √2)/(5 − √2) = (27 + 10√2)/23 ≈ 1.78879 (curriculum: ≈ 1.79).
const spec = { kind: 'condition-number', matrix: [[6, 1], [1, 4]] };
const kappa = (27 + 10 * Math.SQRT2) / 23;

describe('condition-number', () => {
  it('is λmax / λmin', () => {
    expect(solveSpec(spec).solution.answer).toBeCloseTo(kappa, 10);
    expect(solveSpec({ kind: 'condition-number', matrix: [[1, 0], [0, 100]] }).solution.answer).toBeCloseTo(100, 10);
  });
  it('grades', () => {
    for (const text of ['1.7888', '(5 + sqrt(2))/(5 - sqrt(2))', '1.789']) expect(grade(spec, text).correct).toBe(true);
    expect(grade(spec, '1.79').correct).toBe(true); // within rtol 1e-3 of 1.78879
    expect(grade(spec, '1.8').correct).toBe(false);
  });
  it('honours a per-exercise tolerance', () => {
    expect(grade({ ...spec, rtol: 1e-6 }, '1.789').correct).toBe(false);
    expect(grade({ ...spec, rtol: 0.1 }, '1.9').correct).toBe(true);
  });
  it('diagnoses an inverted ratio and a ratio of diagonal entries', () => {
    expect(diagnosisOf(spec, '(5 - sqrt(2))/(5 + sqrt(2))')).toBe('inverted');
    expect(diagnosisOf(spec, '0.55904')).toBe('inverted');
    expect(diagnosisOf(spec, '1.5')).toBe('diagonal-ratio');
    expect(diagnosisOf(spec, '2')).toBeUndefined();
  });
  it('does not grade unreadable text', () => {
    expect(readError(spec, '1.7.8').message).toBeTruthy();
  });
  it('requires a symmetric positive definite matrix', () => {
    const e = specError({ kind: 'condition-number', matrix: [[1, 2], [2, 1]] }); // eigenvalues −1, 3
    expect(e.field).toBe('matrix');
    expect(e.message).toContain('positive definite');
    expect(specError({ kind: 'condition-number', matrix: [[1, 1], [1, 1]] }).field).toBe('matrix'); // singular
    expect(specError({ kind: 'condition-number', matrix: [[2, 1], [0, 2]] }).message).toContain('symmetric');
    expect(specError({ kind: 'condition-number', matrix: [[1, 1], [1, 1]] }).message).toContain('singular');
  });
  it('accepts an SPD matrix with κ = 10^12 (grader 2, issue 23)', () => {
    // Q·diag(1, 10^-12)·Qᵀ with Q = [[3/5, −4/5], [4/5, 3/5]]: eigenvalues 1 and 10^-12 exactly.
    const ill = { kind: 'condition-number', matrix: [[0.36000000000064, 0.47999999999952], [0.47999999999952, 0.64000000000036]] };
    const k = solveSpec(ill).solution.answer as number;
    expect(Math.abs(k - 1e12) / 1e12).toBeLessThan(1e-9);
    expect(grade(ill, '1e12').correct).toBe(true);
    expect(grade(ill, '1.01e12').correct).toBe(false);
  });
});
