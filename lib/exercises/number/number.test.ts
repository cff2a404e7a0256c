import { describe, expect, it } from 'vitest';
import { solveSpec } from '../engine';
import { generateVariant } from '../params';
import { diagnosisOf, grade, readError, specError } from '../testing';

// 2a + 1 at a = 3 is 7; forgetting the + 1 gives 6.
const spec = { kind: 'number', prompt: 'Compute $2a + 1$ for $a = 3$.', answer: '2*3 + 1', mistakes: [{ answer: '2*3', message: 'You forgot the + 1.' }] };

describe('number', () => {
  it('evaluates the author’s answer', () => {
    expect(solveSpec(spec).solution.answer).toBe(7);
    expect(solveSpec({ kind: 'number', prompt: 'q', answer: 'sqrt(2)/2' }).solution.answer).toBeCloseTo(0.7071067811865476, 15);
    expect(solveSpec({ kind: 'number', prompt: 'q', answer: 0.25 }).solution.answer).toBe(0.25);
  });
  it('accepts every number form, within the tolerance', () => {
    for (const text of ['7', '14/2', '7.005', '49^(1/2)']) expect(grade(spec, text)).toMatchObject({ correct: true, score: 1 });
    expect(grade(spec, '7.01')).toMatchObject({ correct: false, score: 0 }); // |7.01 − 7| > 7·1e-3
    expect(grade({ ...spec, rtol: 0.01 }, '7.05').correct).toBe(true);
  });
  it('diagnoses the author’s mistake, by its own id when it has one', () => {
    expect(diagnosisOf(spec, '6')).toBe('mistake-1');
    expect(grade(spec, '6').diagnosis?.message).toBe('You forgot the + 1.');
    expect(grade(spec, '6').trail).toContainEqual({ name: 'mistake:mistake-1', passed: true });
    expect(diagnosisOf({ ...spec, mistakes: [{ ...spec.mistakes[0], id: 'no-plus-one' }] }, '6')).toBe('no-plus-one');
    expect(diagnosisOf(spec, '8')).toBeUndefined();
  });
  it('does not grade unreadable text', () => {
    expect(readError(spec, '7 +').message).toBeTruthy();
    expect(readError(spec, '[7, 1]').message).toBeTruthy();
  });
  it('draws params and computes the answer from them', () => {
    const template = { kind: 'number', prompt: 'Compute $2a + 1$ for $a = {a}$.', answer: '2*{a} + 1', params: { a: [1, 2, 3] } };
    const seen = new Set<number>();
    for (let seed = 0; seed < 30; seed++) {
      const v = generateVariant(template, seed);
      const a = Number(/a = (\d)/.exec(v.prompt as string)![1]);
      expect(solveSpec(v).solution.answer).toBe(2 * a + 1);
      seen.add(a);
    }
    expect(seen.size).toBe(3);
  });
  it('reports author errors at the field', () => {
    expect(specError({ ...spec, answer: '2*a' }).message).toMatch(/^answer: .*unknown name "a"/);
    expect(specError({ ...spec, answer: '2*' }).field).toBe('answer');
    expect(specError({ ...spec, answer: '[1, 2]' }).message).toMatch(/needs a number .* but this is a vector of 2 entries/);
    expect(specError({ ...spec, mistakes: [{ answer: '7.001', message: 'm' }] }).message).toMatch(/^mistakes\.0\.answer: this mistake gives the right answer/);
    expect(specError({ ...spec, mistakes: [{ answer: '6' }] }).field).toBe('mistakes.0.message');
    expect(specError({ kind: 'number', answer: 1 }).field).toBe('prompt');
  });
  it('keeps mathjs’ dangerous functions out of reach', () => {
    for (const answer of ['import({x: 1}, {override: true})', 'evaluate("1+1")', 'parse("1")', 'createUnit("foo")', 'f(x) = x', 'a = 1', '"1" + 1', 'cos.name', 'x => 1']) {
      expect(specError({ ...spec, answer, mistakes: [] }).field).toBe('answer');
    }
  });
  it('evaluates params’ array entries and where conditions in the same sandbox', () => {
    const gradient = { kind: 'gradient', f: 'x^2 + y^2', vars: ['x', 'y'], params: { p: [1, 2] } };
    expect(solveSpec(generateVariant({ ...gradient, at: ['{p}', '2*{p}'] }, 0)).solution.answer).toHaveLength(2);
    expect(() => generateVariant({ ...gradient, at: ['{p}', '{p} + import(1)'] }, 0)).toThrow(/unknown function "import"/);
    expect(() => generateVariant({ ...gradient, at: ['{p}', '{p}'], where: ['evaluate("1") == 1'] }, 0)).toThrow(/^where\.0: .*unknown function "evaluate"/);
    expect(generateVariant({ ...gradient, at: ['{p}', '{p}'], where: ['p > 1 and p != 3'] }, 0).at).toEqual([2, 2]);
  });
});

