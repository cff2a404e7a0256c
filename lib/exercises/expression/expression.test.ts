/**
 * The logistic loss of one example (x, y) = (2, 1) in one weight w: L(w) = log(1 + exp(−y·w·x)),
 * L′(w) = −y·x·exp(−y·w·x) / (1 + exp(−y·w·x)) = −y·x / (1 + exp(y·w·x)) = −2 / (1 + exp(2w)).
 * In two weights with x = (1, 2), y = 1: ∇L = −(1, 2) / (1 + exp(w1 + 2·w2)).
 */
import { describe, expect, it } from 'vitest';
import { answerForm, solveSpec } from '../engine';
import { diagnosisOf, grade, readError, specError } from '../testing';

const one = {
  kind: 'expression',
  prompt: 'Differentiate $L(w) = \\log(1 + e^{-2w})$.',
  vars: ['w'],
  answer: '-2/(1 + exp(2*w))',
  mistakes: [{ answer: '2/(1 + exp(2*w))', message: 'The sign: the loss falls as w grows.' }, { answer: '-2/(1 + exp(-2*w))', message: 'exp(−z)/(1 + exp(−z)) is 1/(1 + exp(z)), not 1/(1 + exp(−z)).' }],
};

const two = {
  kind: 'expression',
  prompt: 'Compute $\\nabla L(w)$.',
  vars: ['w1', 'w2'],
  answer: ['-1/(1 + exp(w1 + 2*w2))', '-2/(1 + exp(w1 + 2*w2))'],
  mistakes: [{ answer: ['-2/(1 + exp(w1 + 2*w2))', '-1/(1 + exp(w1 + 2*w2))'], message: 'The entries are swapped.' }],
};

describe('expression', () => {
  it('has the shape of its answer', () => {
    expect(solveSpec(one).shape).toBe('expression');
    expect(answerForm(solveSpec(one))).toEqual({ shape: 'expression', size: [], vars: ['w'], labels: [] });
    expect(solveSpec(two).shape).toBe('expression-vector');
    expect(solveSpec({ kind: 'expression', prompt: 'q', vars: ['x', 'y'], answer: [['2', 'y'], ['y', 'x']] }).shape).toBe('expression-matrix');
  });
  it('accepts mathematically equal formulas, however written', () => {
    for (const text of ['-2/(1 + exp(2w))', '-2*exp(-2*w)/(1 + exp(-2*w))', '-2 / (exp(2*w) + 1)']) expect(grade(one, text).correct).toBe(true);
    expect(grade(one, '-2*exp(-2*w)').correct).toBe(false);
    expect(grade(two, '[-exp(-w1-2w2)/(1+exp(-w1-2w2)), -2/(1+exp(w1+2w2))]')).toMatchObject({ correct: true, score: 1 });
    expect(grade(two, '[-1/(1+exp(w1+2w2)), -1/(1+exp(w1+2w2))]')).toMatchObject({ correct: false, score: 0.5 });
  });
  it('diagnoses each mistake', () => {
    expect(diagnosisOf(one, '2/(1+exp(2w))')).toBe('mistake-1');
    expect(diagnosisOf(one, '-2*exp(2w)/(1+exp(2w))')).toBe('mistake-2'); // = −2/(1 + exp(−2w))
    expect(diagnosisOf(two, '[-2/(1+exp(w1+2w2)), -1/(1+exp(w1+2w2))]')).toBe('mistake-1');
    expect(diagnosisOf(one, '0')).toBeUndefined();
  });
  it('does not grade a formula in other variables', () => {
    expect(readError(one, '-2/(1+exp(2*x))').message).toBeTruthy();
  });
  it('reports author errors at the field', () => {
    expect(specError({ ...one, answer: '-2/(1 + exp(2*z))' }).message).toMatch(/^answer: unknown symbol "z"/);
    expect(specError({ ...two, answer: ['w1', 'w1 +'] }).field).toBe('answer.1');
    expect(specError({ ...one, mistakes: [{ answer: '-2*exp(-2*w)/(1 + exp(-2*w))', message: 'm' }] }).message).toMatch(/^mistakes\.0\.answer: this mistake equals the answer/);
    expect(specError({ ...two, mistakes: [{ answer: 'w1', message: 'm' }] }).message).toMatch(/one formula but the answer is a list of 2/);
    expect(specError({ ...one, vars: [] }).field).toBe('vars');
  });
});
