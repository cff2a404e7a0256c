/** The plotting evaluator: hand values, real-only results, and the same errors as lib/math. */
import { describe, expect, it } from 'vitest';
import { fastFunction } from './fast-eval';

const at = (f: string, x: number, y: number, vars = ['x', 'y']) => fastFunction(f, vars)(Float64Array.of(x, y));

describe('fastFunction', () => {
  it('evaluates the course functions by hand', () => {
    expect(at('x^3 + y^3 + 2*x*y', 1, 2)).toBe(13);
    expect(at('85 - (1/90)*x^2*(x-6)*y^2*(y-6)', 4, 4)).toBeCloseTo(85 - 1024 / 90, 12);
    expect(at('(1 - x)^2 + 100*(y - x^2)^2', -1, 1)).toBe(4);
    expect(at('-x + +y', 2, 5)).toBe(3);
  });
  it('takes κ as an extra variable', () => {
    expect(fastFunction('0.5*(x^2 + kappa*y^2)', ['x', 'y', 'kappa'])(Float64Array.of(1, 1, 10))).toBeCloseTo(5.5, 12);
  });
  it('knows constants and functions', () => {
    expect(at('sin(pi/2) + log(e) + sqrt(x) + exp(0*y)', 9, 0)).toBeCloseTo(6, 12);
    expect(at('log(x, 2) + log10(y)', 8, 100)).toBeCloseTo(5, 12);
    expect(at('sec(0) + cot(pi/4) + acot(1)', 0, 0)).toBeCloseTo(2 + Math.PI / 4, 12);
    expect(at('nthRoot(x, 3) + cbrt(y)', -8, 27)).toBeCloseTo(1, 12);
    expect(at('abs(x) * sinh(0) + cosh(0)', -3, 0)).toBe(1);
  });
  it('gives NaN where the value would be complex', () => {
    expect(at('sqrt(x)', -1, 0)).toBeNaN();
    expect(at('log(x)', -1, 0)).toBeNaN();
    expect(at('x^0.5', -4, 0)).toBeNaN();
    expect(at('asin(x)', 2, 0)).toBeNaN();
  });
  it('rejects what lib/math rejects', () => {
    expect(() => fastFunction('x + z', ['x', 'y'])).toThrow(/z/);
    expect(() => fastFunction('x +', ['x', 'y'])).toThrow();
    expect(() => fastFunction('foo(x)', ['x', 'y'])).toThrow();
  });
});
