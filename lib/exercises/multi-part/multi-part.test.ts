/**
 * f(x, y) = x³ + y² at x0 = (1, 1), by hand: ∇f = (3x², 2y) = (3, 2); H = [[6x, 0], [0, 2]] =
 * [[6, 0], [0, 2]]; the Newton step x1 = x0 − H⁻¹∇f = (1 − 3/6, 1 − 2/2) = (0.5, 0).
 * Follow-through: from a wrong ∇f = (3, 4) and the right H, x1 = (1 − 3/6, 1 − 4/2) = (0.5, −1);
 * from the right ∇f and a wrong H = [[3, 0], [0, 2]], x1 = (1 − 3/3, 1 − 2/2) = (0, 0).
 */
import { describe, expect, it } from 'vitest';
import { answerForm, cardPrompt, gradeAnswer, solveSpec } from '../engine';
import { solveVariant } from '../params';
import { specError } from '../testing';

const spec = {
  kind: 'multi-part',
  prompt: 'Let $f(x, y) = x^3 + y^2$ and $x_0 = (1, 1)$.',
  parts: [
    { id: 'grad', label: '(a) ∇f(x₀)', kind: 'vector', prompt: 'Compute $\\nabla f(x_0)$.', answer: [3, 2], mistakes: [{ answer: [2, 2], message: 'The derivative of x³ is 3x², not 2x.' }] },
    { id: 'hess', label: '(b) H(x₀)', kind: 'matrix', prompt: 'Compute $H(x_0)$.', answer: [[6, 0], [0, 2]] },
    {
      id: 'step',
      label: '(c) x₁',
      kind: 'vector',
      prompt: 'Take one Newton step from $x_0$ with your answers to (a) and (b).',
      from: ['grad', 'hess'],
      answer: '[1, 1] - inv(hess) * grad',
      mistakes: [{ answer: '[1, 1] + inv(hess) * grad', message: 'The Newton step subtracts H⁻¹∇f.' }],
    },
  ],
};

const answer = (texts: Record<string, string>) => {
  const out = gradeAnswer(solveSpec(spec), JSON.stringify(texts));
  if (!out.ok) throw new Error(out.error.message);
  return out.grade;
};
const scores = (g: ReturnType<typeof answer>) => g.parts!.map((p) => [p.id, p.grade.score]);

describe('multi-part', () => {
  it('solves each part against hand-computed numbers, and gives one box per part', () => {
    const s = solveSpec(spec);
    expect(s.shape).toBe('parts');
    expect(s.solution.answer).toEqual(['[3,2]', '[[6,0],[0,2]]', '[0.5,0]']);
    expect(answerForm(s).parts!.map((p) => [p.id, p.label, p.form.shape, p.form.size])).toEqual([
      ['grad', '(a) ∇f(x₀)', 'vector', [2]],
      ['hess', '(b) H(x₀)', 'matrix', [2, 2]],
      ['step', '(c) x₁', 'vector', [2]],
    ]);
    expect(s.kind.prompt(s.spec)).toBe('Let $f(x, y) = x^3 + y^2$ and $x_0 = (1, 1)$.\n(a) ∇f(x₀) Compute $\\nabla f(x_0)$.\n(b) H(x₀) Compute $H(x_0)$.\n(c) x₁ Take one Newton step from $x_0$ with your answers to (a) and (b).');
  });
  it('gives full credit for every part right', () => {
    expect(answer({ grad: '[3, 2]', hess: '[6, 0; 0, 2]', step: '[0.5, 0]' })).toMatchObject({ correct: true, score: 1 });
  });
  it('follows through: a wrong gradient costs only its own part', () => {
    const g = answer({ grad: '[3, 4]', hess: '[6, 0; 0, 2]', step: '[0.5, -1]' });
    expect(scores(g)).toEqual([['grad', 0.5], ['hess', 1], ['step', 1]]);
    expect(g.score).toBeCloseTo((0.5 + 1 + 1) / 3, 12);
    expect(g.correct).toBe(false);
  });
  it('follows through from a wrong Hessian', () => {
    const g = answer({ grad: '[3, 2]', hess: '[3, 0; 0, 2]', step: '[0, 0]' });
    expect(scores(g)).toEqual([['grad', 1], ['hess', 0.75], ['step', 1]]);
  });
  it('does not credit the reference step when it does not follow from the student’s own gradient', () => {
    const g = answer({ grad: '[3, 4]', hess: '[6, 0; 0, 2]', step: '[0.5, 0]' });
    expect(g.parts![2].grade).toMatchObject({ score: 0.5, feedback: ['Entry 2 is not right.'] }); // (0.5, −1) expected
  });
  it('uses the reference for a part left blank', () => {
    expect(scores(answer({ hess: '[6, 0; 0, 2]', step: '[0.5, 0]' }))).toEqual([['grad', 0], ['hess', 1], ['step', 1]]);
  });
  it('diagnoses mistakes in each part, the later one computed from the student’s own answers', () => {
    const g = answer({ grad: '[2, 2]', hess: '[6, 0; 0, 2]', step: '[4/3, 2]' }); // x0 + H⁻¹(2, 2) = (1 + 1/3, 1 + 1)
    expect(g.parts![0].grade.diagnosis?.id).toBe('mistake-1');
    expect(g.parts![2].grade.diagnosis?.id).toBe('mistake-1');
    expect(g.trail).toContainEqual({ name: 'grad.mistake:mistake-1', passed: true });
    expect(g.trail).toContainEqual({ name: 'step.mistake:mistake-1', passed: true });
  });
  it('says a part cannot be checked when the student’s own Hessian is singular', () => {
    const g = answer({ grad: '[3, 2]', hess: '[0, 0; 0, 2]', step: '[0.5, 0]' });
    expect(g.parts![2].grade.score).toBe(0);
    expect(g.parts![2].grade.feedback[0]).toMatch(/could not be checked against your earlier answers/);
  });
  it('weights parts', () => {
    const weighted = { ...spec, parts: spec.parts.map((p, i) => ({ ...p, weight: i === 2 ? 2 : 1 })) };
    const out = gradeAnswer(solveSpec(weighted), JSON.stringify({ grad: '[3, 2]', hess: '[6, 0; 0, 2]', step: '[9, 9]' }));
    expect(out.ok && out.grade.score).toBe(0.5); // (1 + 1 + 2·0) / 4
  });
  it('shares params between parts and shuffles a choice part per seed', () => {
    const template = {
      kind: 'multi-part',
      prompt: 'Let $f(x) = {a} x^2$.',
      params: { a: [1, 2, 3] },
      parts: [
        { id: 'h', kind: 'number', answer: '2*{a}' },
        { id: 'kind', kind: 'choice', prompt: 'Is the critical point x = 0 a', options: ['minimum', 'maximum', 'saddle'], answer: 1 },
        { id: 'step', kind: 'number', from: 'h', answer: '1 - 2*{a}/h' },
      ],
    };
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const s = solveVariant(template, seed);
      const a = Number(/f\(x\) = (\d) x/.exec(s.kind.prompt(s.spec))![1]);
      expect((s.solution.answer as string[])[0]).toBe(String(2 * a));
      expect((s.solution.answer as string[])[2]).toBe('0'); // from x = 1 with the right h: 1 − 2a/(2a) = 0
      orders.add(JSON.stringify((s.spec as { parts: { order?: number[] }[] }).parts[1].order));
      expect(JSON.stringify(solveVariant(template, seed).spec)).toBe(JSON.stringify(s.spec));
      // The choice part's box lists its options in this variant's order; the card's question does not.
      const order = (s.spec as { parts: { order: number[] }[] }).parts[1].order;
      const box = answerForm(s).parts![1].form;
      expect(box.options!.map((o) => o.text)).toEqual(order.map((k) => ['minimum', 'maximum', 'saddle'][k - 1]));
      expect(cardPrompt(s)).toBe(`Let $f(x) = ${a} x^2$.\n(a)\n(b) Is the critical point x = 0 a\n(c)`);
      expect(s.kind.prompt(s.spec)).toContain(`A. ${['minimum', 'maximum', 'saddle'][order[0] - 1]}`);
    }
    expect(orders.size).toBeGreaterThan(1);
  });
  it('reports author errors at the part and field', () => {
    const withPart = (i: number, change: Record<string, unknown>) => ({ ...spec, parts: spec.parts.map((p, k) => (k === i ? { ...p, ...change } : p)) });
    expect(specError(withPart(0, { from: 'step' })).message).toBe('parts.0.from: part "step" comes later: a part can only follow through from an earlier one');
    expect(specError(withPart(2, { from: ['grad', 'newton'] })).message).toMatch(/^parts\.2\.from: there is no part "newton"/);
    expect(specError(withPart(1, { from: 'hess' })).message).toMatch(/cannot follow through from itself/);
    expect(specError(withPart(1, { id: 'grad' })).message).toMatch(/^parts\.1\.id: the id "grad" is used by an earlier part/);
    expect(specError(withPart(2, { from: 'grad' })).message).toMatch(/^parts\.2\.answer: .*unknown name "hess"/);
    expect(specError(withPart(2, { answer: '[1, 1] - inv(hess) *' })).field).toBe('parts.2.answer');
    expect(specError(withPart(0, { mistakes: [{ answer: [3, 2], message: 'm' }] })).field).toBe('parts.0.mistakes.0.answer');
    expect(specError(withPart(0, { mistake: [] })).message).toMatch(/^parts\.0\.mistake: a vector part has no field "mistake"/);
    expect(specError(withPart(0, { kind: 'gradient' })).field).toBe('parts.0.kind');
    expect(specError({ ...spec, parts: [spec.parts[0]] }).field).toBe('parts');
  });
});
