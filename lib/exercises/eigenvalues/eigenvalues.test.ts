import { describe, expect, it } from 'vitest';
import { answerForm, solveSpec } from '../engine';
import { diagnosisOf, grade, readError, specError } from '../testing';

// Curriculum: [[6, 1], [1, 4]] has eigenvalues 5 ± √2 ≈ 3.586, 6.414.
const spec = { kind: 'eigenvalues', matrix: [[6, 1], [1, 4]] };

describe('eigenvalues', () => {
  it('solves in ascending order', () => {
    const [a, b] = solveSpec(spec).solution.answer as number[];
    expect(a).toBeCloseTo(5 - Math.SQRT2, 10);
    expect(b).toBeCloseTo(5 + Math.SQRT2, 10);
    const three = solveSpec({ kind: 'eigenvalues', matrix: [[3, 0, 0], [0, 1, 0], [0, 0, 2]] }).solution.answer as number[];
    expect(three.map((x) => Math.round(x * 1e9) / 1e9)).toEqual([1, 2, 3]);
  });
  it('accepts exact and rounded forms', () => {
    for (const text of ['[5 - sqrt(2), 5 + sqrt(2)]', '3.586, 6.414', '(3.5858, 6.4142)']) {
      expect(grade(spec, text).correct).toBe(true);
    }
  });
  it('accepts the eigenvalues rounded to the 3 significant figures the card asks for (grader 3, issue 18, item 10)', () => {
    // 5 − √2 = 3.58579 rounds to 3.59 (0.12 % off, more than rtol 1e-3); 5 + √2 = 6.41421 to 6.41.
    expect(grade(spec, '[3.59, 6.41]')).toMatchObject({ correct: true, score: 1 });
    expect(grade(spec, '6.41, 3.59')).toMatchObject({ correct: true, score: 1 });
    // 3.58 is not the rounding (0.0058 away) and 0.16 % off: wrong.
    expect(grade(spec, '[3.58, 6.41]')).toMatchObject({ correct: false, score: 0.5 });
    expect(answerForm(solveSpec(spec)).accuracy).toBe('Give numbers to 3 significant figures (or within 0.1 %).');
    expect(answerForm(solveSpec({ ...spec, rtol: 1e-6 })).accuracy).toBe('Give numbers to 6 significant figures (or within 0.0001 %).');
    expect(answerForm(solveSpec({ kind: 'definiteness', matrix: [[6, 1], [1, 4]] })).accuracy).toBeUndefined();
  });
  it('gives per-entry credit', () => {
    const g = grade(spec, '[3.586, 7]');
    expect(g).toMatchObject({ correct: false, score: 0.5, feedback: ['Entry 2 is not right.'] });
  });
  it('accepts the eigenvalues in any order, each once (issue 18, item 11)', () => {
    expect(grade(spec, '[5 + sqrt(2), 5 - sqrt(2)]')).toMatchObject({ correct: true, score: 1 });
    expect(grade(spec, '6.414, 3.586')).toMatchObject({ correct: true, score: 1 });
    const diag = { kind: 'eigenvalues', matrix: [[3, 0, 0], [0, 1, 0], [0, 0, 2]] };
    expect(grade(diag, '[3, 1, 2]').correct).toBe(true);
    // One eigenvalue typed twice is paired once: 2 of 3 entries right.
    const twice = grade(diag, '[3, 3, 1]');
    expect(twice).toMatchObject({ correct: false, score: 2 / 3, entries: [{ index: [0], correct: true }, { index: [1], correct: false }, { index: [2], correct: true }] });
    expect(grade(spec, '[5 + sqrt(2), 5 + sqrt(2)]')).toMatchObject({ correct: false, score: 0.5 });
  });
  it('diagnoses the diagonal entries, in any order', () => {
    expect(diagnosisOf(spec, '[4, 6]')).toBe('diagonal-entries');
    expect(diagnosisOf(spec, '[6, 4]')).toBe('diagonal-entries');
    const diag = { kind: 'eigenvalues', matrix: [[3, 0, 0], [0, 1, 0], [0, 0, 2]] };
    expect(grade(diag, '[1, 2, 3]').correct).toBe(true); // diagonal entries are right here: no diagnosis to hide it
  });
  it('does not grade unreadable text', () => {
    expect(readError(spec, '[3.586; 6.414').message).toBeTruthy();
    expect(readError(spec, '[1, 2, 3]').message).toBeTruthy();
  });
  it('rejects non-symmetric or malformed matrices', () => {
    const e = specError({ kind: 'eigenvalues', matrix: [[1, 2], [3, 4]] });
    expect(e.field).toBe('matrix');
    expect(e.message).toContain('matrix must be symmetric');
    expect(specError({ kind: 'eigenvalues', matrix: [[1, 2], [2]] }).field).toBe('matrix');
    expect(specError({ kind: 'eigenvalues', matrix: [[1, 2]] }).field).toBe('matrix');
    expect(specError({ kind: 'eigenvalues' }).field).toBe('matrix');
  });
});
