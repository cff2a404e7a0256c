/**
 * Follow-through with expression parts (`from`), worked by hand.
 *
 * Tangent: f(x) = x³ at x₀ = 2. (a) the slope f′(2) = 3·2² = 12; (b) the tangent line
 * f(2) + slope·(x − 2) = 8 + 12(x − 2) = 12x − 16. A student who says the slope is 4 (2², the
 * power left out) has the tangent 8 + 4(x − 2) = 4x from their own slope.
 *
 * Product rule: f(x) = x³. (a) f′(x) = 3x²; (b) the derivative of g(x) = x·f(x) is
 * f(x) + x·f′(x) = x³ + 3x³ = 4x³. A student whose f′ is 3x (the power lowered wrongly) has
 * x³ + x·3x = x³ + 3x² from their own f′.
 *
 * At a point: f(x, y) = x²y. (a) ∇f = (2xy, x²); (b) ∇f(1, 2) = (4, 1). A student whose ∇f is
 * (xy, x²y) has (1·2, 1·2) = (2, 2) from their own.
 */
import { describe, expect, it } from 'vitest';
import { gradeAnswer, solveSpec } from '../engine';
import { specError } from '../testing';

const tangent = {
  kind: 'multi-part',
  prompt: 'Let $f(x) = x^3$.',
  parts: [
    { id: 'slope', label: '(a)', kind: 'number', prompt: "$f'(2)$", answer: 12 },
    {
      id: 'line',
      label: '(b)',
      kind: 'expression',
      vars: ['x'],
      prompt: 'The tangent line at $x = 2$, with your slope.',
      from: ['slope'],
      answer: '8 + slope*(x - 2)',
      mistakes: [{ answer: '8 - slope*(x - 2)', message: 'The tangent rises with the slope.' }],
    },
  ],
};

const product = {
  kind: 'multi-part',
  prompt: 'Let $f(x) = x^3$ and $g(x) = x f(x)$.',
  parts: [
    { id: 'fp', label: '(a)', kind: 'expression', vars: ['x'], prompt: "$f'(x)$", answer: '3*x^2' },
    { id: 'gp', label: '(b)', kind: 'expression', vars: ['x'], prompt: "$g'(x)$, with your $f'$.", from: ['fp'], answer: 'x^3 + x*fp' },
  ],
};

const atPoint = {
  kind: 'multi-part',
  prompt: 'Let $f(x, y) = x^2 y$.',
  parts: [
    { id: 'grad', label: '(a)', kind: 'expression', vars: ['x', 'y'], prompt: '$\\nabla f$', answer: ['2*x*y', 'x^2'] },
    { id: 'at', label: '(b)', kind: 'vector', prompt: '$\\nabla f(1, 2)$, from your (a).', from: ['grad'], answer: 'grad(1, 2)' },
  ],
};

function graded(spec: unknown, texts: Record<string, string>) {
  const out = gradeAnswer(solveSpec(spec), JSON.stringify(texts));
  if (!out.ok) throw new Error(out.error.message);
  return out.grade;
}
const part = (g: ReturnType<typeof graded>, id: string) => g.parts!.find((p) => p.id === id)!.grade;

describe('follow-through with expression parts', () => {
  it('solves the references by hand', () => {
    expect(solveSpec(tangent).solution.answer).toEqual(['12', '8 + (12) * (x - 2)']);
    expect(solveSpec(product).solution.answer).toEqual(['3*x^2', 'x ^ 3 + x * (3 * x ^ 2)']);
    expect(solveSpec(atPoint).solution.answer).toEqual(['["2*x*y","x^2"]', '[4,1]']);
  });

  it('an expression part from an earlier number: credited from the student’s own slope, not from the reference', () => {
    const right = graded(tangent, { slope: '12', line: '12*x - 16' });
    expect(right).toMatchObject({ correct: true, score: 1 });
    expect(part(right, 'line').feedback).toEqual(['Correct.']);
    expect(right.trail).not.toContainEqual({ name: 'line.given-earlier', passed: true });

    const own = graded(tangent, { slope: '4', line: '4*x' }); // 8 + 4(x − 2) = 4x
    expect(part(own, 'slope')).toMatchObject({ correct: false, score: 0 });
    expect(part(own, 'line')).toMatchObject({ correct: true, score: 1, feedback: ['Correct given your part (a).'] });
    expect(own.trail).toContainEqual({ name: 'line.given-earlier', passed: true });
    expect(own.score).toBe(0.5);

    const reference = graded(tangent, { slope: '4', line: '12*x - 16' }); // right for slope 12, not for their 4
    expect(part(reference, 'line')).toMatchObject({ correct: false, score: 0 });
    expect(reference.score).toBe(0);
    // The author's mistake, computed from their own slope: 8 − 4(x − 2) = 16 − 4x.
    expect(part(graded(tangent, { slope: '4', line: '16 - 4*x' }), 'line').diagnosis?.id).toBe('mistake-1');
  });

  it('an expression part from an earlier expression: the student’s own formula inside the author’s', () => {
    expect(graded(product, { fp: '3*x^2', gp: '4*x^3' })).toMatchObject({ correct: true, score: 1 });
    const own = graded(product, { fp: '3*x', gp: 'x^3 + 3*x^2' }); // x³ + x·3x
    expect(part(own, 'fp').correct).toBe(false);
    expect(part(own, 'gp')).toMatchObject({ correct: true, feedback: ['Correct given your part (a).'] });
    expect(own.score).toBe(0.5);
    expect(part(graded(product, { fp: '3*x', gp: '4*x^3' }), 'gp')).toMatchObject({ correct: false, score: 0 });
    // Left blank, (a) counts with the reference's formula (and earns nothing itself).
    expect(part(graded(product, { gp: '4*x^3' }), 'gp')).toMatchObject({ correct: true, feedback: ['Correct.'] });
  });

  it('a value part from an earlier expression: the student’s own formula at the point', () => {
    expect(graded(atPoint, { grad: '[2*x*y, x^2]', at: '[4, 1]' })).toMatchObject({ correct: true, score: 1 });
    const own = graded(atPoint, { grad: '[x*y, x^2*y]', at: '[2, 2]' });
    expect(part(own, 'at')).toMatchObject({ correct: true, feedback: ['Correct given your part (a).'] });
    expect(part(graded(atPoint, { grad: '[x*y, x^2*y]', at: '[4, 1]' }), 'at')).toMatchObject({ correct: false, score: 0 });
  });

  it('reports follow-through an expression part cannot take, at the part', () => {
    const vectorFirst = {
      kind: 'multi-part',
      prompt: 'p',
      parts: [
        { id: 'g', kind: 'vector', answer: [1, 2] },
        { id: 'h', kind: 'expression', vars: ['x'], from: ['g'], answer: 'g*x' },
      ],
    };
    expect(specError(vectorFirst).message).toMatch(/^parts\.1\.from: part "g" is a vector part: expression parts follow through only from number, expression parts/);
    const moreVars = {
      kind: 'multi-part',
      prompt: 'p',
      parts: [
        { id: 'f', kind: 'expression', vars: ['x', 'y'], answer: 'x*y' },
        { id: 'h', kind: 'expression', vars: ['x'], from: ['f'], answer: '2*f' },
      ],
    };
    expect(specError(moreVars).message).toMatch(/^parts\.1\.answer: "f" is a formula in x, y, but this part's variables are x/);
    const listFormula = {
      kind: 'multi-part',
      prompt: 'p',
      parts: [
        { id: 'f', kind: 'expression', vars: ['x'], answer: ['x', '2*x'] },
        { id: 'h', kind: 'expression', vars: ['x'], from: ['f'], answer: '2*f' },
      ],
    };
    expect(specError(listFormula).message).toMatch(/^parts\.1\.answer: "f" is not a number or a single formula/);
  });
});
