import { describe, expect, it } from 'vitest';
import { gradeText, solveSpec } from '../engine';

function grade(raw: unknown, text: string) {
  const r = gradeText(raw, text);
  if (!r.ok) throw new Error(`expected a grade, got: ${r.error.message}`);
  return r.grade;
}
const point = (raw: unknown) => solveSpec(raw).solution.answer as number[];

// f = x² + 5y² from (2, 1): ∇f = (2x, 10y) = (4, 10). P = diag(2, 10): P⁻¹∇f = (2, 1).
// α = 0.5: x1 = (2 − 1, 1 − 0.5) = (1, 0.5).
const spec = { kind: 'preconditioned-step', f: 'x^2 + 5*y^2', vars: ['x', 'y'], x0: [2, 1], P: [[2, 0], [0, 10]], lr: 0.5 };

describe('preconditioned-step: solve', () => {
  it('matches the hand computation', () => {
    const x1 = point(spec);
    expect(x1[0]).toBeCloseTo(1, 12);
    expect(x1[1]).toBeCloseTo(0.5, 12);
    const { steps } = solveSpec(spec).solution;
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeLessThanOrEqual(5);
  });
  it('defaults lr to 1: the exact diagonal preconditioner reaches the minimum in one step (curriculum lesson 11)', () => {
    // f = ½(x² + 100y²), P = diag(1, 100) = H: x1 = (1, 1) − (1, 1) = (0, 0)
    const x1 = point({ kind: 'preconditioned-step', f: '0.5*(x^2 + 100*y^2)', vars: ['x', 'y'], x0: [1, 1], P: [[1, 0], [0, 100]] });
    expect(x1[0]).toBeCloseTo(0, 12);
    expect(x1[1]).toBeCloseTo(0, 12);
  });
  it('solves with a full P: P = H of x² + xy + y² is a Newton step to (0, 0)', () => {
    // ∇f(1, 1) = (3, 3); [[2, 1], [1, 2]] v = (3, 3) → v = (1, 1)
    const x1 = point({ kind: 'preconditioned-step', f: 'x^2 + x*y + y^2', vars: ['x', 'y'], x0: [1, 1], P: [[2, 1], [1, 2]] });
    expect(x1[0]).toBeCloseTo(0, 12);
    expect(x1[1]).toBeCloseTo(0, 12);
  });
});

describe('preconditioned-step: grading', () => {
  it.each(['[1, 0.5]', '(1, 1/2)', '1, 0.5'])('accepts %s', (text) => {
    expect(grade(spec, text)).toMatchObject({ correct: true, score: 1 });
  });
  it('gives per-entry credit and reads nothing from garbage', () => {
    const g = grade(spec, '[1, 0]');
    expect(g.score).toBe(0.5);
    expect(g.feedback).toContain('Entry 2 is not right.');
    expect(gradeText(spec, '[1 0.5').ok).toBe(false);
  });
  it.each([
    // P∇f = (8, 100): x0 − ½(8, 100) = (−2, −49)
    ['p-not-inverse', '[-2, -49]'],
    // x0 − ½(4, 10) = (0, −4)
    ['not-preconditioned', '[0, -4]'],
  ])('diagnoses %s', (id, text) => {
    const g = grade(spec, text);
    expect(g.correct).toBe(false);
    expect(g.diagnosis?.id).toBe(id);
  });
});

describe('preconditioned-step: bad specs', () => {
  it.each([
    [{ ...spec, P: [[1, 0], [0, -1]] }, 'P'],
    [{ ...spec, P: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }, 'P'],
    [{ ...spec, P: [[1, 2], [3, 1]] }, 'P'],
    [{ ...spec, lr: 0 }, 'lr'],
    [{ ...spec, x0: [2] }, 'x0'],
  ])('names the bad field (%#)', (raw, field) => {
    const r = gradeText(raw, '[0, 0]');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe(field);
  });
});
