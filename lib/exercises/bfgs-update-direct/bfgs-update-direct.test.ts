import { describe, expect, it } from 'vitest';
import { gradeText, solveSpec } from '../engine';

function grade(raw: unknown, text: string) {
  const r = gradeText(raw, text);
  if (!r.ok) throw new Error(`expected a grade, got: ${r.error.message}`);
  return r.grade;
}

// By hand: B = I, s = (1, 0), y = (2, 1): Bs = (1, 0), sᵀBs = 1, yᵀs = 2.
// B⁺ = I − [[1, 0], [0, 0]] + ½[[4, 2], [2, 1]] = [[2, 1], [1, 1.5]]; B⁺s = (2, 1) = y.
// (Its inverse is [[0.75, −0.5], [−0.5, 1]], the inverse update of the same pair.)
const spec = { kind: 'bfgs-update-direct', B: [[1, 0], [0, 1]], s: [1, 0], y: [2, 1] };

describe('bfgs-update-direct', () => {
  it('matches the hand computation', () => {
    const B = solveSpec(spec).solution.answer as number[][];
    [[2, 1], [1, 1.5]].forEach((row, i) => row.forEach((v, j) => expect(B[i][j]).toBeCloseTo(v, 12)));
    const { steps } = solveSpec(spec).solution;
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeLessThanOrEqual(5);
  });
  it('matches a hand computation with B ≠ I', () => {
    // B = diag(2, 1), s = (1, 1), y = (1, 2): Bs = (2, 1), sᵀBs = 3, yᵀs = 3;
    // B⁺ = diag(2, 1) − ⅓[[4, 2], [2, 1]] + ⅓[[1, 2], [2, 4]] = [[1, 0], [0, 2]]; B⁺s = (1, 2) = y.
    const B = solveSpec({ ...spec, B: [[2, 0], [0, 1]], s: [1, 1], y: [1, 2] }).solution.answer as number[][];
    [[1, 0], [0, 2]].forEach((row, i) => row.forEach((v, j) => expect(B[i][j]).toBeCloseTo(v, 12)));
  });

  it.each(['[[2, 1], [1, 1.5]]', '[2, 1; 1, 3/2]'])('accepts %s', (text) => {
    expect(grade(spec, text)).toMatchObject({ correct: true, score: 1 });
  });
  it('gives per-entry credit and reads nothing from garbage', () => {
    const g = grade(spec, '[[2, 1], [1, 1]]');
    expect(g.score).toBe(0.75);
    expect(g.feedback).toContain('Entry (2, 2) is not right.');
    expect(gradeText(spec, '[[2, 1], [1, ]]').ok).toBe(false);
  });

  it.each([
    ['inverse-form', '[[0.75, -0.5], [-0.5, 1]]'],
    // s' = (2, 1), y' = (1, 0): I − ⅕[[4, 2], [2, 1]] + ½[[1, 0], [0, 0]] = [[0.7, −0.4], [−0.4, 0.8]]
    ['swapped-s-y', '[[0.7, -0.4], [-0.4, 0.8]]'],
    // I + [[1, 0], [0, 0]] + [[2, 1], [1, 0.5]] = [[1 + 1 + 2, 1], [1, 1 + 0 + 0.5]]
    ['sign-of-correction', '[[4, 1], [1, 1.5]]'],
  ])('diagnoses %s', (id, text) => {
    const g = grade(spec, text);
    expect(g.correct).toBe(false);
    expect(g.diagnosis?.id).toBe(id);
  });

  it.each([
    [{ ...spec, y: [-2, 1] }, 'y'], // yᵀs = −2
    [{ ...spec, B: [[-1, 0], [0, 1]] }, 'B'], // sᵀBs = −1
    [{ ...spec, s: [1] }, 's'],
    [{ ...spec, B: undefined }, 'B'],
  ])('names the bad field (%#)', (raw, field) => {
    const r = gradeText(raw, '[[1, 0], [0, 1]]');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe(field);
  });
});
