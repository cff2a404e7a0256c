import { describe, expect, it } from 'vitest';
import { answerForm, gradeText, solveSpec } from '../engine';
import { SpecError } from '../types';

function grade(raw: unknown, text: string) {
  const r = gradeText(raw, text);
  if (!r.ok) throw new Error(`expected a grade, got: ${r.error.message}`);
  return r.grade;
}

// f = x² + 3y², x0 = (1, 1): ∇f = (2x, 6y) = (2, 6), H = diag(2, 6).
// Newton: p = −H⁻¹∇f = −(2/2, 6/6) = (−1, −1), x1 = (0, 0).
// The default plotted square is [−r, r], r = 1.6·max(1, |1|, |1|) = 1.6: width 3.2,
// tolerance 0.02·3.2 = 0.064.
const newton = { kind: 'figure-point', f: 'x^2 + 3*y^2', vars: ['x', 'y'], x0: [1, 1], target: 'newton' };
// Gradient step with lr 0.1: (1, 1) − 0.1·(2, 6) = (0.8, 0.4).
const gd = { ...newton, target: 'gd', lr: 0.1 };

describe('figure-point: the Newton step', () => {
  it('lands at (0, 0)', () => {
    const x1 = solveSpec(newton).solution.answer as number[];
    expect(x1[0]).toBeCloseTo(0, 12);
    expect(x1[1]).toBeCloseTo(0, 12);
  });
  it('accepts points within 0.064 of (0, 0) and rejects those just outside', () => {
    expect(grade(newton, '(0, 0)').correct).toBe(true);
    expect(grade(newton, '(0.06, 0)').correct).toBe(true); // distance 0.06
    expect(grade(newton, '(0.045, 0.045)').correct).toBe(true); // √(2·0.045²) = 0.06364 ≤ 0.064
    expect(grade(newton, '(0.046, 0.046)').correct).toBe(false); // 0.06505 > 0.064
    expect(grade(newton, '(0, -0.065)').correct).toBe(false);
    const g = grade(newton, '(0.065, 0)');
    expect(g.score).toBe(0);
    expect(g.trail[0]).toEqual({ name: 'distance', passed: false });
  });
  it('a wider tol (0.05 → 0.16) accepts (0.15, 0) but not (0.17, 0)', () => {
    expect(grade({ ...newton, tol: 0.05 }, '(0.15, 0)').correct).toBe(true);
    expect(grade({ ...newton, tol: 0.05 }, '(0.17, 0)').correct).toBe(false);
  });
  it('an author range [−4, 4] (width 8) makes the tolerance 0.16', () => {
    expect(grade({ ...newton, range: [-4, 4] }, '(0.159, 0)').correct).toBe(true);
    expect(grade({ ...newton, range: [-4, 4] }, '(0.161, 0)').correct).toBe(false);
  });
  it('diagnoses the gradient step (−1, −5), the wrong sign (2, 2) and H∇f: (1, 1) − (4, 36) = (−3, −35)', () => {
    expect(grade(newton, '(-1, -5)').diagnosis?.id).toBe('gradient-step');
    expect(grade(newton, '(2.01, 1.99)').diagnosis?.id).toBe('wrong-sign');
    expect(grade(newton, '(-3, -35)').diagnosis?.id).toBe('hessian-not-inverse');
    expect(grade(newton, '(1, 1)').diagnosis?.id).toBe('start-point');
    const g = grade(newton, '(-1, -5)');
    expect(g.trail).toContainEqual({ name: 'mistake:gradient-step', passed: true });
    expect(grade(newton, '(0.5, -0.7)').diagnosis).toBeUndefined();
  });
});

describe('figure-point: the gradient step', () => {
  it('lands at (0.8, 0.4)', () => {
    const x1 = solveSpec(gd).solution.answer as number[];
    expect(x1[0]).toBeCloseTo(0.8, 12);
    expect(x1[1]).toBeCloseTo(0.4, 12);
    expect(grade(gd, '0.8, 0.4').correct).toBe(true);
    expect(grade(gd, '0.8, 0.463').correct).toBe(true); // 0.063
    expect(grade(gd, '0.8, 0.465').correct).toBe(false); // 0.065
  });
  it('diagnoses the whole gradient (−1, −5), the wrong sign (1.2, 1.6) and the Newton point (0, 0)', () => {
    expect(grade(gd, '(-1, -5)').diagnosis?.id).toBe('forgot-lr');
    expect(grade(gd, '(1.2, 1.6)').diagnosis?.id).toBe('wrong-sign');
    expect(grade(gd, '(0, 0)').diagnosis?.id).toBe('newton-step');
  });
  it('needs lr', () => {
    expect(() => solveSpec({ ...gd, lr: undefined })).toThrow(SpecError);
    expect(() => solveSpec({ ...gd, lr: undefined })).toThrow(/lr/);
  });
  it('refuses a reference outside the plotted square: lr 0.5 lands at (0, −2), outside [−1.6, 1.6]', () => {
    expect(() => solveSpec({ ...gd, lr: 0.5 })).toThrow(/range.*outside the plotted square/);
    expect((solveSpec({ ...gd, lr: 0.5, range: [-3, 3] }).solution.answer as number[])[1]).toBeCloseTo(-2, 12);
  });
});

describe('figure-point: the minimum', () => {
  // f = (x − 1)² + 2(y + 0.5)² has its minimum at (1, −0.5).
  const min = { kind: 'figure-point', f: '(x-1)^2 + 2*(y+0.5)^2', vars: ['x', 'y'], x0: [0, 0], target: 'minimum' };
  it('finds (1, −0.5)', () => {
    const x = solveSpec(min).solution.answer as number[];
    expect(x[0]).toBeCloseTo(1, 6);
    expect(x[1]).toBeCloseTo(-0.5, 6);
    expect(grade(min, '(1, -0.5)').correct).toBe(true);
    expect(grade(min, '(0, 0)').diagnosis?.id).toBe('start-point');
  });
  it('refuses a saddle: f = x² − y² from (0.5, 0) descends to (0, 0), where H = diag(2, −2)', () => {
    expect(() => solveSpec({ ...min, f: 'x^2 - y^2', x0: [0.5, 0] })).toThrow(/not a strict minimum/);
  });
});

describe('figure-point: spec and form', () => {
  it('needs exactly two variables and a known target', () => {
    expect(() => solveSpec({ ...newton, vars: ['x', 'y', 'z'], x0: [1, 1, 1] })).toThrow(/two variables/);
    expect(() => solveSpec({ ...newton, target: 'bfgs' })).toThrow(/target/);
    expect(() => solveSpec({ ...newton, range: [2, 1] })).toThrow(/lo < hi/);
  });
  it('the answer form describes the figure and never holds the reference point', () => {
    const form = answerForm(solveSpec(gd));
    expect(form.shape).toBe('vector');
    expect(form.size).toEqual([2]);
    expect(form.figure).toEqual({
      mode: 'point',
      f: 'x^2 + 3*y^2',
      vars: ['x', 'y'],
      range: [-1.6, 1.6],
      from: [1, 1],
      accuracy: 'Place the point within 0.064 (2 % of the plot width).',
    });
    expect(JSON.stringify(form)).not.toMatch(/0\.8|0\.4\b/);
  });
  it('the solution path goes from x0 to the reference', () => {
    const solved = solveSpec(gd);
    const path = solved.kind.referencePath?.(solved) as number[][];
    expect(path[0]).toEqual([1, 1]);
    expect(path[1][0]).toBeCloseTo(0.8, 12);
  });
});
