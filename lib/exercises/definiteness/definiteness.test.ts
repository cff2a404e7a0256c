import { describe, expect, it } from 'vitest';
import { solveSpec } from '../engine';
import { diagnosisOf, grade, readError, specError } from '../testing';

const m = (matrix: number[][]) => ({ kind: 'definiteness', matrix });

describe('definiteness', () => {
  it('classifies by the signs of the eigenvalues', () => {
    expect(solveSpec(m([[6, 1], [1, 4]])).solution.answer).toBe('positive definite'); // 5 ± √2
    expect(solveSpec(m([[-2, 0], [0, -3]])).solution.answer).toBe('negative definite');
    expect(solveSpec(m([[1, 2], [2, 1]])).solution.answer).toBe('indefinite'); // −1, 3
    expect(solveSpec(m([[1, 1], [1, 1]])).solution.answer).toBe('positive semidefinite'); // 0, 2
    expect(solveSpec(m([[-1, 0], [0, 0]])).solution.answer).toBe('negative semidefinite');
  });
  it('accepts labels case-insensitively with synonyms', () => {
    for (const text of ['positive definite', 'Positive Definite', 'PD', 'positive-definite']) {
      expect(grade(m([[6, 1], [1, 4]]), text)).toMatchObject({ correct: true, score: 1 });
    }
    for (const text of ['psd', 'positive semidefinite', 'Positive semi-definite']) {
      expect(grade(m([[1, 1], [1, 1]]), text).correct).toBe(true);
    }
    expect(grade(m([[-1, 0], [0, 0]]), 'nsd').correct).toBe(true);
  });
  it('marks a wrong label wrong', () => {
    expect(grade(m([[6, 1], [1, 4]]), 'indefinite')).toMatchObject({ correct: false, score: 0 });
    expect(grade(m([[1, 1], [1, 1]]), 'negative semidefinite').correct).toBe(false);
  });
  it('diagnoses a judgement from the diagonal only', () => {
    expect(diagnosisOf(m([[1, 2], [2, 1]]), 'positive definite')).toBe('diagonal-only');
    expect(diagnosisOf(m([[1, 1], [1, 1]]), 'pd')).toBe('diagonal-only');
    expect(diagnosisOf(m([[1, 2], [2, 1]]), 'negative definite')).toBeUndefined();
  });
  it('does not grade an unknown label', () => {
    expect(readError(m([[6, 1], [1, 4]]), 'bowl').message).toBeTruthy();
  });
  it('requires a symmetric matrix', () => {
    expect(specError(m([[1, 2], [0, 1]])).message).toContain('matrix must be symmetric');
    expect(specError({ kind: 'definiteness', matrix: 'I' }).field).toBe('matrix');
  });
});
