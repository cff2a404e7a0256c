import { describe, expect, it } from 'vitest';
import { gradeText, solveSpec } from '../engine';

function grade(raw: unknown, text: string) {
  const r = gradeText(raw, text);
  if (!r.ok) throw new Error(`expected a grade, got: ${r.error.message}`);
  return r.grade;
}

// curriculum.md: κ = 100 keeps (κ − 1)/(κ + 1) = 99/101 ≈ 0.9802 of the error per step.
const spec = { kind: 'gd-rate', matrix: [[1, 0], [0, 100]] };

describe('gd-rate', () => {
  it('solves (κ − 1)/(κ + 1)', () => {
    expect(solveSpec(spec).solution.answer).toBeCloseTo(99 / 101, 12);
    // [[6, 1], [1, 4]]: (λmax − λmin)/(λmax + λmin) = 2√2/10
    expect(solveSpec({ ...spec, matrix: [[6, 1], [1, 4]] }).solution.answer).toBeCloseTo(Math.SQRT2 / 5, 12);
    // κ = 1 converges in one step: rate 0
    expect(solveSpec({ ...spec, matrix: [[3, 0], [0, 3]] }).solution.answer).toBeCloseTo(0, 12);
    const { steps } = solveSpec(spec).solution;
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeLessThanOrEqual(5);
    expect(steps.map((s) => s.latex).join(' ')).toContain('100');
  });

  it.each(['99/101', '0.9802', '0.98', '(100-1)/(100+1)'])('accepts %s', (text) => {
    expect(grade(spec, text)).toMatchObject({ correct: true, score: 1 });
  });

  it('rejects other numbers', () => {
    expect(grade(spec, '0.97').correct).toBe(false);
    expect(grade(spec, '0.97').diagnosis).toBeUndefined();
    expect(gradeText(spec, 'ninety-eight percent').ok).toBe(false);
  });

  it.each([
    ['one-over-kappa', '0.01'], // 1/κ
    ['kappa-minus-one-over-kappa', '0.99'], // 99/100
    ['kappa', '100'],
    ['sqrt-kappa', '9/11'], // (10 − 1)/(10 + 1)
  ])('diagnoses %s from %s', (id, text) => {
    const g = grade(spec, text);
    expect(g.correct).toBe(false);
    expect(g.diagnosis?.id).toBe(id);
  });

  it('rejects a matrix that is not positive definite', () => {
    const r = gradeText({ ...spec, matrix: [[1, 0], [0, -100]] }, '1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ field: 'matrix' });
    const missing = gradeText({ kind: 'gd-rate' }, '1');
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.field).toBe('matrix');
  });
});
