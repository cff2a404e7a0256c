import { describe, expect, it } from 'vitest';
import { gradeText, solveSpec } from '../engine';

function grade(raw: unknown, text: string) {
  const r = gradeText(raw, text);
  if (!r.ok) throw new Error(`expected a grade, got: ${r.error.message}`);
  return r.grade;
}
const point = (raw: unknown) => solveSpec(raw).solution.answer as number[];

// curriculum.md, lesson 7: f = ½xᵀAx + bᵀx with A = [[5, 1], [1, 3]], b = [−4, 2]
// = 2.5x² + xy + 1.5y² − 4x + 2y; one Newton step from anywhere lands on −A⁻¹b = (1, −1).
const quadratic = { kind: 'newton-step', f: '2.5*x^2 + x*y + 1.5*y^2 - 4*x + 2*y', vars: ['x', 'y'] };
// The report function of lesson 7.
const report = { kind: 'newton-step', f: '85 - (1/90)*x^2*(x-6)*y^2*(y-6)', vars: ['x', 'y'] };
// f = x³ + y³ + 2xy at (1, 2): g = (7, 14), H = [[6, 2], [2, 12]], det H = 68,
// H⁻¹g = [[12, −2], [−2, 6]]·(7, 14)/68 = (56, 70)/68 = (14/17, 35/34),
// x1 = (1 − 14/17, 2 − 35/34) = (3/17, 33/34) ≈ (0.176471, 0.970588).
const cubic = { kind: 'newton-step', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], x0: [1, 2] };

describe('newton-step: solve', () => {
  it.each([[[0, 0]], [[10, -7]], [[-3.5, 100]]])('lands on (1, −1) from %j on the quadratic', (x0) => {
    const x1 = point({ ...quadratic, x0 });
    expect(x1[0]).toBeCloseTo(1, 10);
    expect(x1[1]).toBeCloseTo(-1, 10);
  });
  it('goes from (3.2, 3.2) to ≈ (4.6933, 4.6933) and from (1, 1) to ≈ (0.5946, 0.5946) on the report function', () => {
    const a = point({ ...report, x0: [3.2, 3.2] });
    expect(a[0]).toBeCloseTo(4.6933, 4);
    expect(a[1]).toBeCloseTo(4.6933, 4);
    const b = point({ ...report, x0: [1, 1] });
    expect(b[0]).toBeCloseTo(0.5946, 4);
    expect(b[1]).toBeCloseTo(0.5946, 4);
  });
  it('solves the hand-worked cubic example', () => {
    const x1 = point(cubic);
    expect(x1[0]).toBeCloseTo(3 / 17, 12);
    expect(x1[1]).toBeCloseTo(33 / 34, 12);
    const { steps } = solveSpec(cubic).solution;
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeLessThanOrEqual(5);
    expect(steps[0].latex).toContain('6&2\\\\2&12'); // the Hessian at (1, 2)
  });
});

describe('newton-step: grading', () => {
  it.each(['[3/17, 33/34]', '(0.176471, 0.970588)', '0.1765, 0.9706', '[0.17647, 0.97059]'])('accepts %s', (text) => {
    expect(grade(cubic, text)).toMatchObject({ correct: true, score: 1 });
  });
  it('gives partial credit per entry', () => {
    const g = grade(cubic, '[3/17, 1]');
    expect(g.score).toBe(0.5);
    expect(g.feedback).toContain('Entry 2 is not right.');
    expect(g.diagnosis).toBeUndefined();
  });
  it('rejects a near miss and reads nothing from garbage', () => {
    expect(grade(cubic, '[0.18, 0.97]').correct).toBe(false);
    expect(gradeText(cubic, '[0.18; 0.97').ok).toBe(false);
    expect(gradeText(cubic, '[0.1, 0.2, 0.3]').ok).toBe(false);
  });
});

describe('newton-step: mistakes', () => {
  it.each([
    ['hessian-not-inverse', '[-69, -180]'], // H g = (6·7 + 2·14, 2·7 + 12·14) = (70, 182); x0 − Hg
    ['wrong-sign', '[31/17, 103/34]'], // x0 + H⁻¹g = (1 + 14/17, 2 + 35/34)
    ['gradient-step', '[-6, -12]'], // x0 − g
    ['gave-step', '[-14/17, -35/34]'], // p = −H⁻¹g
  ])('diagnoses %s from %s', (id, text) => {
    const g = grade(cubic, text);
    expect(g.correct).toBe(false);
    expect(g.score).toBe(0);
    expect(g.diagnosis?.id).toBe(id);
  });
});

describe('newton-step: bad specs', () => {
  it('names x0 when the Hessian is singular there', () => {
    // f = x⁴ + y² at (0, 1): H = [[0, 0], [0, 2]]
    const r = gradeText({ kind: 'newton-step', f: 'x^4 + y^2', vars: ['x', 'y'], x0: [0, 1] }, '[0, 0]');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('x0');
      expect(r.error.message).toContain('singular');
    }
  });
  it.each([
    [{ ...cubic, x0: [1, 2, 3] }, 'x0'],
    [{ ...cubic, x0: undefined }, 'x0'],
    [{ ...cubic, f: 'x^3 + z' }, 'f'],
    [{ ...cubic, vars: [] }, 'vars'],
  ])('names the field (%#)', (raw, field) => {
    const r = gradeText(raw, '[0, 0]');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe(field);
  });
});
