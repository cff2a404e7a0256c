import { describe, expect, it } from 'vitest';
import { parse } from 'mathjs';
import { displayTex, displayText } from './tex';
import { readExpression } from '@/lib/answers';
import { compileFunction } from './symbolic';

/** Spaces do not matter in KaTeX math mode; compare without them. */
const squash = (s: string) => s.replace(/\s+/g, '');

describe('displayTex', () => {
  it.each([
    ['2*x^3 + y^3 + (-3)*x*y', '2{x}^{3}+{y}^{3}-3xy'],
    ['(-4)*x + (-1)*y', '-4x-y'],
    ['1*y^3 - (-2)*x', '{y}^{3}+2x'],
    ['6*x', '6x'],
    ['x*y*z', 'xyz'],
    ['2*3', '6'],
    // coefficients first, folded (issue 18, item 14): y·3 → 3y, 2·3·x·y → 6xy
    ['x*2', '2x'],
    ['6*x^2 - y*3', '6{x}^{2}-3y'],
    ['0.5*(8*x^2 + 2*3*x*y + 6*y^2)', '0.5\\left(8{x}^{2}+6xy+6{y}^{2}\\right)'],
    ['x*(-2)*y', '-2xy'],
    ['2*x^2 + -8*y', '2{x}^{2}-8y'],
    ['sin(x)*3', '3\\sin\\left(x\\right)'],
    ['(x + 1)*2', '2\\left(x+1\\right)'],
    ['x*0.1*3', '0.1\\cdot3\\cdotx'], // 0.1·3 is not folded: it would print 0.30000000000000004
    ['-2*(1-x)', '-2\\left(1-x\\right)'],
    ['200 * -(2 * x)', '-400x'],
    ['(-2)^2', '{\\left(-2\\right)}^{2}'],
    ['3 - (-2)^2*x', '3-{\\left(-2\\right)}^{2}x'],
    ['x - (y - z)', 'x-\\left(y-z\\right)'],
    ['exp(x)*sin(y)', '\\exp\\left(x\\right)\\sin\\left(y\\right)'],
  ])('%s → %s', (expr, tex) => {
    expect(squash(displayTex(parse(expr)))).toBe(tex);
  });

  it('leaves the expression tree itself unchanged', () => {
    const node = parse('2*x + (-3)*y');
    const before = node.toString();
    displayTex(node);
    expect(node.toString()).toBe(before);
  });

  it('is what compiled functions show: the Hessian of x³ + y³ + 2xy', () => {
    const fn = compileFunction('x^3 + y^3 + 2*x*y', ['x', 'y']);
    expect(squash(fn.tex)).toBe('{x}^{3}+{y}^{3}+2xy');
    expect(fn.hessTex.map((r) => r.map(squash))).toEqual([
      ['6x', '2'],
      ['2', '6y'],
    ]);
  });
});

describe('displayText', () => {
  it.each([
    ['2 * x ^ 2 + -8 * y', '2x^2 - 8y'],
    ['y * 3', '3y'],
    ['6 * x ^ 2 - y * 3', '6x^2 - 3y'],
    ['1 * y + -1 * x', 'y - x'],
    ['2 * sin(x)', '2 sin(x)'],
    ['x * y', 'x y'],
    ['0.5 * (8 * x ^ 2 + 2 * 3 * x * y)', '0.5 (8x^2 + 6x y)'],
    ['x ^ 2 * y', 'x^2 y'],
    ['2 * x1', '2 x1'],
  ])('%s → %s', (expr, text) => {
    expect(displayText(expr)).toBe(text);
  });

  it('reads back as the same expression in the answer box', () => {
    for (const expr of ['2 * x ^ 2 + -8 * y', '0.5 * (8 * x ^ 2 + 2 * 3 * x * y + 6 * y ^ 2)', 'x ^ 2 * y * 3 - sin(x * y) * 2', '-(x - y) * 4']) {
      const a = readExpression(expr, ['x', 'y']);
      const b = readExpression(displayText(expr), ['x', 'y']);
      if (!a.ok || !b.ok) throw new Error(`${expr} → ${displayText(expr)}`);
      for (const p of [[0.7, -1.3], [1.6, 0.3]]) expect(b.value.evaluate(p)).toBeCloseTo(a.value.evaluate(p), 12);
    }
  });
});
