import { describe, expect, it } from 'vitest';
import { gradeText, solveSpec } from '../engine';

function grade(raw: unknown, text: string) {
  const r = gradeText(raw, text);
  if (!r.ok) throw new Error(`expected a grade, got: ${r.error.message}`);
  return r.grade;
}

// curriculum.md: A = [[6, 1], [1, 4]] has eigenvalues 5 ± √2, so α* = 2/10 = 0.2.
const spec = { kind: 'gd-optimal-step', matrix: [[6, 1], [1, 4]] };

describe('gd-optimal-step', () => {
  it('solves 2/(λmin + λmax)', () => {
    expect(solveSpec(spec).solution.answer).toBeCloseTo(0.2, 12);
    // diag(1, 100): 2/101
    expect(solveSpec({ ...spec, matrix: [[1, 0], [0, 100]] }).solution.answer).toBeCloseTo(2 / 101, 12);
    // 3×3 diag(2, 3, 8): 2/10
    expect(solveSpec({ ...spec, matrix: [[2, 0, 0], [0, 3, 0], [0, 0, 8]] }).solution.answer).toBeCloseTo(0.2, 12);
    const { steps } = solveSpec(spec).solution;
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeLessThanOrEqual(5);
    expect(steps[steps.length - 1].latex).toContain('0.2');
  });

  it.each(['0.2', '1/5', '2/10', '0.20015', '2/(5-sqrt(2)+5+sqrt(2))'])('accepts %s', (text) => {
    expect(grade(spec, text)).toMatchObject({ correct: true, score: 1 });
  });

  it('rejects wrong numbers and does not grade unreadable ones', () => {
    expect(grade(spec, '0.25')).toMatchObject({ correct: false, score: 0 });
    expect(grade(spec, '0.25').diagnosis).toBeUndefined();
    expect(grade(spec, '0.2005').correct).toBe(false);
    expect(gradeText(spec, '0.2.').ok).toBe(false);
    expect(gradeText(spec, '[0.2, 0.1]').ok).toBe(false);
  });

  it.each([
    ['one-over-lmax', '1/(5+sqrt(2))'], // 0.155907
    ['two-over-lmax', '0.3118'], // 2/(5 + √2) = 0.311814
    ['missing-two', '0.1'], // 1/(λmin + λmax) = 1/10
  ])('diagnoses %s from %s', (id, text) => {
    const g = grade(spec, text);
    expect(g.correct).toBe(false);
    expect(g.diagnosis?.id).toBe(id);
  });

  it.each([
    [[[1, 2], [2, 1]], 'matrix must be positive definite'], // eigenvalues −1, 3
    [[[1, 0], [0, 0]], 'matrix must be positive definite'], // singular
    [[[1, 2], [0, 1]], 'matrix must be symmetric'],
    [[[1, 2, 3], [2, 1, 3]], 'matrix must be square'],
  ])('rejects the matrix %j', (matrix, message) => {
    const r = gradeText({ ...spec, matrix }, '1');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('matrix');
      expect(r.error.message).toContain(message);
    }
  });
});
