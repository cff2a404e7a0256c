import { describe, expect, it } from 'vitest';
import { gradeText, solveSpec } from '../engine';

// f = x^3 + y^3 + 2xy, ∇f = (3x² + 2y, 3y² + 2x); at (1, 2): ∇f = (3 + 4, 12 + 2) = (7, 14).
// With α = 0.1: x1 = (1 − 0.7, 2 − 1.4) = (0.3, 0.6).
const spec = { kind: 'gd-step', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], x0: [1, 2], lr: 0.1 };

function grade(raw: unknown, text: string) {
  const r = gradeText(raw, text);
  if (!r.ok) throw new Error(`expected a grade, got: ${r.error.message}`);
  return r.grade;
}

describe('gd-step: solve', () => {
  it('steps against the hand-computed gradient', () => {
    const { solution, shape } = solveSpec(spec);
    expect(shape).toBe('vector');
    const x1 = solution.answer as number[];
    expect(x1[0]).toBeCloseTo(0.3, 12);
    expect(x1[1]).toBeCloseTo(0.6, 12);
    expect(solution.steps.length).toBeGreaterThanOrEqual(2);
    expect(solution.steps.length).toBeLessThanOrEqual(5);
    // the worked steps show this variant's gradient and result
    const all = solution.steps.map((s) => s.latex).join(' ');
    expect(all).toContain('7\\\\14');
    expect(all).toContain('0.3\\\\0.6');
  });

  it('works in three variables: f = x² + 2y² + 3z² from (1, 1, 1), α = 0.25 → (0.5, 0, −0.5)', () => {
    // ∇f = (2x, 4y, 6z) = (2, 4, 6); x1 = (1 − 0.5, 1 − 1, 1 − 1.5)
    const answer = solveSpec({ kind: 'gd-step', f: 'x^2 + 2*y^2 + 3*z^2', vars: ['x', 'y', 'z'], x0: [1, 1, 1], lr: 0.25 }).solution.answer as number[];
    expect(answer[0]).toBeCloseTo(0.5, 12);
    expect(answer[1]).toBeCloseTo(0, 12);
    expect(answer[2]).toBeCloseTo(-0.5, 12);
  });
});

describe('gd-step: grading', () => {
  it.each(['[0.3, 0.6]', '(0.3, 0.6)', '0.3, 0.6', '[3/10, 6/10]', '[0.3003, 0.5995]'])('accepts %s', (text) => {
    const g = grade(spec, text);
    expect(g.correct).toBe(true);
    expect(g.score).toBe(1);
    expect(g.diagnosis).toBeUndefined();
  });

  it('rejects an answer just outside the tolerance', () => {
    expect(grade(spec, '[0.3, 0.601]').correct).toBe(false);
  });

  it('gives partial credit and names the wrong entry', () => {
    const g = grade(spec, '[0.3, 0.7]');
    expect(g.correct).toBe(false);
    expect(g.score).toBe(0.5);
    expect(g.entries).toEqual([
      { index: [0], correct: true },
      { index: [1], correct: false },
    ]);
    expect(g.feedback).toContain('Entry 2 is not right.');
  });

  it('scores a wholly wrong answer 0 with no diagnosis when no known mistake fits', () => {
    const g = grade(spec, '[5, 5]');
    expect(g.score).toBe(0);
    expect(g.diagnosis).toBeUndefined();
  });

  it('does not grade unreadable text', () => {
    for (const text of ['[0.3, ', 'hello', '[0.3, 0.6, 1]', '']) {
      const r = gradeText(spec, text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.field).toBeUndefined();
    }
  });
});

describe('gd-step: mistakes', () => {
  it.each([
    ['wrong-sign', '[1.7, 3.4]'], // x0 + α g = (1 + 0.7, 2 + 1.4)
    ['forgot-step-size', '[-6, -12]'], // x0 − g = (1 − 7, 2 − 14)
    ['gave-step', '[0.7, 1.4]'], // α g
    ['gave-gradient', '[7, 14]'], // g
  ])('diagnoses %s from %s', (id, text) => {
    const g = grade(spec, text);
    expect(g.correct).toBe(false);
    expect(g.score).toBe(0);
    expect(g.diagnosis?.id).toBe(id);
    expect(g.diagnosis?.message.length).toBeGreaterThan(10);
  });

  it('does not diagnose "forgot the step size" when α = 1 (it is the right answer then)', () => {
    // α = 1: x1 = (1 − 7, 2 − 14) = (−6, −12), which is right, not a mistake
    const g = grade({ ...spec, lr: 1 }, '[-6, -12]');
    expect(g.correct).toBe(true);
    expect(g.diagnosis).toBeUndefined();
  });
});

describe('gd-step: bad specs', () => {
  it.each([
    [{ ...spec, x0: [1] }, 'x0'],
    [{ ...spec, lr: 0 }, 'lr'],
    [{ ...spec, lr: -0.1 }, 'lr'],
    [{ ...spec, f: 'x^3 + w' }, 'f'],
    [{ ...spec, f: '' }, 'f'],
    [{ ...spec, vars: ['x', 'x'] }, 'vars'],
    [{ kind: 'gd-step', f: 'x^2', vars: ['x'], x0: [1] }, 'lr'],
    [{ ...spec, f: 'sqrt(x) + y', x0: [0, 2] }, 'x0'], // ∂f/∂x = 1/(2√x) is infinite at x = 0
  ])('names the field (%#)', (raw, field) => {
    const r = gradeText(raw, '[0, 0]');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe(field);
  });
});
