import { describe, expect, it } from 'vitest';
import { gradeText, solveSpec } from '../engine';

function grade(raw: unknown, text: string) {
  const r = gradeText(raw, text);
  if (!r.ok) throw new Error(`expected a grade, got: ${r.error.message}`);
  return r.grade;
}
const direction = (raw: unknown) => solveSpec(raw).solution.answer as number[];

// One pair, by hand: g = (1, 1), s = (1, 0), y = (2, 1): ρ = ½, γ = sᵀy/yᵀy = 2/5.
// First loop: α = ρ sᵀg = ½, q = g − α y = (0, ½). r = γ q = (0, 0.2).
// Second loop: β = ρ yᵀr = 0.1, r = r + s(α − β) = (0.4, 0.2). d = −r = (−0.4, −0.2).
// (Check: H = γ[[¼, −½], [−½, 1]] + [[½, 0], [0, 0]] = [[0.6, −0.2], [−0.2, 0.4]], H g = (0.4, 0.2).)
const one = { kind: 'lbfgs-direction', g: [1, 1], s: [[1, 0]], y: [[2, 1]] };

// Two pairs (oldest first), by hand: s1 = (1, 0), y1 = (2, 1), ρ1 = ½; s2 = (0, 1), y2 = (1, 3), ρ2 = ⅓;
// γ = s2ᵀy2 / y2ᵀy2 = 3/10. g = (1, 1).
// First loop (newest first): α2 = ⅓·1 = ⅓, q = (1, 1) − ⅓(1, 3) = (⅔, 0);
//   α1 = ½·⅔ = ⅓, q = (⅔, 0) − ⅓(2, 1) = (0, −⅓).
// r = 0.3 q = (0, −0.1).
// Second loop (oldest first): β1 = ½(2·0 − 0.1) = −0.05, r = (⅓ + 0.05, −0.1) = (23/60, −0.1);
//   β2 = ⅓(23/60 − 0.3) = 1/36, r = (23/60, −0.1 + ⅓ − 1/36) = (23/60, 37/180).
// d = (−23/60, −37/180) ≈ (−0.383333, −0.205556).
const two = { kind: 'lbfgs-direction', g: [1, 1], s: [[1, 0], [0, 1]], y: [[2, 1], [1, 3]] };

describe('lbfgs-direction: solve', () => {
  it('matches the one-pair hand computation', () => {
    const d = direction(one);
    expect(d[0]).toBeCloseTo(-0.4, 12);
    expect(d[1]).toBeCloseTo(-0.2, 12);
  });
  it('matches the two-pair hand computation', () => {
    const d = direction(two);
    expect(d[0]).toBeCloseTo(-23 / 60, 12);
    expect(d[1]).toBeCloseTo(-37 / 180, 12);
    const { steps } = solveSpec(two).solution;
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeLessThanOrEqual(5);
    expect(steps[0].latex).toContain('0.3'); // γ
  });
});

describe('lbfgs-direction: grading', () => {
  it.each(['[-23/60, -37/180]', '(-0.38333, -0.20556)', '-0.3833, -0.2056'])('accepts %s', (text) => {
    expect(grade(two, text)).toMatchObject({ correct: true, score: 1 });
  });
  it('gives per-entry credit', () => {
    const g = grade(two, '[-0.3, -37/180]');
    expect(g.score).toBe(0.5);
    expect(g.feedback).toContain('Entry 1 is not right.');
  });
  it('does not grade unreadable text', () => {
    expect(gradeText(two, '[-0.38, ').ok).toBe(false);
    expect(gradeText(two, '-0.38').ok).toBe(false);
  });
});

describe('lbfgs-direction: mistakes', () => {
  it.each([
    ['forgot-minus', '[23/60, 37/180]'],
    // γ = s1ᵀy1/y1ᵀy1 = 0.4: r0 = (0, −2/15); β1 = −1/15, r = (0.4, −2/15); β2 = 0, r = (0.4, 0.2)
    ['gamma-of-oldest-pair', '[-0.4, -0.2]'],
    // γ = 1: r0 = (0, −⅓); β1 = −1/6, r = (½, −⅓); β2 = −1/6, r = (½, 1/6)
    ['identity-h0', '[-0.5, -1/6]'],
    // the list read as newest first (so γ = 0.4 of pair 1): α1 = ½, q = (0, ½); α2 = 1/6, q = (−1/6, 0);
    // r = (−1/15, 0); β2 = −1/45, r = (−1/15, 17/90); β1 = 1/36, r = (73/180, 17/90)
    ['wrong-order', '[-73/180, -17/90]'],
  ])('diagnoses %s', (id, text) => {
    const g = grade(two, text);
    expect(g.correct).toBe(false);
    expect(g.diagnosis?.id).toBe(id);
  });
  it('diagnoses H0 = I with one pair: H = [[¾, −½], [−½, 1]], d = −(¼, ½)', () => {
    expect(grade(one, '[-0.25, -0.5]').diagnosis?.id).toBe('identity-h0');
  });
});

describe('lbfgs-direction: bad specs', () => {
  it.each([
    [{ ...two, y: [[2, 1]] }, 'y'],
    [{ ...two, s: [[1, 0], [0, 1, 2]] }, 's.1'],
    [{ ...two, y: [[2, 1], [1]] }, 'y.1'],
    [{ ...two, y: [[2, 1], [1, -3]] }, 'y.1'], // y2ᵀs2 = −3
    [{ ...two, s: [] }, 's'],
    [{ ...two, g: undefined }, 'g'],
  ])('names the bad field (%#)', (raw, field) => {
    const r = gradeText(raw, '[0, 0]');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe(field);
  });
});
