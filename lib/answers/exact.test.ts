/**
 * Exact equality of expressions at the edges of floating point (issue 23). Each expected
 * verdict is decided by hand: the difference of the two sides is worked out exactly in the
 * comment next to the case. References come from mathjs strings through lib/math's
 * referenceForm, as the grading engine builds them.
 */
import { describe, expect, it } from 'vitest';
import { referenceForm, evalExpr } from '@/lib/math';
import { expressionsEqual, readExpression, type Expr, type Reference } from './index';

const XY = ['x', 'y'];

function expr(text: string, vars = XY): Expr {
  const r = readExpression(text, vars);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

/** A reference as the engine makes it: mathjs value and exact form. */
function ref(text: string, vars = XY): Reference {
  return { evaluate: (x) => evalExpr(text, vars, x), exact: referenceForm(text, vars) };
}

/** The same reference without its exact form: sampling only (the old comparison). */
function sampled(text: string, vars = XY): (x: number[]) => number {
  return (x) => evalExpr(text, vars, x);
}

const equal = (student: string, reference: string, vars = XY) => expressionsEqual(expr(student, vars), ref(reference, vars), vars);

describe('exact equality of rational functions', () => {
  it.each([
    // difference 1e-15, 1e-12, 1e-9 (exactly, from the decimals as written)
    ['1 + 1e-15', '1'],
    ['1.000000000000001', '1'],
    ['x + 1e-15', 'x'],
    ['1.000000000001 x', 'x'],
    ['x + 1e-12 y', 'x'],
    ['1.000000001 x', 'x'],
    // 1/3 − 0.3333333333333333 = 1/(3·10^16)
    ['0.3333333333333333', '1 / 3'],
    ['0.3333333333333333 x', 'x / 3'],
    // coefficients near 10^10, constant off by 1: difference exactly 1
    ['12345678901 x^2 + 98765432109 x y + 2', '12345678901 * x ^ 2 + 98765432109 * x * y + 1'],
    // (10^5 x + 1)^2 = 10^10 x² + 2·10^5 x + 1; the student's constant is 2
    ['10000000000 x^2 + 200000 x + 2', '(100000 * x + 1) ^ 2'],
    // tiny coefficients: 10^-20 x ≠ 0; 10^-30 x² + 10^-45 ≠ 10^-30 x²
    ['1e-20 x', '0'],
    ['1e-30 x^2 + 1e-45', '1e-30 * x ^ 2'],
    // cancellation: (x+1)² − x² − 2x = 1, not 1 + 10^-15
    ['(x+1)^2 - x^2 - 2x', '1 + 1e-15'],
    // x/(x+10^-12) is not 1
    ['x/(x + 1e-12)', '1'],
  ])('%s is not %s', (student, reference) => {
    expect(equal(student, reference)).toBe(false);
  });

  it.each([
    ['(x+1)^2 - x^2 - 2x', '1'],
    ['x (1 + 1e-15) - 1e-15 x', 'x'],
    ['1/3', '0.1 / 0.3'],
    ['12345678901 x^2 + 98765432109 x y + 1', '12345678901 * x ^ 2 + 98765432109 * x * y + 1'],
    ['10000000000 x^2 + 200000 x + 1', '(100000 * x + 1) ^ 2'],
    ['1e-20 x + 1e-20 x', '2e-20 * x'],
    ['1e-30 x^2 + 1e-45 - 1e-45', '1e-30 * x ^ 2'],
    ['(x^2 - y^2)/(x - y)', 'x + y'],
    ['1/x + 1/y', '(x + y) / (x * y)'],
    ['x^-2', '1 / x ^ 2'],
    ['(1e10 x + 1)^3 - 3e20 x^2 - 3e10 x - 1', '1e30 * x ^ 3'],
  ])('%s equals %s', (student, reference) => {
    expect(equal(student, reference)).toBe(true);
  });

  it('decides what sampling cannot see', () => {
    // Sampling alone (the reference without an exact form) takes these for equal...
    expect(expressionsEqual(expr('x + 1e-12 y'), sampled('x'), XY)).toBe(true);
    expect(expressionsEqual(expr('12345678901 x^2 + 2'), sampled('12345678901 * x ^ 2 + 1'), XY)).toBe(true);
    // ...the exact comparison does not.
    expect(equal('x + 1e-12 y', 'x')).toBe(false);
    expect(equal('12345678901 x^2 + 2', '12345678901 * x ^ 2 + 1')).toBe(false);
  });
});

describe('transcendental parts: exact where they cancel, by sampling what is left', () => {
  it.each([
    ['sin(x)^2 + cos(x)^2', '1'],
    ['exp(x + y)', 'exp(x) * exp(y)'],
    ['2 sin(x) cos(x)', 'sin(2 * x)'],
    ['1e10 x + sin(x) + 1', '1e10 * x + sin(x) + 1'],
    ['sqrt(x^2)', 'abs(x)'],
    ['e^x', 'exp(x)'],
    ['pi x', 'x * pi'],
    // a reference number computed in doubles (0.1·3 = 0.30000000000000004) stands for a rounded value
    ['0.3 x^2', '0.30000000000000004 * x ^ 2'],
    ['x/3', '0.3333333333333333 * x'],
  ])('%s equals %s', (student, reference) => {
    expect(equal(student, reference)).toBe(true);
  });

  it.each([
    // the difference after exact cancellation is exactly 1
    ['1e10 x + sin(x) + 2', '1e10 * x + sin(x) + 1'],
    // 10^-12 left over, against terms of size 10^-12
    ['sin(x) + 1e-12', 'sin(x)'],
    ['(1 + 1e-12) sin(x)', 'sin(x)'],
    ['0.3000001 x^2', '0.30000000000000004 * x ^ 2'],
    ['sqrt(x^2)', 'x'],
    ['sin(x)^2 + cos(x)^2 + 1e-6', '1'],
  ])('%s is not %s', (student, reference) => {
    expect(equal(student, reference)).toBe(false);
  });

  it('cannot see, where atoms do not cancel exactly, a difference below 1e-9 of the terms left (the documented limit)', () => {
    // residual sin² + cos² − 1 + 10^-12: value 10^-12 against terms of size about 2
    expect(equal('sin(x)^2 + cos(x)^2 + 1e-12', '1')).toBe(true);
  });

  it('keeps the domain rule: an answer undefined where the reference is defined is wrong', () => {
    expect(equal('ln(x) - ln(x) + x', 'x')).toBe(false); // ln(x) is not finite at the negative points
    expect(equal('0/(x - x)', '0')).toBe(false);
    expect(equal('(x^2 - 1)/(x - 1)', 'x + 1')).toBe(true); // x = 1 is never a comparison point
  });

  it('falls back to sampling past the bounds, with the same verdicts', () => {
    // (x + y + 1)^40 has 861 terms (more than the bound): sampled, and equal to itself written differently
    expect(equal('(1 + x + y)^40', '(x + y + 1) ^ 40')).toBe(true);
    expect(equal('x^1000', 'x ^ 1000')).toBe(true);
  });
});
