/**
 * Numbers correctly rounded to the significant figures a card asks for (issue 18, item 10).
 * Every expected verdict is worked out by hand in the comment beside it.
 */
import { describe, expect, it } from 'vitest';
import { accuracyHint, correctlyRounded, numberAccepted, significantFigures } from './index';

const DEFAULT = { rtol: 1e-3, atol: 1e-6 };
const LOW = 5 - Math.SQRT2; // 3.5857864…
const HIGH = 5 + Math.SQRT2; // 6.4142135…

describe('significant figures of a tolerance', () => {
  it.each([
    [1e-3, 3],
    [1e-2, 2],
    [0.1, 2], // never fewer than 2
    [0.05, 2], // ⌈1.30⌉
    [5e-4, 4], // ⌈3.30⌉
    [1e-6, 6],
    [1e-20, 15],
  ])('rtol %s asks for %s', (rtol, figures) => {
    expect(significantFigures({ rtol, atol: 0 })).toBe(figures);
  });

  it('says so on the card', () => {
    expect(accuracyHint(DEFAULT)).toBe('Give numbers to 3 significant figures (or within 0.1 %).');
    expect(accuracyHint({ rtol: 0.01, atol: 0 })).toBe('Give numbers to 2 significant figures (or within 1 %).');
    expect(accuracyHint({ rtol: 0, atol: 0.001 })).toBe('Give numbers to within ±0.001.');
  });
});

describe('numberAccepted', () => {
  it.each([
    [3.59, LOW, true], // 3 s.f.: |3.59 − 3.58579| = 0.00421 ≤ 0.005, although 0.12 % > 0.1 %
    [3.586, LOW, true], // within 0.1 %
    [3.58, LOW, false], // 0.00579 > 0.005, 0.16 %
    [3.6, LOW, false], // "3.60" at 3 s.f. is 0.0142 away
    [4, LOW, false],
    [6.41, HIGH, true],
    [6.42, HIGH, true], // not the rounding (0.0058 > 0.005), but 0.090 % ≤ 0.1 %
    [6.43, HIGH, false], // 0.0158, 0.25 %
  ])('%s for %s', (a, b, expected) => {
    expect(numberAccepted(a, b, DEFAULT)).toBe(expected);
  });

  it('accepts the correct rounding at the edges of a decade', () => {
    expect(numberAccepted(1, 1.0049, DEFAULT)).toBe(true); // 1.00: 0.0049 ≤ 0.005
    expect(numberAccepted(1.01, 1.0049, DEFAULT)).toBe(false); // 0.0051 > 0.005, 0.51 %
    expect(numberAccepted(10, 9.996, DEFAULT)).toBe(true); // 10.0
    expect(numberAccepted(0.0123, 0.0123456, DEFAULT)).toBe(true); // 4.56e-5 ≤ 5e-5
    expect(numberAccepted(0.0124, 0.0123456, DEFAULT)).toBe(false); // 5.44e-5 > 5e-5, 0.44 %
    expect(numberAccepted(-3.59, -LOW, DEFAULT)).toBe(true);
    expect(numberAccepted(3.59, -LOW, DEFAULT)).toBe(false);
  });

  it('follows a per-exercise tolerance', () => {
    const six = { rtol: 1e-6, atol: 0 };
    expect(numberAccepted(3.14159, Math.PI, six)).toBe(true); // 2.65e-6 ≤ 5e-6
    expect(numberAccepted(3.1416, Math.PI, six)).toBe(false); // "3.14160": 7.3e-6 > 5e-6, 2.3e-6 relative
    expect(numberAccepted(3.14, Math.PI, { rtol: 0, atol: 1e-3 })).toBe(false); // no figures, 1.6e-3 > 1e-3
  });

  it('needs a number with at most that many figures, never 0, NaN or infinities', () => {
    expect(correctlyRounded(3.5858, LOW, 3)).toBe(false); // four figures: the tolerance decides
    expect(correctlyRounded(0, 1e-9, 3)).toBe(false);
    expect(correctlyRounded(NaN, 1, 3)).toBe(false);
    expect(correctlyRounded(Infinity, Infinity, 3)).toBe(false);
  });
});
