import { describe, expect, it } from 'vitest';
import { answerForm, gradeText, solveSpec } from '../engine';

function grade(raw: unknown, text: string) {
  const r = gradeText(raw, text);
  if (!r.ok) throw new Error(`expected a grade, got: ${r.error.message}`);
  return r.grade;
}

const deg = Math.PI / 180;

// f = x² + 3y² at (1, 1): ∇f = (2, 6), H = diag(2, 6).
// Steepest descent −∇f = (−2, −6); Newton p = −H⁻¹∇f = (−1, −1) (at 225°).
const base = { kind: 'figure-direction', f: 'x^2 + 3*y^2', vars: ['x', 'y'], at: [1, 1] };
const newton = { ...base, target: 'newton' };
const steepest = { ...base, target: 'steepest-descent' };

describe('figure-direction: Newton', () => {
  it('is (−1, −1) whatever its length, within 8°', () => {
    for (const t of ['(-1, -1)', '(-5, -5)', '(-0.01, -0.01)']) expect(grade(newton, t).correct).toBe(true);
    // (−1, −1.3): atan(1.3) − 45° = 52.43° − 45° = 7.43° ≤ 8°
    expect(grade(newton, '(-1, -1.3)').correct).toBe(true);
    // (−1, −1.35): atan(1.35) − 45° = 53.47° − 45° = 8.47° > 8°
    expect(grade(newton, '(-1, -1.35)').correct).toBe(false);
    expect(grade(newton, '(-1, -1.35)').trail[0]).toEqual({ name: 'angle', passed: false });
  });
  it('angle 10 accepts the 8.47° answer', () => {
    expect(grade({ ...newton, angle: 10 }, '(-1, -1.35)').correct).toBe(true);
  });
  it('diagnoses −∇f, the wrong sign and −H∇f = −(4, 36)', () => {
    expect(grade(newton, '(-2, -6)').diagnosis?.id).toBe('gradient-direction');
    expect(grade(newton, '(1, 1)').diagnosis?.id).toBe('wrong-sign');
    // −H∇f = (−4, −36) is atan(9) − atan(3) = 83.66° − 71.57° = 12.1° from −∇f, so it is not "gradient-direction".
    expect(grade(newton, '(-4, -36)').diagnosis?.id).toBe('hessian-not-inverse');
    expect(grade(newton, '(1, -1)').diagnosis).toBeUndefined();
  });
});

describe('figure-direction: steepest descent', () => {
  it('is (−2, −6) up to length', () => {
    expect(grade(steepest, '(-1, -3)').correct).toBe(true);
    expect(grade(steepest, '(2, 6)').diagnosis?.id).toBe('ascent');
    // (−1, −1) is atan(3) − 45° = 26.6° off.
    expect(grade(steepest, '(-1, -1)').diagnosis?.id).toBe('newton-direction');
  });
  it('is not defined where the gradient vanishes', () => {
    expect(() => solveSpec({ ...steepest, at: [0, 0] })).toThrow(/gradient vanishes/);
  });
});

describe('figure-direction: negative curvature', () => {
  // f = x² − y² at (0.5, 0.5): H = diag(2, −2), λmin = −2 with v = (0, 1); the rule asks
  // r(d) = dᵀHd/‖d‖² ≤ λmin/10 = −0.2 (or within 8° of ±v with r < 0).
  const saddle = { kind: 'figure-direction', f: 'x^2 - y^2', vars: ['x', 'y'], at: [0.5, 0.5], target: 'negative-curvature' };
  it('accepts clearly negative curvature, either sign', () => {
    expect(grade(saddle, '(0, 1)').correct).toBe(true);
    expect(grade(saddle, '(0, -3)').correct).toBe(true);
    // (1, 1.2): r = (2 − 2·1.44)/2.44 = −0.3607 ≤ −0.2
    expect(grade(saddle, '(1, 1.2)').correct).toBe(true);
    expect(grade(saddle, '(1, 1.2)').feedback[0]).toContain('-0.3607');
  });
  it('rejects a direction with barely negative curvature: (1, 1.05), r = (2 − 2.205)/2.1025 = −0.0975', () => {
    const g = grade(saddle, '(1, 1.05)');
    expect(g.correct).toBe(false);
    expect(g.diagnosis?.id).toBe('nearly-flat');
  });
  it('rejects positive curvature: (1, 0) is the top eigenvector (r = 2); (1, 0.5) has r = (2 − 0.5)/1.25 = 1.2', () => {
    expect(grade(saddle, '(1, 0)').diagnosis?.id).toBe('largest-eigenvector');
    expect(grade(saddle, '(1, 0.5)').diagnosis?.id).toBe('positive-curvature');
    expect(grade(saddle, '(1, 0.5)').correct).toBe(false);
  });
  it('near the eigenvector with a steep other direction: f = 50x² − y², H = diag(100, −2)', () => {
    const steep = { ...saddle, f: '50*x^2 - y^2' };
    // 7.9° from v: r = 100·sin²7.9° − 2·cos²7.9° = 1.8891 − 1.9622 = −0.0731: above −0.2 but within 8° and < 0: right.
    expect(grade(steep, `(${Math.sin(7.9 * deg)}, ${Math.cos(7.9 * deg)})`).correct).toBe(true);
    // 8.2° from v: r = 100·0.020329 − 2·0.979671 = +0.0737 > 0: wrong.
    expect(grade(steep, `(${Math.sin(8.2 * deg)}, ${Math.cos(8.2 * deg)})`).correct).toBe(false);
    // 5° from v but 8.3° would fail the angle: r(7.5°) = 1.7037 − 1.9659 = −0.2622 ≤ −0.2 — right by curvature alone.
    expect(grade(steep, `(${Math.sin(7.5 * deg)}, ${Math.cos(7.5 * deg)})`).correct).toBe(true);
  });
  it('needs a negative eigenvalue', () => {
    expect(() => solveSpec({ ...saddle, f: 'x^2 + 3*y^2' })).toThrow(/no negative eigenvalue/);
  });
  it('the zero vector is not read (not an attempt), with a clear message', () => {
    const r = gradeText(saddle, '(0, 0)');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/zero vector has no direction/);
  });
  it('the form gives the point and never the eigenvector', () => {
    const form = answerForm(solveSpec(saddle));
    expect(form.figure).toMatchObject({ mode: 'direction', from: [0.5, 0.5], range: [-1.6, 1.6] });
    expect(Object.keys(form.figure!).sort()).toEqual(['accuracy', 'f', 'from', 'mode', 'range', 'vars']);
  });
});
