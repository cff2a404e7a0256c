import { describe, expect, it } from 'vitest';
import { gradeText, solveSpec } from '../engine';

function grade(raw: unknown, text: string) {
  const r = gradeText(raw, text);
  if (!r.ok) throw new Error(`expected a grade, got: ${r.error.message}`);
  return r.grade;
}
const count = (raw: unknown) => solveSpec(raw).solution.answer;

// Newton on f = x⁴ (1-D): x ← x − 4x³/(12x²) = (2/3)x, so from x0 = 1, x_k = (2/3)^k.
// grad-norm: 4(2/3)^(3k) ≤ 1e-3 ⇔ 3k ≥ ln(4000)/ln(1.5) = 20.46 → k = 7 (k = 6 gives 2.7e-3).
const quartic = { kind: 'newton-iterations', f: 'x^4', vars: ['x'], x0: [1], tol: 1e-3, stop: 'grad-norm' };

describe('newton-iterations: solve', () => {
  it('counts 7 on x⁴ with the gradient-norm rule', () => {
    expect(count(quartic)).toBe(7);
    expect(solveSpec(quartic).shape).toBe('integer');
  });
  it('abs-step on x⁴: |x_{k+1} − x_k| = (2/3)^k / 3 ≤ 1e-3 first at k = 15 ((2/3)^14/3 = 1.14e-3)', () => {
    expect(count({ ...quartic, stop: 'abs-step' })).toBe(15);
  });
  it('one step on a quadratic, whatever the start (curriculum lesson 7)', () => {
    const quad = { kind: 'newton-iterations', f: '2.5*x^2 + x*y + 1.5*y^2 - 4*x + 2*y', vars: ['x', 'y'], x0: [10, -7], tol: 1e-8, stop: 'grad-norm' };
    expect(count(quad)).toBe(1);
  });
  it('reaches (4, 4) from (3.2, 3.2) on the report function in five steps (curriculum: "about five")', () => {
    // Independent check (numpy): gradient norms 3.46, 4.42, 0.394, 7.6e-3, 2.4e-6, 2.3e-13.
    const report = { kind: 'newton-iterations', f: '85 - (1/90)*x^2*(x-6)*y^2*(y-6)', vars: ['x', 'y'], x0: [3.2, 3.2], tol: 1e-6, stop: 'grad-norm' };
    expect(count(report)).toBe(5);
  });
  it('writes 2 to 5 worked steps', () => {
    const { steps } = solveSpec(quartic).solution;
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeLessThanOrEqual(5);
    expect(steps[steps.length - 1].title).toContain('7');
  });
});

describe('newton-iterations: grading and mistakes', () => {
  it('accepts 7 and rejects others exactly', () => {
    expect(grade(quartic, '7')).toMatchObject({ correct: true, score: 1 });
    expect(grade(quartic, '9')).toMatchObject({ correct: false, score: 0 });
    expect(grade(quartic, '9').diagnosis).toBeUndefined();
  });
  it.each([
    ['off-by-one-more', '8'],
    ['off-by-one-fewer', '6'],
  ])('diagnoses %s from %s with score 0', (id, text) => {
    const g = grade(quartic, text);
    expect(g.score).toBe(0);
    expect(g.diagnosis?.id).toBe(id);
  });
  it('does not grade 7.5', () => {
    expect(gradeText(quartic, '7.5').ok).toBe(false);
  });
});

describe('newton-iterations: bad specs', () => {
  it('names x0 when the Hessian is singular at an iterate', () => {
    // f = x⁴ + y² from (0, 1): H = [[0, 0], [0, 2]] at the start
    const r = gradeText({ kind: 'newton-iterations', f: 'x^4 + y^2', vars: ['x', 'y'], x0: [0, 1], tol: 1e-6, stop: 'abs-step' }, '1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('x0');
  });
  it('says it does not converge when Newton diverges (x ← −x³ on sqrt(1 + x²) from 2)', () => {
    const r = gradeText({ kind: 'newton-iterations', f: 'sqrt(1 + x^2)', vars: ['x'], x0: [2], tol: 1e-6, stop: 'grad-norm' }, '1');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('x0');
      expect(r.error.message).toMatch(/not converge|not finite|singular/);
    }
  });
  it('names maxIter-limited non-convergence', () => {
    const r = gradeText({ ...quartic, maxIter: 3 }, '1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('does not converge from x0 = (1) within 3 iterations');
  });
  it.each([
    [{ ...quartic, stop: 'never' }, 'stop'],
    [{ ...quartic, tol: -1 }, 'tol'],
    [{ ...quartic, x0: [1, 2] }, 'x0'],
  ])('names the field (%#)', (raw, field) => {
    const r = gradeText(raw, '1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe(field);
  });
});
