import { describe, expect, it } from 'vitest';
import { gradeText, solveSpec } from '../engine';

function grade(raw: unknown, text: string) {
  const r = gradeText(raw, text);
  if (!r.ok) throw new Error(`expected a grade, got: ${r.error.message}`);
  return r.grade;
}
const count = (raw: unknown) => solveSpec(raw).solution.answer;

// curriculum.md, lesson 6: f = ½(x² + κy²) from (1, 1) with α* = 2/(1 + κ), stop when f(x_k) ≤ 1e-4.
// κ = 10: α* = 2/11, so x_k = (9/11)^k and y_k = (−9/11)^k, f(x_k) = 5.5·(9/11)^(2k).
// 5.5·(9/11)^(2k) ≤ 1e-4 ⇔ k ≥ ln(55000) / (2 ln(11/9)) = 10.915 / 0.4013 = 27.2 → k = 28.
const kappa10 = { kind: 'gd-iterations', f: '0.5*(x^2 + 10*y^2)', vars: ['x', 'y'], x0: [1, 1], lr: 2 / 11, tol: 1e-4, stop: 'loss' };

describe('gd-iterations: solve', () => {
  it('κ = 1 converges in one step and κ = 10 in 28 (curriculum)', () => {
    expect(count({ ...kappa10, f: '0.5*(x^2 + y^2)', lr: 1 })).toBe(1);
    expect(count(kappa10)).toBe(28);
    expect(solveSpec(kappa10).shape).toBe('integer');
  });

  // f = (x − 3)², α = 0.25: x_{k+1} − 3 = (x_k − 3)/2, so from x0 = 1, x_k = 3 − 2·0.5^k.
  const shifted = { kind: 'gd-iterations', f: '(x - 3)^2', vars: ['x'], x0: [1], lr: 0.25, tol: 1e-3 };
  it('grad-norm: |∇f(x_k)| = 4·0.5^k ≤ 1e-3 first at k = 12 (4·0.5^11 = 0.00195)', () => {
    expect(count({ ...shifted, stop: 'grad-norm' })).toBe(12);
  });
  it('abs-step: |x_{k+1} − x_k| = 0.5^k ≤ 1e-3 first at k = 10 (0.5^9 = 0.00195)', () => {
    expect(count({ ...shifted, stop: 'abs-step' })).toBe(10);
  });
  it('rel-step: 0.5^k / (3 − 0.5^k) ≤ 1e-3 first at k = 9 (k = 8 gives 0.0013)', () => {
    expect(count({ ...shifted, stop: 'rel-step' })).toBe(9);
  });
  it('loss: 4·0.25^k ≤ 1e-6 first at k = 11 (4·0.25^10 = 3.8e-6)', () => {
    expect(count({ ...shifted, stop: 'loss', tol: 1e-6 })).toBe(11);
  });
  it('counts 0 when the start point already passes', () => {
    expect(count({ ...shifted, x0: [3], stop: 'grad-norm' })).toBe(0);
  });
  it('writes 2 to 5 worked steps that end with the count', () => {
    const { steps } = solveSpec(kappa10).solution;
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeLessThanOrEqual(5);
    expect(steps[steps.length - 1].title).toContain('28');
  });
});

describe('gd-iterations: grading', () => {
  it.each(['28', '28.0', '2.8e1', ' 28 '])('accepts %s', (text) => {
    const g = grade(kappa10, text);
    expect(g.correct).toBe(true);
    expect(g.score).toBe(1);
  });
  it('matches exactly, with no tolerance', () => {
    expect(grade(kappa10, '30').correct).toBe(false);
    expect(grade(kappa10, '30').diagnosis).toBeUndefined();
    expect(grade({ ...kappa10, rtol: 0.5 }, '30').correct).toBe(false);
  });
  it('does not grade a fraction or unreadable text', () => {
    for (const text of ['28.5', 'twenty-eight', '[28]', '']) {
      const r = gradeText(kappa10, text);
      expect(r.ok, text).toBe(false);
    }
    const r = gradeText(kappa10, '28.5');
    if (!r.ok) expect(r.error.message).toContain('whole number');
  });
});

describe('gd-iterations: mistakes (diagnosis only, score 0)', () => {
  it.each([
    ['off-by-one-more', '29'],
    ['off-by-one-fewer', '27'],
  ])('diagnoses %s from %s', (id, text) => {
    const g = grade(kappa10, text);
    expect(g.score).toBe(0);
    expect(g.correct).toBe(false);
    expect(g.diagnosis?.id).toBe(id);
  });
  it('has no "one fewer" below 0', () => {
    const zero = { kind: 'gd-iterations', f: 'x^2', vars: ['x'], x0: [0], lr: 0.1, tol: 1e-3, stop: 'grad-norm' };
    expect(grade(zero, '1').diagnosis?.id).toBe('off-by-one-more');
    expect(grade(zero, '-1').diagnosis).toBeUndefined();
  });
});

describe('gd-iterations: bad specs', () => {
  it('says it does not converge when the step is too large (x ← −2x on x²)', () => {
    const r = gradeText({ kind: 'gd-iterations', f: 'x^2', vars: ['x'], x0: [1], lr: 1.5, tol: 1e-3, stop: 'grad-norm' }, '3');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('lr');
      expect(r.error.message).toContain('does not converge from x0 = (1) with lr = 1.5 within 10000 iterations');
    }
  });
  it('says it does not converge within maxIter', () => {
    const r = gradeText({ kind: 'gd-iterations', f: '(x - 3)^2', vars: ['x'], x0: [1], lr: 0.25, tol: 1e-3, stop: 'grad-norm', maxIter: 5 }, '3');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('within 5 iterations');
  });
  it.each([
    [{ ...kappa10, stop: 'step' }, 'stop'],
    [{ ...kappa10, tol: 0 }, 'tol'],
    [{ ...kappa10, lr: -1 }, 'lr'],
    [{ ...kappa10, x0: [1, 1, 1] }, 'x0'],
    [{ ...kappa10, maxIter: 2.5 }, 'maxIter'],
    [{ ...kappa10, f: 'x^2 + q' }, 'f'],
  ])('names the field (%#)', (raw, field) => {
    const r = gradeText(raw, '1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe(field);
  });
});
