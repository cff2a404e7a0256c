import { describe, expect, it } from 'vitest';
import { parse } from 'mathjs';
import { displayTex } from './tex';
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
    ['2*3', '2\\cdot3'],
    ['x*2', 'x\\cdot2'],
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
