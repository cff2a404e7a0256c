import { describe, expect, it } from 'vitest';
import { solveSpec } from '../engine';
import { diagnosisOf, grade, specError } from '../testing';

// The inverse of diag(2, 4) is diag(1/2, 1/4); not inverting gives diag(2, 4).
const spec = {
  kind: 'matrix',
  prompt: 'Invert $\\begin{bmatrix}2&0\\\\0&4\\end{bmatrix}$.',
  answer: 'inv([[2, 0], [0, 4]])',
  mistakes: [{ answer: [[2, 0], [0, 4]], message: 'You copied the matrix without inverting it.' }, { answer: [['-1/2', 0], [0, '-1/4']], message: 'Inverting does not change the signs.', id: 'sign' }],
};

describe('matrix', () => {
  it('evaluates the author’s answer', () => {
    expect(solveSpec(spec).solution.answer).toEqual([[0.5, 0], [0, 0.25]]);
    expect(solveSpec({ kind: 'matrix', prompt: 'q', answer: "[[1, 2], [3, 4]]'" }).solution.answer).toEqual([[1, 3], [2, 4]]);
  });
  it('gives credit per entry in every matrix form', () => {
    expect(grade(spec, '[1/2, 0; 0, 1/4]')).toMatchObject({ correct: true, score: 1 });
    expect(grade(spec, '[[0.5, 0], [0, 0.5]]')).toMatchObject({ correct: false, score: 0.75, feedback: ['Entry (2, 2) is not right.'] });
  });
  it('diagnoses each of the author’s mistakes', () => {
    expect(diagnosisOf(spec, '[2, 0; 0, 4]')).toBe('mistake-1');
    expect(diagnosisOf(spec, '[-0.5, 0; 0, -0.25]')).toBe('sign');
    expect(diagnosisOf(spec, '[1, 0; 0, 1]')).toBeUndefined();
  });
  it('reports author errors at the field', () => {
    expect(specError({ ...spec, answer: [1, 2] }).message).toMatch(/needs a matrix/);
    expect(specError({ ...spec, answer: [[1, 2], [3]] }).field).toBe('answer');
    expect(specError({ ...spec, answer: 'inv([[1, 2], [2, 4]])' }).field).toBe('answer'); // singular
    expect(specError({ ...spec, mistakes: [{ answer: [[0.5, 0], [0, 0.25]], message: 'm' }] }).field).toBe('mistakes.0.answer');
  });
});
