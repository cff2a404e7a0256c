/**
 * Comparing answers: the number tolerance rule of the contract and expression
 * equivalence at fixed points, against hand-written reference functions.
 */
import { describe, expect, it } from 'vitest';
import { comparisonPoints, expressionsEqual, numbersClose, readExpression, type Expr } from './index';

const TOL = { rtol: 1e-3, atol: 1e-6 };
const XY = ['x', 'y'];

function expr(text: string, vars = XY): Expr {
  const r = readExpression(text, vars);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('numbersClose', () => {
  it.each([
    [1.001, 1, true],
    [0.999, 1, true],
    [1.0011, 1, false],
    [-1.0011, -1, false],
    [0.3003, 0.3, true], // exactly on the boundary: 0.0003 = 1e-3 · 0.3
    [0.2997, 0.3, true],
    [0.30031, 0.3, false],
    [1e-7, 0, true], // below atol
    [2e-6, 0, false],
    [-1, 1, false],
    [0, 0, true],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(numbersClose(a, b, TOL)).toBe(expected);
  });

  it('measures the relative error against the reference (the second argument)', () => {
    const tol = { rtol: 0.6, atol: 0 };
    expect(numbersClose(1, 2, tol)).toBe(true); // 1 ≤ 0.6·2
    expect(numbersClose(2, 1, tol)).toBe(false); // 1 > 0.6·1
  });

  it('never matches NaN or infinities', () => {
    expect(numbersClose(NaN, 1, TOL)).toBe(false);
    expect(numbersClose(1, NaN, TOL)).toBe(false);
    expect(numbersClose(Infinity, Infinity, TOL)).toBe(false);
    expect(numbersClose(Infinity, 1, TOL)).toBe(false);
  });
});

describe('expressionsEqual', () => {
  const sixX = (p: number[]) => 6 * p[0];
  it.each(['6x', 'x*6', '3(2x)', '6*x', 'x + 5x', '12x/2', '6x + 0y', '(6x^2)/x'])('%s equals 6x', (text) => {
    expect(expressionsEqual(expr(text), sixX, XY)).toBe(true);
  });

  it.each(['6x+1', '6y', '6', 'x^6', '5.999x', '6x + 1e-6', '-6x', 'abs(6x)'])('%s does not equal 6x', (text) => {
    expect(expressionsEqual(expr(text), sixX, XY)).toBe(false);
  });

  it('reads x^2y as x²·y, not x^(2y)', () => {
    const x2y = (p: number[]) => p[0] * p[0] * p[1];
    const xPow2y = (p: number[]) => Math.pow(p[0], 2 * p[1]);
    expect(expressionsEqual(expr('x^2y'), x2y, XY)).toBe(true);
    expect(expressionsEqual(expr('x^2*y'), x2y, XY)).toBe(true);
    expect(expressionsEqual(expr('x^2y'), xPow2y, XY)).toBe(false);
    expect(expressionsEqual(expr('x^(2y)'), xPow2y, XY)).toBe(true);
  });

  it('knows identities, not spellings', () => {
    expect(expressionsEqual(expr('sin(x)^2 + cos(x)^2'), () => 1, XY)).toBe(true);
    expect(expressionsEqual(expr('(x+y)^2'), (p) => p[0] ** 2 + 2 * p[0] * p[1] + p[1] ** 2, XY)).toBe(true);
    expect(expressionsEqual(expr('exp(x+y)'), (p) => Math.exp(p[0]) * Math.exp(p[1]), XY)).toBe(true);
    expect(expressionsEqual(expr('ln(x^2)'), (p) => 2 * Math.log(Math.abs(p[0])), XY)).toBe(true);
  });

  it('tells sqrt(x^2) from x (a point with x < 0 is among the first used)', () => {
    expect(expressionsEqual(expr('sqrt(x^2)'), (p) => p[0], XY)).toBe(false);
    expect(expressionsEqual(expr('sqrt(x^2)'), (p) => Math.abs(p[0]), XY)).toBe(true);
  });

  it('skips points where the reference is undefined and uses others', () => {
    // defined only for x > 0 (and, in three variables, only where x·y·z > 0)
    expect(expressionsEqual(expr('1/(2 sqrt(x))'), (p) => 0.5 / Math.sqrt(p[0]), XY)).toBe(true);
    expect(expressionsEqual(expr('1/(2 sqrt(x)) + 1'), (p) => 0.5 / Math.sqrt(p[0]), XY)).toBe(false);
    const xyz = ['x', 'y', 'z'];
    expect(expressionsEqual(expr('sqrt(xyz)', xyz), (p) => Math.sqrt(p[0] * p[1] * p[2]), xyz)).toBe(true);
    expect(expressionsEqual(expr('sqrt(xy)', xyz), (p) => Math.sqrt(p[0] * p[1] * p[2]), xyz)).toBe(false);
  });

  it('is not equal when the student is undefined where the reference is defined', () => {
    expect(expressionsEqual(expr('0/(x-x)'), () => 0, XY)).toBe(false);
    expect(expressionsEqual(expr('sqrt(x)'), (p) => Math.sqrt(Math.abs(p[0])), XY)).toBe(false);
  });

  it('is not equal when fewer than 3 points can be used', () => {
    expect(expressionsEqual(expr('x'), () => NaN, XY)).toBe(false);
    expect(
      expressionsEqual(expr('x'), () => {
        throw new Error('reference failed');
      }, XY),
    ).toBe(false);
    expect(expressionsEqual(expr('x'), (p) => p[0], XY, { points: [[0.5, 0.5], [1.5, 1.5]] })).toBe(false);
  });

  it('uses the given points', () => {
    const positive = { points: [[0.5, 1], [1.5, 2], [2.5, 3]] };
    expect(expressionsEqual(expr('abs(x)'), (p) => p[0], XY, positive)).toBe(true);
    expect(expressionsEqual(expr('abs(x)'), (p) => p[0], XY)).toBe(false);
  });

  it('has a relative tolerance near 1e-9 and a small absolute floor', () => {
    const big = (p: number[]) => 1e6 * p[0];
    expect(expressionsEqual(expr('1000000x + 1e-6'), big, XY)).toBe(true); // 1e-12 relative
    expect(expressionsEqual(expr('1000000x + 1e-2'), big, XY)).toBe(false); // 1e-8 relative
    expect(expressionsEqual(expr('1e-12'), () => 0, XY)).toBe(true);
    expect(expressionsEqual(expr('1e-8'), () => 0, XY)).toBe(false);
  });

  it('compares constants (no variables)', () => {
    expect(expressionsEqual(expr('2', []), () => 2, [])).toBe(true);
    expect(expressionsEqual(expr('2', []), () => 3, [])).toBe(false);
  });
});

describe('comparisonPoints', () => {
  it('is deterministic, in [-2, 2] and away from integers', () => {
    const a = comparisonPoints(3);
    expect(comparisonPoints(3)).toBe(a);
    expect(a.length).toBe(24);
    for (const p of a) {
      expect(p.length).toBe(3);
      for (const c of p) {
        expect(Math.abs(c)).toBeLessThan(2);
        expect(Math.abs(c - Math.round(c))).toBeGreaterThanOrEqual(0.05);
      }
    }
    for (const p of a.slice(8, 16)) for (const c of p) expect(c).toBeGreaterThan(0);
    expect(Object.isFrozen(a) && Object.isFrozen(a[0])).toBe(true);
  });

  it.each([1, 2, 3, 4, 6])('makes every coordinate negative in two of the first four points (%i variables)', (n) => {
    const first = comparisonPoints(n).slice(0, 4);
    for (let i = 0; i < n; i++) expect(first.filter((p) => p[i] < 0).length).toBe(2);
  });
});
