import { describe, expect, it } from 'vitest';
import { texMatrix, texNumber, texPoint, texVector, texExprMatrix } from './latex';

describe('texNumber', () => {
  it('writes integers exactly', () => {
    expect(texNumber(12)).toBe('12');
    expect(texNumber(-3)).toBe('-3');
    expect(texNumber(0)).toBe('0');
    expect(texNumber(-0)).toBe('0');
    expect(texNumber(123456789)).toBe('123456789');
  });
  it('keeps 6 significant digits and drops trailing zeros', () => {
    expect(texNumber(-0.5)).toBe('-0.5');
    expect(texNumber(1 / 3)).toBe('0.333333');
    expect(texNumber(5 + Math.SQRT2)).toBe('6.41421');
    expect(texNumber(0.1 + 0.2)).toBe('0.3');
  });
  it('uses a power of ten, never e-notation, for tiny or huge numbers', () => {
    expect(texNumber(1.5e-7)).toBe('1.5 \\times 10^{-7}');
    expect(texNumber(1e-7)).toBe('10^{-7}');
    expect(texNumber(-2.25e20)).toBe('-2.25 \\times 10^{20}');
    expect(texNumber(1234567.5)).toBe('1.23457 \\times 10^{6}');
    expect(texNumber(1e-7)).not.toContain('e');
  });
  it('names non-finite values', () => {
    expect(texNumber(Infinity)).toBe('\\infty');
    expect(texNumber(-Infinity)).toBe('-\\infty');
  });
});

describe('vectors and matrices', () => {
  it('writes a column vector', () => {
    expect(texVector([1, -2.5])).toBe('\\begin{bmatrix}1\\\\-2.5\\end{bmatrix}');
  });
  it('writes a matrix row by row', () => {
    expect(texMatrix([[6, 2], [2, 12]])).toBe('\\begin{bmatrix}6&2\\\\2&12\\end{bmatrix}');
    expect(texExprMatrix([['6 x', '2'], ['2', '6 y']])).toBe('\\begin{bmatrix}6 x&2\\\\2&6 y\\end{bmatrix}');
  });
  it('writes a point', () => {
    expect(texPoint([1, -2])).toBe('(1, -2)');
  });
});
