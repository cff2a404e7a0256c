import { describe, expect, it } from 'vitest';
import { solveSpec } from '../engine';
import { generateVariant } from '../params';
import { diagnosisOf, grade, specError } from '../testing';

// x1 = x0 − lr·g = [1, 2] − 0.5·[2, 4] = [0, 0]; adding the step instead gives [2, 4].
const spec = {
  kind: 'vector',
  prompt: 'One gradient step from $(1, 2)$ with $\\nabla f = (2, 4)$ and step $0.5$.',
  answer: '[1, 2] - 0.5 * [2, 4]',
  mistakes: [{ answer: [2, 4], message: 'You added the gradient step instead of subtracting it.' }],
};

describe('vector', () => {
  it('evaluates the author’s answer as one expression or entry by entry', () => {
    expect(solveSpec(spec).solution.answer).toEqual([0, 0]);
    expect(solveSpec({ kind: 'vector', prompt: 'q', answer: [1, 'sqrt(4)', '3/4'] }).solution.answer).toEqual([1, 2, 0.75]);
  });
  it('gives credit per entry', () => {
    expect(grade(spec, '(0, 0)')).toMatchObject({ correct: true, score: 1 });
    expect(grade(spec, '[0, 1]')).toMatchObject({ correct: false, score: 0.5, feedback: ['Entry 2 is not right.'] });
  });
  it('diagnoses the author’s mistake', () => {
    expect(diagnosisOf(spec, '[2, 4]')).toBe('mistake-1');
    expect(diagnosisOf(spec, '[2, 3]')).toBeUndefined();
  });
  it('evaluates entries that are expressions in params', () => {
    const v = generateVariant({ kind: 'vector', prompt: 'q', answer: ['{a}', '2*{a}', '{a}^2'], params: { a: { min: 2, max: 2 } } }, 5);
    expect(solveSpec(v).solution.answer).toEqual([2, 4, 4]);
  });
  it('reports author errors at the field', () => {
    expect(specError({ ...spec, answer: 3 }).message).toMatch(/needs a vector/);
    expect(specError({ ...spec, answer: [1, 'b'] }).field).toBe('answer.1');
    expect(specError({ ...spec, mistakes: [{ answer: [1, 2, 3], message: 'm' }] }).message).toMatch(/vector of 3 entries but the answer is a vector of 2/);
    expect(specError({ ...spec, mistakes: [{ answer: [0, 1e-9], message: 'm' }] }).field).toBe('mistakes.0.answer');
  });
});
