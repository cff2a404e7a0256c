import { describe, expect, it } from 'vitest';
import { answerForm, solveSpec } from '../engine';
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


/**
 * The accuracy rule of the built-in kinds (lib/answers numberAccepted), in the kinds whose
 * answer the author writes. Default rtol 1e-3: the card asks for ⌈−log10 1e-3⌉ = 3 significant
 * figures. By hand: 5 − √2 = 3.585786…, 5 + √2 = 6.414214…, √2 = 1.414214…, √3 = 1.732051….
 * 3.59 is 5 − √2 correctly rounded but |3.59 − 3.585786| = 0.0042 > 1e-3 · 3.585786 = 0.0036,
 * so only the rounding rule accepts it; 3.58 is off by 0.0058, more than half a unit (0.005)
 * of its last figure, and within no tolerance. 1.73 for √3: off by 0.00205 > 0.00173.
 */
describe('accuracy of the author’s number, vector and matrix kinds', () => {
  const number = { kind: 'number', prompt: 'Compute $5 - \\sqrt 2$.', answer: '5 - sqrt(2)' };
  const vector = { kind: 'vector', prompt: 'The eigenvalues, smaller first.', answer: ['5 - sqrt(2)', '5 + sqrt(2)'] };
  const matrix = { kind: 'matrix', prompt: 'Compute $\\mathrm{diag}(\\sqrt 2, \\sqrt 3)$.', answer: [['sqrt(2)', 0], [0, 'sqrt(3)']] };
  it('accepts a correctly rounded answer past the tolerance, and not a wrongly rounded one', () => {
    expect(grade(number, '3.59')).toMatchObject({ correct: true, score: 1 });
    expect(grade(number, '3.586')).toMatchObject({ correct: true, score: 1 }); // within 0.1 %
    expect(grade(number, '3.58')).toMatchObject({ correct: false, score: 0 });
    expect(grade(number, '3.6')).toMatchObject({ correct: false, score: 0 }); // 2 figures: off by 0.014 > 0.0036
    expect(grade(vector, '[3.59, 6.41]')).toMatchObject({ correct: true, score: 1 });
    expect(grade(vector, '[3.58, 6.41]')).toMatchObject({ correct: false, score: 0.5 });
    expect(grade(matrix, '[1.41, 0; 0, 1.73]')).toMatchObject({ correct: true, score: 1 });
    expect(grade(matrix, '[1.41, 0; 0, 1.74]')).toMatchObject({ correct: false, score: 0.75 });
  });
  it('asks for the figures it accepts on the card, and for more with a tighter rtol', () => {
    for (const s of [number, vector, matrix]) expect(answerForm(solveSpec(s)).accuracy).toBe('Give numbers to 3 significant figures (or within 0.1 %).');
    // rtol 1e-4: 4 figures, so 3.59 is no longer enough and 3.586 is.
    expect(answerForm(solveSpec({ ...number, rtol: 1e-4 })).accuracy).toBe('Give numbers to 4 significant figures (or within 0.01 %).');
    expect(grade({ ...number, rtol: 1e-4 }, '3.59').correct).toBe(false);
    expect(grade({ ...number, rtol: 1e-4 }, '3.586').correct).toBe(true);
    const parts = { kind: 'multi-part', prompt: 'p', parts: [{ id: 'lam', kind: 'vector', answer: vector.answer }, { id: 'big', kind: 'number', answer: '5 + sqrt(2)' }] };
    expect(answerForm(solveSpec(parts)).parts![0].form.accuracy).toBe('Give numbers to 3 significant figures (or within 0.1 %).');
    expect(grade(parts, JSON.stringify({ lam: '[3.59, 6.41]', big: '6.41' }))).toMatchObject({ correct: true, score: 1 });
  });
  it('diagnoses a mistake given correctly rounded, and refuses a mistake the grader would accept as right', () => {
    const withMistake = { ...number, mistakes: [{ answer: '5 + sqrt(2)', message: 'The other eigenvalue.' }] };
    expect(diagnosisOf(withMistake, '6.41')).toBe('mistake-1'); // 6.414214 correctly rounded
    expect(diagnosisOf(withMistake, '6.5')).toBeUndefined();
    // 3.59 would be graded right, so this mistake could never be diagnosed: the author's error, at the mistake.
    const never = specError({ ...number, mistakes: [{ answer: 3.59, message: 'Rounded.' }] });
    expect(never.field).toBe('mistakes.0.answer');
    expect(never.message).toMatch(/gives the right answer \(within the tolerance or correctly rounded\)/);
    expect(specError({ ...vector, mistakes: [{ answer: [3.59, 6.41], message: 'Rounded.' }] }).field).toBe('mistakes.0.answer');
    // 3.58 is not accepted, so it is a mistake that can be diagnosed.
    expect(diagnosisOf({ ...number, mistakes: [{ answer: 3.58, message: 'Rounded down.' }] }, '3.58')).toBe('mistake-1');
  });
});

/**
 * A mistake's message with the variant's values. Answer 2a; the mistake is a itself. For
 * a = 3: "You used 3 instead of 6." (2·3); for a = −2: "(-2)" and "(-4)", parenthesised as
 * the prompt writes a negative value; a/3 for a = 2 is 0.666667 (6 significant figures).
 */
describe('parameters in the author’s mistake messages', () => {
  const template = {
    kind: 'number',
    prompt: 'Compute $2a$ for $a = {a}$.',
    answer: '2*{a}',
    params: { a: [3, -2] },
    mistakes: [{ answer: '{a}', message: 'You used {a} instead of {2*a}; $\\frac{1}{2}$ and {x} stay.' }],
  };
  const variantWith = (a: number) => {
    for (let seed = 0; seed < 50; seed++) {
      const v = generateVariant(template, seed);
      if (v.prompt === `Compute $2a$ for $a = ${a < 0 ? `(${a})` : a}$.`) return v;
    }
    throw new Error(`no seed draws a = ${a}`);
  };
  it('fills {a} and {2*a} with the variant’s values, as the card writes numbers', () => {
    expect(grade(variantWith(3), '3').diagnosis?.message).toBe('You used 3 instead of 6; $\\frac{1}{2}$ and {x} stay.');
    expect(grade(variantWith(-2), '-2').diagnosis?.message).toBe('You used (-2) instead of (-4); $\\frac{1}{2}$ and {x} stay.');
    expect(grade(variantWith(3), '6').correct).toBe(true);
    const third = { ...template, params: { a: [2] }, mistakes: [{ answer: '{a}/3', message: 'That is {a/3}, a third of {a}.' }] };
    expect(grade(generateVariant(third, 0), '2/3').diagnosis?.message).toBe('That is 0.666667, a third of 2.');
  });
  it('fills the messages of a multi-part exercise’s parts', () => {
    const parts = {
      kind: 'multi-part',
      prompt: 'For $a = {a}$:',
      params: { a: [3] },
      parts: [
        { id: 'double', kind: 'number', answer: '2*{a}', mistakes: [{ answer: '{a}^2', message: 'You squared: {a^2} is not {2*a}.' }] },
        { id: 'half', kind: 'number', answer: '{a}/2' },
      ],
    };
    const g = grade(generateVariant(parts, 0), JSON.stringify({ double: '9', half: '1.5' }));
    expect(g.parts![0].grade.diagnosis?.message).toBe('You squared: 9 is not 6.');
  });
  it('reports an expression in the params that gives no number, at the message', () => {
    const bad = { ...template, mistakes: [{ answer: '{a}', message: 'Not {1/(a - a)}.' }] };
    expect(() => generateVariant(bad, 0)).toThrow(/mistakes\.0\.message: "\{1\/\(a - a\)\}" in the message: .*finite/);
  });
});
