import { describe, expect, it, vi } from 'vitest';
import * as mathjs from 'mathjs';
import { MathError } from './errors';
import { compileFunction, evalExpr } from './symbolic';

// Wrap the parser and `derivative` so the tests can count calls: after compileFunction,
// evaluating f/grad/hess must not parse or differentiate again.
vi.mock('mathjs', async (importOriginal) => {
  const real = await importOriginal<typeof import('mathjs')>();
  return { ...real, parse: vi.fn(real.parse), derivative: vi.fn(real.derivative) };
});

describe('compileFunction on the course examples', () => {
  it('x³ + y³ + 2xy: gradient (3x² + 2y, 3y² + 2x) and Hessian [[6, 2], [2, 12]] at (1, 2)', () => {
    const fn = compileFunction('x^3 + y^3 + 2*x*y', ['x', 'y']);
    expect(fn.vars).toEqual(['x', 'y']);
    expect(fn.f([1, 2])).toBe(1 + 8 + 4);
    expect(fn.grad([1, 2])).toEqual([3 + 4, 12 + 2]);
    expect(fn.hess([1, 2])).toEqual([[6, 2], [2, 12]]);
    expect(fn.gradExpr[0]).toBe('3 * x ^ 2 + 2 * y');
    expect(fn.gradExpr[1]).toBe('3 * y ^ 2 + 2 * x');
  });

  it('x³ + y³ + 2xy: hessExpr evaluates like [[6x, 2], [2, 6y]] everywhere', () => {
    const fn = compileFunction('x^3 + y^3 + 2*x*y', ['x', 'y']);
    for (const [x, y] of [[0, 0], [1, 2], [-3.5, 0.25], [10, -7]]) {
      const at = (e: string) => evalExpr(e, ['x', 'y'], [x, y]);
      expect(at(fn.hessExpr[0][0])).toBeCloseTo(6 * x, 12);
      expect(at(fn.hessExpr[0][1])).toBe(2);
      expect(at(fn.hessExpr[1][0])).toBe(2);
      expect(at(fn.hessExpr[1][1])).toBeCloseTo(6 * y, 12);
    }
    expect(fn.hessExpr[0][1]).toBe(fn.hessExpr[1][0]);
  });

  it('3x² + xy + 2y² has the constant Hessian [[6, 1], [1, 4]]', () => {
    const fn = compileFunction('3*x^2 + x*y + 2*y^2', ['x', 'y']);
    expect(fn.hess([0, 0])).toEqual([[6, 1], [1, 4]]);
    expect(fn.hess([5, -9])).toEqual([[6, 1], [1, 4]]);
  });

  it('the quadratic ½xᵀAx + bᵀx with A = [[5, 1], [1, 3]], b = (−4, 2): ∇f = Ax + b, H = A', () => {
    const fn = compileFunction('0.5*(5*x^2 + 2*x*y + 3*y^2) - 4*x + 2*y', ['x', 'y']);
    expect(fn.hess([0.3, 7])).toEqual([[5, 1], [1, 3]]);
    const g = fn.grad([1, -1]); // the minimiser: A(1, −1) + b = (4, −2) + (−4, 2) = 0
    expect(g[0]).toBeCloseTo(0, 14);
    expect(g[1]).toBeCloseTo(0, 14);
    const g2 = fn.grad([2, 1]); // (10 + 1 − 4, 2 + 3 + 2)
    expect(g2[0]).toBeCloseTo(7, 13);
    expect(g2[1]).toBeCloseTo(7, 13);
  });

  it('85 − (1/90)x²(x−6)y²(y−6): ∇f(4, 4) = 0 and H(4, 4) = (384/90)·I ≈ 4.2667·I', () => {
    const fn = compileFunction('85 - (1/90)*x^2*(x-6)*y^2*(y-6)', ['x', 'y']);
    const H = fn.hess([4, 4]);
    expect(H[0][0]).toBeCloseTo(384 / 90, 12);
    expect(H[0][0]).toBeCloseTo(4.2667, 4);
    expect(H[1][1]).toBeCloseTo(384 / 90, 12);
    expect(H[0][1]).toBeCloseTo(0, 12);
    expect(fn.grad([4, 4]).map((v) => Math.abs(v))).toEqual([0, 0]);
    expect(fn.f([4, 4])).toBeCloseTo(85 - (16 * -2 * 16 * -2) / 90, 12);
  });

  it('Rosenbrock: H(1, 1) = [[802, −400], [−400, 200]], ∇f(−1, 1) = (−4, 0)', () => {
    const fn = compileFunction('(1-x)^2 + 100*(y-x^2)^2', ['x', 'y']);
    expect(fn.hess([1, 1])).toEqual([[802, -400], [-400, 200]]);
    const g = fn.grad([-1, 1]); // −2(1 − x) − 400x(y − x²) = −4 − 0; 200(y − x²) = 0
    expect(g[0]).toBeCloseTo(-4, 13);
    expect(g[1]).toBeCloseTo(0, 13);
  });

  it('three variables: f = xyz + x²z at (1, 2, 3)', () => {
    const fn = compileFunction('x*y*z + x^2*z', ['x', 'y', 'z']);
    expect(fn.grad([1, 2, 3])).toEqual([12, 3, 3]); // (yz + 2xz, xz, xy + x²)
    expect(fn.hess([1, 2, 3])).toEqual([[6, 3, 4], [3, 0, 1], [4, 1, 0]]); // [[2z, z, y+2x], [z, 0, x], [y+2x, x, 0]]
  });

  it('transcendental functions and the constants pi and e', () => {
    const fn = compileFunction('exp(x*y) + sin(x)*cos(y) + pi*x^2 + e^y', ['x', 'y']);
    const [x, y] = [0.3, -0.7];
    const g = fn.grad([x, y]);
    expect(g[0]).toBeCloseTo(y * Math.exp(x * y) + Math.cos(x) * Math.cos(y) + 2 * Math.PI * x, 12);
    expect(g[1]).toBeCloseTo(x * Math.exp(x * y) - Math.sin(x) * Math.sin(y) + Math.exp(y), 12);
    const H = fn.hess([x, y]);
    expect(H[0][0]).toBeCloseTo(y * y * Math.exp(x * y) - Math.sin(x) * Math.cos(y) + 2 * Math.PI, 12);
    expect(H[0][1]).toBeCloseTo((1 + x * y) * Math.exp(x * y) - Math.cos(x) * Math.sin(y), 12);
    expect(H[1][0]).toBe(H[0][1]);
    expect(H[1][1]).toBeCloseTo(x * x * Math.exp(x * y) - Math.sin(x) * Math.cos(y) + Math.exp(y), 12);
  });

  it('returns NaN and ±Infinity as they come (complex results become NaN)', () => {
    const fn = compileFunction('sqrt(x) + log(y)', ['x', 'y']);
    expect(fn.f([-1, 1])).toBeNaN();
    expect(fn.f([1, 0])).toBe(-Infinity);
    expect(fn.grad([0, 1])[0]).toBe(Infinity); // 1/(2√x) at 0
  });

  it('gives the normalised string and KaTeX of f and its partials', () => {
    const fn = compileFunction('x^2+3*y', ['x', 'y']);
    expect(fn.expr).toBe('x ^ 2 + 3 * y');
    expect(fn.tex).toContain('^{2}');
    expect(fn.gradTex).toHaveLength(2);
    expect(fn.gradTex[0]).toContain('x');
    expect(fn.hessTex[1][1]).toBe('0');
  });
});

describe('compileFunction caching and speed', () => {
  it('returns the cached object for the same (f, vars) and a new one for other vars', () => {
    const a = compileFunction('x*y^2', ['x', 'y']);
    expect(compileFunction('x*y^2', ['x', 'y'])).toBe(a);
    const b = compileFunction('x*y^2', ['y', 'x']);
    expect(b).not.toBe(a);
    expect(b.grad([3, 2])).toEqual([2 * 3 * 2, 9]); // vars (y, x): ∂/∂y = 2xy, ∂/∂x = y²
  });

  it('evaluating f, grad and hess never parses or differentiates again', () => {
    const fn = compileFunction('x^4 - 3*x*y + y^2 + sin(x)', ['x', 'y']);
    const parses = vi.mocked(mathjs.parse).mock.calls.length;
    const derivs = vi.mocked(mathjs.derivative).mock.calls.length;
    for (let k = 0; k < 1000; k++) {
      fn.f([k, 1]);
      fn.grad([k, 1]);
      fn.hess([k, 1]);
    }
    compileFunction('x^4 - 3*x*y + y^2 + sin(x)', ['x', 'y']);
    evalExpr('x + y', ['x', 'y'], [1, 2]);
    evalExpr('x + y', ['x', 'y'], [3, 4]);
    expect(vi.mocked(mathjs.parse).mock.calls.length).toBe(parses + 1); // only the first evalExpr
    expect(vi.mocked(mathjs.derivative).mock.calls.length).toBe(derivs);
  });

  it('rejects points of the wrong dimension', () => {
    const fn = compileFunction('x + y', ['x', 'y']);
    expect(() => fn.f([1])).toThrow(MathError);
    expect(() => fn.grad([1, 2, 3])).toThrow(/2 coordinates/);
  });
});

describe('compileFunction errors', () => {
  it('names an unknown symbol', () => {
    expect(() => compileFunction('x^2 + z', ['x', 'y'])).toThrow(MathError);
    expect(() => compileFunction('x^2 + z', ['x', 'y'])).toThrow(/unknown symbol "z"/);
    expect(() => compileFunction('x * cm', ['x'])).toThrow(/"cm"/); // not read as a unit
  });

  it('says where a parse error is', () => {
    expect(() => compileFunction('x +* 2', ['x'])).toThrow(MathError);
    expect(() => compileFunction('x +* 2', ['x'])).toThrow(/could not parse f.*char 4/);
    expect(() => compileFunction('(x + 2', ['x'])).toThrow(/could not parse/);
    expect(() => compileFunction('   ', ['x'])).toThrow(/empty/);
  });

  it('rejects assignments, function definitions, several expressions and other constructs', () => {
    expect(() => compileFunction('x = 2', ['x'])).toThrow(/assignment/);
    expect(() => compileFunction('g(x) = x^2', ['x'])).toThrow(/assignment or a function definition/);
    expect(() => compileFunction('x; x^2', ['x'])).toThrow(/single expression/);
    expect(() => compileFunction('x > 1', ['x'])).toThrow(/operators/);
    expect(() => compileFunction('[x, 1]', ['x'])).toThrow(MathError);
    expect(() => compileFunction('"a" + x', ['x'])).toThrow(MathError);
    expect(() => compileFunction('evaluate("1+1") + x', ['x'])).toThrow(/unknown function "evaluate"/);
    expect(() => compileFunction('foo(x)', ['x'])).toThrow(/unknown function "foo"/);
  });

  it('rejects bad variable lists', () => {
    expect(() => compileFunction('x + y', ['x', 'x'])).toThrow(/twice/);
    expect(() => compileFunction('x', ['2x'])).toThrow(/not a valid name/);
    expect(() => compileFunction('x', ['x y'])).toThrow(/not a valid name/);
    expect(() => compileFunction('pi', ['pi'])).toThrow(/cannot be a variable/);
    expect(() => compileFunction('1', [])).toThrow(/at least one/);
  });

  it('evalExpr: evaluates one expression, with the same checks', () => {
    expect(evalExpr('x^2 + y', ['x', 'y'], [3, 1])).toBe(10);
    expect(evalExpr('2*pi*x', ['x'], [0.5])).toBeCloseTo(Math.PI, 15);
    expect(() => evalExpr('x + w', ['x'], [1])).toThrow(/unknown symbol "w"/);
    expect(() => evalExpr('x +', ['x'], [1])).toThrow(MathError);
  });
});
