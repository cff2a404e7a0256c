import { describe, expect, it } from 'vitest';
import { answerForm, cardPrompt, solveSpec } from '../engine';
import { generateVariant, solveVariant } from '../params';
import { diagnosisOf, grade, readError, specError } from '../testing';

// diag(2, 3) is positive definite; diag(2, −3) indefinite; diag(0, 3) semidefinite; diag(−2, −3) negative definite.
const options = ['$\\mathrm{diag}(2, 3)$', '$\\mathrm{diag}(2, -3)$', '$\\mathrm{diag}(0, 3)$', '$\\mathrm{diag}(-2, -3)$'];
const single = {
  kind: 'choice',
  prompt: 'Which matrix is positive definite?',
  options,
  answer: 1,
  mistakes: [{ answer: 3, message: 'An eigenvalue 0 makes it only semidefinite.' }],
};
const multiple = { kind: 'choice', prompt: 'Which are positive semidefinite?', options, answer: [1, 3], multiple: true, mistakes: [{ answer: 1, message: 'Semidefinite allows an eigenvalue 0.' }] };

/** The letter the variant shows option k (1-based, as written) under. */
const letterOf = (spec: Record<string, unknown>, k: number) => 'ABCD'[(spec.order as number[]).indexOf(k)];

describe('choice', () => {
  it('without a seed keeps the written order', () => {
    const s = solveSpec(single);
    expect(s.solution.answer).toBe('A');
    expect(s.kind.prompt(s.spec)).toBe(`Which matrix is positive definite?\nA. ${options[0]}\nB. ${options[1]}\nC. ${options[2]}\nD. ${options[3]}`);
    // The card's question leaves the options to the answer box, which gets them with their letters only.
    expect(cardPrompt(s)).toBe('Which matrix is positive definite?');
    expect(answerForm(s)).toEqual({
      shape: 'label',
      size: [],
      vars: [],
      labels: ['A', 'B', 'C', 'D'],
      options: options.map((text, i) => ({ label: 'ABCD'[i], text })),
    });
    expect(grade(single, 'a')).toMatchObject({ correct: true, score: 1 });
    expect(grade(single, 'B')).toMatchObject({ correct: false, score: 0 });
    expect(diagnosisOf(single, 'C')).toBe('mistake-1');
  });
  it('shuffles per seed: the same order for a seed, different orders across seeds', () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const v = generateVariant(single, seed);
      expect(generateVariant(single, seed)).toEqual(v);
      expect([...(v.order as number[])].sort()).toEqual([1, 2, 3, 4]);
      orders.add(JSON.stringify(v.order));
      // The answer is the letter under which option 1 is shown; the mistake the letter of option 3.
      const s = solveVariant(single, seed);
      expect(s.solution.answer).toBe(letterOf(v, 1));
      expect(grade(v, letterOf(v, 1)).correct).toBe(true);
      expect(diagnosisOf(v, letterOf(v, 3))).toBe('mistake-1');
      expect(s.kind.prompt(s.spec).split('\n')[1 + (v.order as number[]).indexOf(1)]).toBe(`${letterOf(v, 1)}. ${options[0]}`);
      // The box lists the options in the shown order, under the same letters the grader reads.
      const form = answerForm(s);
      expect(form.options!.map((o) => o.label)).toEqual(['A', 'B', 'C', 'D']);
      expect(form.options!.find((o) => o.label === letterOf(v, 1))!.text).toBe(options[0]);
      expect(form.options!.map((o) => o.text)).toEqual((v.order as number[]).map((k) => options[k - 1]));
      // Nothing in the form tells which option is right.
      expect(Object.keys(form).sort()).toEqual(['labels', 'options', 'shape', 'size', 'vars']);
      expect(form.options!.every((o) => Object.keys(o).sort().join() === 'label,text')).toBe(true);
    }
    expect(orders.size).toBeGreaterThan(10); // of the 24 orders of four options
    expect(generateVariant({ ...single, shuffle: false }, 3).order).toBeUndefined();
  });
  it('multiple: every correct option and nothing else, in any order and separator', () => {
    const v = { ...multiple, order: [3, 1, 4, 2] }; // shown A = option 3, B = option 1, C = option 4, D = option 2
    expect(solveSpec(v).solution.answer).toBe('A, B');
    for (const text of ['A, B', 'b a', 'B;A', 'a,b']) expect(grade(v, text).correct).toBe(true);
    expect(grade(v, 'A').correct).toBe(false);
    expect(grade(v, 'A, B, C').correct).toBe(false);
    expect(diagnosisOf(v, 'B')).toBe('mistake-1');
    expect(answerForm(solveSpec(v)).multiple).toBe(true);
    expect(cardPrompt(solveSpec(v))).toBe('Which are positive semidefinite? (Pick every option that applies.)');
    expect(answerForm(solveSpec(v)).options!.map((o) => o.text)).toEqual([options[2], options[0], options[3], options[1]]);
  });
  it('does not grade letters that are not options, or several for a single choice', () => {
    expect(readError(single, 'E').message).toMatch(/"E" is not one of the options A, B, C, D/);
    expect(readError(single, 'A, B').message).toMatch(/pick one option/);
    expect(readError(single, '').message).toBeTruthy();
  });
  it('reports author errors at the field', () => {
    const { answer: _answer, ...noAnswer } = single;
    expect(specError(noAnswer).message).toMatch(/^answer: a choice needs its correct option/);
    expect(specError({ ...single, answer: 5 }).message).toMatch(/no option 5/);
    expect(specError({ ...single, answer: [1, 3] }).message).toMatch(/multiple=\{true\}/);
    expect(specError({ ...single, mistakes: [{ answer: 1, message: 'm' }] }).field).toBe('mistakes.0.answer');
    expect(specError({ ...single, options: ['only one'] }).field).toBe('options');
    expect(specError({ ...single, order: [1, 1, 2, 3] }).field).toBe('order');
  });
});
