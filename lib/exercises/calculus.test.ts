import { describe, expect, it } from 'vitest';
import { compileSpecFunction, requirePoint, substituteTex, texVar } from './calculus';
import { SpecError } from './types';

describe('substituteTex', () => {
  it('shows the numbers in place of the variables, negatives in parentheses', () => {
    const tex = substituteTex('6 * x + y ^ 2', ['x', 'y'], [2, -3]);
    expect(tex).toContain('6\\cdot2');
    expect(tex).toContain('\\left(-3\\right)');
    expect(tex).not.toMatch(/[xy]/);
  });
  it('does not double the parentheses of a function argument', () => {
    const tex = substituteTex('exp(y)', ['x', 'y'], [0, -1]);
    expect(tex).toContain('\\exp\\left(-1\\right)');
    expect(tex).not.toContain('\\left(\\left(');
  });
});

describe('texVar', () => {
  it('writes indices as subscripts and Greek names as symbols', () => {
    expect(texVar('x')).toBe('x');
    expect(texVar('x1')).toBe('x_{1}');
    expect(texVar('x_2')).toBe('x_{2}');
    expect(texVar('alpha')).toBe('\\alpha');
    expect(texVar('speed')).toBe('\\mathrm{speed}');
  });
});

describe('spec errors of functions and points', () => {
  it('blames f for an unknown symbol and the point for a wrong length', () => {
    expect(() => compileSpecFunction('x + z', ['x', 'y'])).toThrow(SpecError);
    try {
      compileSpecFunction('x + z', ['x', 'y']);
    } catch (e) {
      expect((e as SpecError).field).toBe('f');
      expect((e as SpecError).message).toContain('z');
    }
    expect(() => requirePoint('at', [1], ['x', 'y'])).toThrow(/at: expected 2 entries/);
    expect(() => requirePoint('at', [1, 2], ['x', 'y'])).not.toThrow();
  });
});
