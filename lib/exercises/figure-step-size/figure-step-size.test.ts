import { describe, expect, it } from 'vitest';
import { answerForm, gradeText, solveSpec } from '../engine';

function grade(raw: unknown, text: string) {
  const r = gradeText(raw, text);
  if (!r.ok) throw new Error(`expected a grade, got: ${r.error.message}`);
  return r.grade;
}

// f = x² + 3y² from (1, 1): x_k = (1 − 2α)^k, y_k = (1 − 6α)^k, ∇f(x_k) = (2x_k, 6y_k).
// Stop: ‖∇f(x_k)‖ ≤ 0.01, within 10 iterations.
//  α = 0.22: factors 0.56, −0.32; k = 9: 2·0.56⁹ = 0.01083 > 0.01; k = 10: 2·0.56¹⁰ = 0.00607
//            (y part 6·0.32¹⁰ = 6.8e-5): 10 iterations — right.
//  α = 0.25: factors ±0.5, ‖∇f‖ = √40·0.5^k: k = 9: 0.01235, k = 10: 0.00618: 10 — right.
//  α = 0.2: factors 0.6, −0.2; k = 10: 2·0.6¹⁰ = 0.01209 > 0.01; k = 11: 0.00726: 11 — too slow (too small).
//  α = 0.3: factors 0.4, −0.8; 6·0.8^k ≤ 0.01 from k = 29 — too slow (zigzag).
//  α = 0.34: 1 − 6α = −1.04: diverges.
// The window: 2(1 − 2α)¹⁰ ≤ 0.01 ⇒ α ≥ 0.2056; 6|1 − 6α|¹⁰ ≤ 0.01 ⇒ α ≤ 0.2546.
const spec = { kind: 'figure-step-size', f: 'x^2 + 3*y^2', vars: ['x', 'y'], x0: [1, 1], within: 10, stop: 'grad-norm', tol: 0.01, lr: [0.01, 0.4] };

describe('figure-step-size', () => {
  it('accepts step sizes that converge within 10 iterations', () => {
    expect(grade(spec, '0.22').correct).toBe(true);
    expect(grade(spec, '0.25').correct).toBe(true);
    expect(grade(spec, '0.25').feedback[0]).toContain('10 iterations');
    expect(grade(spec, '1/4').correct).toBe(true);
  });
  it('rejects 0.2 (11 iterations) as too small', () => {
    const g = grade(spec, '0.2');
    expect(g.correct).toBe(false);
    expect(g.diagnosis?.id).toBe('too-small');
    expect(g.feedback[0]).toContain('it takes 11 iterations');
  });
  it('rejects 0.05 as too small: 2·0.9^k ≤ 0.01 from k = 51', () => {
    expect(grade(spec, '0.05').feedback[0]).toContain('it takes 51 iterations');
  });
  it('rejects 0.3 (29 iterations) as zigzagging', () => {
    const g = grade(spec, '0.3');
    expect(g.diagnosis?.id).toBe('zigzag');
    expect(g.feedback[0]).toContain('it takes 29 iterations');
  });
  it('rejects 0.34 and 0.5 as diverging, and −0.1 as not a step size', () => {
    expect(grade(spec, '0.34').diagnosis?.id).toBe('diverges');
    expect(grade(spec, '0.5').diagnosis?.id).toBe('diverges');
    expect(grade(spec, '-0.1').diagnosis?.id).toBe('not-positive');
    expect(grade(spec, '0').correct).toBe(false);
  });
  it('the reference lies in the window [0.2056, 0.2546] and is right', () => {
    const alpha = solveSpec(spec).solution.answer as number;
    expect(alpha).toBeGreaterThan(0.2056);
    expect(alpha).toBeLessThan(0.2546);
    expect(grade(spec, String(alpha)).correct).toBe(true);
  });
  it('defaults: within 10, grad-norm, tol 0.01', () => {
    const { within, stop, tol, ...rest } = spec;
    void within;
    void stop;
    void tol;
    expect(grade(rest, '0.22').correct).toBe(true);
    expect(grade(rest, '0.2').correct).toBe(false);
  });
  it('refuses a slider range where nothing works: [0.01, 0.1]', () => {
    expect(() => solveSpec({ ...spec, lr: [0.01, 0.1] })).toThrow(/lr: no step size/);
    expect(() => solveSpec({ ...spec, lr: [0.3, 0.1] })).toThrow(/min < max/);
  });
  it('the form gives the slider range and never the reference', () => {
    const solved = solveSpec(spec);
    const form = answerForm(solved);
    expect(form.shape).toBe('number');
    expect(form.figure).toMatchObject({ mode: 'step-size', from: [1, 1], lr: [0.01, 0.4], within: 10 });
    expect(JSON.stringify(form)).not.toContain(String(solved.solution.answer));
  });
});
