import { describe, expect, it } from 'vitest';
import { gradeText, solveSpec } from '../engine';

function grade(raw: unknown, text: string) {
  const r = gradeText(raw, text);
  if (!r.ok) throw new Error(`expected a grade, got: ${r.error.message}`);
  return r.grade;
}
const matrix = (raw: unknown) => solveSpec(raw).solution.answer as number[][];

function expectMatrix(actual: number[][], expected: number[][]) {
  expect(actual.length).toBe(expected.length);
  expected.forEach((row, i) => row.forEach((v, j) => expect(actual[i][j]).toBeCloseTo(v, 12)));
}

// By hand: H = I, s = (1, 0), y = (2, 1): yᵀs = 2, ρ = 1/2.
// I − ρ s yᵀ = I − ½[[2, 1], [0, 0]] = [[0, −½], [0, 1]];  I − ρ y sᵀ = [[0, 0], [−½, 1]].
// Their product = [[¼, −½], [−½, 1]]; plus ρ s sᵀ = [[½, 0], [0, 0]] → H⁺ = [[¾, −½], [−½, 1]].
// Secant check: H⁺y = (1.5 − 0.5, −1 + 1) = (1, 0) = s.
const spec = { kind: 'bfgs-update', H: [[1, 0], [0, 1]], s: [1, 0], y: [2, 1] };

describe('bfgs-update: solve', () => {
  it('matches the hand computation', () => {
    expectMatrix(matrix(spec), [[0.75, -0.5], [-0.5, 1]]);
    const { steps } = solveSpec(spec).solution;
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeLessThanOrEqual(5);
    expect(steps[0].latex).toContain('0.5'); // ρ = 1/2
  });
  it('matches a second hand computation with H ≠ I', () => {
    // H = diag(2, 1), s = (1, 1), y = (1, 2): yᵀs = 3, ρ = 1/3.
    // L = I − ⅓[[1, 2], [1, 2]] = [[⅔, −⅔], [−⅓, ⅓]], R = Lᵀ; L H R = [[12/9, −6/9], [−6/9, 3/9]];
    // plus ⅓[[1, 1], [1, 1]] → [[5/3, −1/3], [−1/3, 2/3]]; H⁺y = (1, 1) = s.
    expectMatrix(matrix({ ...spec, H: [[2, 0], [0, 1]], s: [1, 1], y: [1, 2] }), [[5 / 3, -1 / 3], [-1 / 3, 2 / 3]]);
  });
});

describe('bfgs-update: grading', () => {
  it.each(['[[0.75, -0.5], [-0.5, 1]]', '[3/4, -1/2; -1/2, 1]', '[[0.7502, -0.4998], [-0.5, 1.0004]]'])('accepts %s', (text) => {
    expect(grade(spec, text)).toMatchObject({ correct: true, score: 1 });
  });
  it('gives per-entry credit', () => {
    const g = grade(spec, '[[0.75, 0.5], [-0.5, 1]]');
    expect(g.score).toBe(0.75);
    expect(g.entries?.filter((e) => !e.correct)).toEqual([{ index: [0, 1], correct: false }]);
    expect(g.feedback).toContain('Entry (1, 2) is not right.');
    expect(g.diagnosis).toBeUndefined();
  });
  it('does not grade unreadable or mis-sized text', () => {
    for (const text of ['[[0.75, -0.5], [-0.5]]', '[[0.75, -0.5]]', '[[1, 2], [3, 4]', 'H']) {
      expect(gradeText(spec, text).ok, text).toBe(false);
    }
  });
});

describe('bfgs-update: mistakes', () => {
  it.each([
    // s, y swapped: H = I, s' = (2, 1), y' = (1, 0), ρ = ½: factors [[0, 0], [−½, 1]] and [[0, −½], [0, 1]],
    // product [[0, 0], [0, 1.25]], plus ½[[4, 2], [2, 1]] → [[2, 1], [1, 1.75]]
    ['swapped-s-y', '[[2, 1], [1, 1.75]]'],
    // direct form with B = I: I − [[1, 0], [0, 0]] + ½[[4, 2], [2, 1]] = [[2, 1], [1, 1.5]]
    ['direct-form', '[[2, 1], [1, 1.5]]'],
    // without ρ s sᵀ
    ['forgot-rank-one-term', '[[0.25, -0.5], [-0.5, 1]]'],
    // (I − ρ s yᵀ) H (I − ρ s yᵀ) + ρ s sᵀ = [[0, −½], [0, 1]]² + [[½, 0], [0, 0]]
    ['right-factor-not-transposed', '[[0.5, -0.5], [0, 1]]'],
    // (I − ρ y sᵀ) H (I − ρ y sᵀ) + ρ s sᵀ = [[0, 0], [−½, 1]]² + [[½, 0], [0, 0]]
    ['left-factor-not-transposed', '[[0.5, 0], [-0.5, 1]]'],
  ])('diagnoses %s', (id, text) => {
    const g = grade(spec, text);
    expect(g.correct).toBe(false);
    expect(g.diagnosis?.id).toBe(id);
  });
});

describe('bfgs-update: bad specs', () => {
  it.each([
    [{ ...spec, y: [-1, 0] }, 'y', 'curvature'], // yᵀs = −1
    [{ ...spec, y: [0, 1] }, 'y', 'curvature'], // yᵀs = 0
    [{ ...spec, s: [1, 0, 0] }, 's', 'expected 2 entries'],
    [{ ...spec, y: [1] }, 'y', 'expected 2 entries'],
    [{ ...spec, H: [[1, 2], [0, 1]] }, 'H', 'symmetric'],
    [{ ...spec, s: 'one' }, 's', ''],
  ])('rejects %j', (raw, field, message) => {
    const r = gradeText(raw, '[[1, 0], [0, 1]]');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe(field);
      expect(r.error.message).toContain(message);
    }
  });
});
