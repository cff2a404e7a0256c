import { describe, expect, it } from 'vitest';
import { solveSpec } from '../engine';
import { diagnosisOf, grade, readError, specError } from '../testing';

const c = (f: string, at: number[], vars = ['x', 'y']) => ({ kind: 'classify-critical-point', f, vars, at });
// f = x³ + y³ − 3xy: ∇f = (3x² − 3y, 3y² − 3x), H = [[6x, −3], [−3, 6y]].
const min = c('x^3 + y^3 - 3*x*y', [1, 1]); // D = 36 − 9 > 0, f_xx = 6 > 0
const saddle0 = c('x^3 + y^3 - 3*x*y', [0, 0]); // D = −9 < 0, f_xx = 0
const max = c('-x^2 - y^2', [0, 0]);
const saddle = c('x^2 - y^2', [0, 0]); // f_xx = 2 > 0
const flat = c('x^4 + y^4', [0, 0]); // H = 0
const notCritical = c('x^2 + y^2', [1, 0]); // ∇f = (2, 0)

describe('classify-critical-point', () => {
  it('classifies against hand-worked cases', () => {
    expect(solveSpec(min).solution.answer).toBe('minimum');
    expect(solveSpec(saddle0).solution.answer).toBe('saddle');
    expect(solveSpec(max).solution.answer).toBe('maximum');
    expect(solveSpec(saddle).solution.answer).toBe('saddle');
    expect(solveSpec(flat).solution.answer).toBe('inconclusive');
    expect(solveSpec(notCritical).solution.answer).toBe('not critical');
    expect(solveSpec(c('x^2 + y^2 + z^2', [0, 0, 0], ['x', 'y', 'z'])).solution.answer).toBe('minimum');
  });
  it('accepts synonyms', () => {
    for (const text of ['minimum', 'min', 'Local Minimum', 'local min']) expect(grade(min, text).correct).toBe(true);
    for (const text of ['max', 'local maximum']) expect(grade(max, text).correct).toBe(true);
    for (const text of ['saddle', 'saddle point']) expect(grade(saddle, text).correct).toBe(true);
    expect(grade(notCritical, 'not a critical point').correct).toBe(true);
    expect(grade(flat, 'inconclusive').correct).toBe(true);
  });
  it('marks wrong labels wrong', () => {
    expect(grade(min, 'saddle')).toMatchObject({ correct: false, score: 0 });
    expect(grade(flat, 'minimum').correct).toBe(false);
  });
  it('diagnoses the encoded mistakes', () => {
    expect(diagnosisOf(max, 'minimum')).toBe('fxx-sign-ignored');
    expect(diagnosisOf(max, 'saddle')).toBe('d-sign-flipped');
    expect(diagnosisOf(min, 'saddle')).toBe('d-sign-flipped');
    expect(diagnosisOf(saddle, 'min')).toBe('d-sign-flipped');
    expect(diagnosisOf(saddle0, 'min')).toBeUndefined(); // f_xx = 0: no sign to misread
    expect(diagnosisOf(notCritical, 'minimum')).toBe('gradient-not-checked');
    expect(diagnosisOf(min, 'maximum')).toBeUndefined();
  });
  it('does not grade an unknown label', () => {
    expect(readError(min, 'a bowl').message).toBeTruthy();
  });
  it('names bad inputs', () => {
    expect(specError(c('x^2 + q', [0, 0])).field).toBe('f');
    expect(specError(c('x^2 + y^2', [0])).field).toBe('at');
  });
});
