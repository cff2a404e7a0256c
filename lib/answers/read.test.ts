/**
 * Reading student answers: every accepted form against hand-computed values, every
 * rejected construct with the place of the error, shapes and sizes, labels, previews.
 */
import { describe, expect, it } from 'vitest';
import { evaluate as mathjsEvaluate } from 'mathjs';
import {
  previewTex,
  readExpression,
  readExpressionMatrix,
  readExpressionVector,
  readLabel,
  readMatrix,
  readNumber,
  readVector,
  MAX_DEPTH,
  MAX_LENGTH,
  MAX_NESTING,
  FUNCTION_NAMES,
  type Expr,
} from './index';
import type { Read } from '@/lib/exercises/types';
import { AUTHOR_FUNCTIONS, evalExpr } from '@/lib/math';

const XY = ['x', 'y'];

function ok<T>(r: Read<T>): T {
  if (!r.ok) throw new Error(`expected a value, got the error "${r.message}" at [${r.start}, ${r.end})`);
  return r.value;
}

function fails<T>(r: Read<T>): { message: string; start: number; end: number } {
  if (r.ok) throw new Error(`expected a read error, got ${JSON.stringify(r.value)}`);
  return r;
}

describe('readNumber', () => {
  it.each([
    ['12', 12],
    ['-0.5', -0.5],
    ['1e-3', 0.001],
    ['2.5E2', 250],
    ['.25', 0.25],
    ['3/4', 0.75],
    ['sqrt(2)', 1.4142135623730951],
    ['pi/4', 0.7853981633974483],
    ['2^(1/2)', 1.4142135623730951],
    ['5+sqrt(2)', 6.414213562373095],
    ['e', 2.718281828459045],
    ['  7  ', 7],
    ['−3', -3], // unicode minus
    ['2×3', 6],
    ['2·3', 6],
    ['√9', 3],
    ['2√2', 2.8284271247461903],
    ['π', 3.141592653589793],
    ['2π', 6.283185307179586],
    ['3²', 9],
    ['2³', 8],
    ['2**3', 8],
    ['(5+sqrt(2))/(5-sqrt(2))', 6.414213562373095 / 3.585786437626905],
    ['-2^2', -4], // the power binds tighter than the sign
    ['2^-1', 0.5],
    ['2^3^2', 512], // right-associative
    ['--3', 3],
    ['+4', 4],
    ['ln(e)', 1],
    ['log(8, 2)', 3],
    ['log10(1000)', 3],
    ['abs(-2.5)', 2.5],
    ['1/2/4', 0.125],
  ])('reads %s', (text, value) => {
    expect(ok(readNumber(text))).toBeCloseTo(value, 12);
  });

  it.each([
    ['1/0', 0, 3],
    ['sqrt(-1)', 0, 8],
    ['1e999999', 0, 8],
    ['9^9^9^9', 0, 7],
    ['0/0', 0, 3],
    ['log(0)', 0, 6],
  ])('%s is not a finite number', (text, start, end) => {
    expect(fails(readNumber(text))).toEqual({ ok: false, message: 'This is not a finite number.', start, end });
  });

  it('rejects names other than pi and e, and says the answer is a number', () => {
    const r = fails(readNumber('2x'));
    expect(r.message).toBe('Unknown name “x”: the answer is a number (pi and e are allowed).');
    expect([r.start, r.end]).toEqual([1, 2]);
  });

  it('rejects a list where one value is expected', () => {
    expect(fails(readNumber('1, 2')).message).toBe('Expected a single value, not a list.');
    expect(fails(readNumber('[1]')).message).toBe('Expected a single value, not a list.');
  });

  it('rejects empty text', () => {
    expect(fails(readNumber(''))).toEqual({ ok: false, message: 'The answer is empty.', start: 0, end: 0 });
    expect(fails(readNumber('   '))).toEqual({ ok: false, message: 'The answer is empty.', start: 0, end: 3 });
  });

  it('never reads two numbers side by side as a product', () => {
    const r = fails(readNumber('6 2'));
    expect(r.message).toBe('Could not read the answer after “6”: an operator (such as * or +) is missing before “2”.');
    expect([r.start, r.end]).toEqual([2, 3]);
    expect(fails(readNumber('(1+1)2')).message).toContain('missing before “2”');
  });
});

describe('readVector', () => {
  it.each([
    ['[1, -1]', [1, -1]],
    ['(1, -1)', [1, -1]],
    ['1, -1', [1, -1]],
    ['[1; -1]', [1, -1]],
    ['[1 -1]', [1, -1]],
    ['[1 - 2, 3]', [-1, 3]],
    ['[[1, -1]]', [1, -1]],
    ['[sqrt(4), 3/4]', [2, 0.75]],
    ['((1, -1))', [1, -1]],
    ['[ 0.3 , 0.6 ]', [0.3, 0.6]],
  ])('reads %s', (text, value) => {
    expect(ok(readVector(text, { length: 2 }))).toEqual(value);
  });

  it('reads any length when none is given, a single value as a vector of one', () => {
    expect(ok(readVector('[1, 2, 3]'))).toEqual([1, 2, 3]);
    expect(ok(readVector('5'))).toEqual([5]);
  });

  it('reports a wrong number of entries as a read error', () => {
    const more = fails(readVector('[1, 2, 3]', { length: 2 }));
    expect(more.message).toBe('Expected 2 entries, got 3.');
    expect([more.start, more.end]).toEqual([7, 9]); // from the extra entry to the end
    expect(fails(readVector('5', { length: 2 })).message).toBe('Expected 2 entries, got 1.');
    expect(fails(readVector('[1 - 1]', { length: 2 })).message).toBe('Expected 2 entries, got 1.');
  });

  it('rejects a matrix', () => {
    expect(fails(readVector('[[1, 2], [3, 4]]')).message).toBe('Expected a vector (one row or one column), not a 2×2 matrix.');
  });

  it('points at an entry that is not finite', () => {
    expect(fails(readVector('[1, 1/0]'))).toEqual({ ok: false, message: 'Entry 2 is not a finite number.', start: 4, end: 7 });
  });
});

describe('readMatrix', () => {
  const M = [
    [6, 2],
    [2, 12],
  ];
  it.each(['[[6, 2], [2, 12]]', '[6, 2; 2, 12]', '[6 2; 2 12]', '[[6 2] [2 12]]', '[[6, 2]; [2, 12]]', '[[6,2],[2,12]]', '[[3*2, 4/2], [sqrt(4), 2^2*3]]'])(
    'reads %s',
    (text) => {
      expect(ok(readMatrix(text, { rows: 2, cols: 2 }))).toEqual(M);
    },
  );

  it('reads a 3×3 and a 1×3 matrix', () => {
    expect(ok(readMatrix('[1, 2, 3; 4, 5, 6; 7, 8, 9]'))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(ok(readMatrix('[1, 2, 3]'))).toEqual([[1, 2, 3]]);
  });

  it('reports ragged rows with the row at fault', () => {
    expect(fails(readMatrix('[[1, 2], [3, 4, 5]]'))).toEqual({ ok: false, message: 'Row 2 has 3 entries; row 1 has 2.', start: 9, end: 18 });
    expect(fails(readMatrix('[1, 2; 3]'))).toEqual({ ok: false, message: 'Row 2 has 1 entry; row 1 has 2.', start: 7, end: 8 });
  });

  it('reports a wrong size as a read error', () => {
    expect(fails(readMatrix('[[1, 2], [3, 4], [5, 6]]', { rows: 2, cols: 2 })).message).toBe('Expected 2 rows, got 3.');
    expect(fails(readMatrix('[[1, 2, 3], [4, 5, 6]]', { rows: 2, cols: 2 })).message).toBe('Expected 2 columns, got 3.');
  });

  it('rejects other shapes', () => {
    expect(fails(readMatrix('1, 2')).message).toBe('Expected a matrix in square brackets, like [[1, 2], [3, 4]] or [1, 2; 3, 4].');
    expect(fails(readMatrix('[]')).message).toBe('There is nothing inside the brackets.');
    expect(fails(readVector('[]')).message).toBe('There is nothing inside the brackets.');
    expect(fails(readMatrix('[[1, 2], 3]')).message).toBe('Every row must be in its own brackets, like [[1, 2], [3, 4]].');
    expect(fails(readMatrix('[[1; 2], [3; 4]]')).message).toBe('Each row in brackets is a list of entries, like [1, 2].');
    expect(fails(readMatrix('[[[1]]]')).message).toBe('Too many brackets: a matrix entry is a single number or expression.');
    expect(fails(readMatrix('[[[1, 2]]]')).message).toBe('Too many brackets: a matrix entry is a single number or expression.');
    expect(fails(readMatrix('[[1, 2], [3, 4]] + 1')).message).toBe('Expected a matrix in square brackets, like [[1, 2], [3, 4]] or [1, 2; 3, 4].');
    expect(fails(readMatrix('[[1, 2]]', { rows: 2 })).message).toBe('Expected 2 rows, got 1.');
    expect(fails(readMatrix('[[1, 2], [3, 1/0]]'))).toEqual({ ok: false, message: 'Entry (2, 2) is not a finite number.', start: 13, end: 16 });
  });

  it('rejects a trailing separator', () => {
    const r = fails(readMatrix('[[2, 1], [1, ]]'));
    expect(r.message).toBe('Could not read the answer after “[[2, 1], [1,”: something is missing before “]”.');
    expect([r.start, r.end]).toEqual([13, 14]);
  });
});

/** Values of an Expr at a few points, to compare with hand-written formulas. */
const POINTS = [
  [1.5, -0.7],
  [-2.3, 0.4],
  [0.9, 1.1],
];

function expectValues(e: Expr, f: (x: number, y: number) => number): void {
  for (const [x, y] of POINTS) expect(e.evaluate([x, y])).toBeCloseTo(f(x, y), 10);
}

describe('readExpression', () => {
  it.each<[string, (x: number, y: number) => number, string]>([
    ['6x', (x) => 6 * x, '6 * x'],
    ['x*6', (x) => 6 * x, 'x * 6'],
    ['2xy', (x, y) => 2 * x * y, '2 * x * y'],
    ['3(x+1)', (x) => 3 * (x + 1), '3 * (x + 1)'],
    ['x y', (x, y) => x * y, 'x * y'],
    ['2 sin(x)', (x) => 2 * Math.sin(x), '2 * sin(x)'],
    ['x^2y', (x, y) => x * x * y, 'x ^ 2 * y'], // x²·y: the power takes one factor
    ['2xy^2', (x, y) => 2 * x * y * y, '2 * x * y ^ 2'],
    ['x^2*y', (x, y) => x * x * y, 'x ^ 2 * y'],
    ['2^(xy)', (x, y) => Math.pow(2, x * y), '2 ^ (x * y)'],
    ['2^xy', (x, y) => Math.pow(2, x) * y, '2 ^ x * y'],
    ['-x^2', (x) => -(x * x), '-x ^ 2'],
    ['x/2y', (x, y) => x / (2 * y), 'x / (2 * y)'], // implicit product binds tighter than /
    ['1/2x', (x) => x / 2, '1 / 2 * x'], // except a number over a number: a coefficient (as in mathjs)
    ['1/2 x', (x) => x / 2, '1 / 2 * x'],
    ['1/(2x)', (x) => 1 / (2 * x), '1 / (2 * x)'],
    ['-1/2x', (x) => -x / 2, '-1 / 2 * x'],
    ['6/4/2x', (x) => 6 / ((4 / 2) * x), '6 / (4 / 2 * x)'], // as mathjs reads it
    ['x/0.5/2x', (x) => x / ((0.5 / 2) * x), 'x / (0.5 / 2 * x)'], // as mathjs reads it
    ['(10)/2x', (x) => 10 / (2 * x), '10 / (2 * x)'], // a number in parentheses is not a coefficient
    ['1/2^2x', (x) => 1 / (4 * x), '1 / (2 ^ 2 * x)'],
    ['x/y*2', (x, y) => (x / y) * 2, 'x / y * 2'],
    ['x(x+1)', (x) => x * (x + 1), 'x * (x + 1)'],
    ['(x+1)(x-1)', (x) => (x + 1) * (x - 1), '(x + 1) * (x - 1)'],
    ['sin(x)cos(y)', (x, y) => Math.sin(x) * Math.cos(y), 'sin(x) * cos(y)'],
    ['xsin(y)', (x, y) => x * Math.sin(y), 'x * sin(y)'],
    ['e^x', (x) => Math.exp(x), 'e ^ x'],
    ['exp(x)', (x) => Math.exp(x), 'exp(x)'],
    ['2pix', (x) => 2 * Math.PI * x, '2 * pi * x'],
    ['ex', (x) => Math.E * x, 'e * x'],
    ['ln(x^2)', (x) => Math.log(x * x), 'log(x ^ 2)'],
    ['x²y³', (x, y) => x * x * y * y * y, 'x ^ 2 * y ^ 3'],
    ['3x⁻¹', (x) => 3 / x, '3 * x ^ (-1)'],
    ['√(x^2+y^2)', (x, y) => Math.sqrt(x * x + y * y), 'sqrt(x ^ 2 + y ^ 2)'],
    ['x − y', (x, y) => x - y, 'x - y'],
    ['x × y', (x, y) => x * y, 'x * y'],
    ['x ⋅ y', (x, y) => x * y, 'x * y'],
    ['x÷y', (x, y) => x / y, 'x / y'],
    ['x - (y - 1)', (x, y) => x - (y - 1), 'x - (y - 1)'],
    ['x - -y', (x, y) => x + y, 'x - (-y)'],
    ['2^-x', (x) => Math.pow(2, -x), '2 ^ (-x)'],
    ['2^-x^2', (x) => Math.pow(2, -(x * x)), '2 ^ (-x ^ 2)'],
    ['sec(x)^2', (x) => 1 / Math.cos(x) ** 2, 'sec(x) ^ 2'],
    ['sech(x)^2 + csch(y) + coth(x)', (x, y) => 1 / Math.cosh(x) ** 2 + 1 / Math.sinh(y) + Math.cosh(x) / Math.sinh(x), 'sech(x) ^ 2 + csch(y) + coth(x)'],
    ['asin(x/3) + arccos(y/3) + atan(xy)', (x, y) => Math.asin(x / 3) + Math.acos(y / 3) + Math.atan(x * y), 'asin(x / 3) + acos(y / 3) + atan(x * y)'],
    ['cbrt(x) + log10(abs(y)) + log2(abs(x))', (x, y) => Math.cbrt(x) + Math.log10(Math.abs(y)) + Math.log2(Math.abs(x)), 'cbrt(x) + log10(abs(y)) + log2(abs(x))'],
    ['nthRoot(x, 3) + pow(y, 2) + nthRoot(4)', (x, y) => Math.cbrt(x) + y * y + 2, 'nthRoot(x, 3) + pow(y, 2) + nthRoot(4)'],
    ['sinh(x) cosh(y) tanh(x)', (x, y) => Math.sinh(x) * Math.cosh(y) * Math.tanh(x), 'sinh(x) * cosh(y) * tanh(x)'],
    ['asinh(x) + atanh(y/2) + acosh(2 + x^2)', (x, y) => Math.asinh(x) + Math.atanh(y / 2) + Math.acosh(2 + x * x), 'asinh(x) + atanh(y / 2) + acosh(2 + x ^ 2)'],
    ['x^3 + y^3 + 2*x*y', (x, y) => x ** 3 + y ** 3 + 2 * x * y, 'x ^ 3 + y ^ 3 + 2 * x * y'],
    ['3*x ^ 2 + 2*y', (x, y) => 3 * x * x + 2 * y, '3 * x ^ 2 + 2 * y'],
    ['7', () => 7, '7'],
  ])('reads %s', (text, f, normalised) => {
    const e = ok(readExpression(text, XY));
    expectValues(e, f);
    expect(e.text).toBe(normalised);
  });

  it('writes normalised text that mathjs reads to the same values', () => {
    for (const text of ['2xy^2 - 1/2x', 'x/2y + 3(x+1)^2', '-x^2 + e^(x y)', 'sqrt(x^2+1)/ln(2)', 'x - -y', '2^-x^2', '1e-3x']) {
      const e = ok(readExpression(text, XY));
      for (const [x, y] of POINTS) {
        expect(mathjsEvaluate(e.text, { x, y }) as number).toBeCloseTo(e.evaluate([x, y]), 10);
      }
    }
  });

  it('knows only functions that mathjs knows by the same name, with the same values', () => {
    expect(FUNCTION_NAMES.length).toBeGreaterThan(20);
    for (const name of FUNCTION_NAMES) {
      const e = ok(readExpression(name === 'pow' ? 'pow(x, 3)' : name === 'max' || name === 'min' ? `${name}(x, 0.2, -1)` : `${name}(x)`, XY));
      const x = Number.isFinite(e.evaluate([0.3, 0])) ? 0.3 : 1.3; // inside the domain
      const value = e.evaluate([x, 0]);
      expect(Number.isFinite(value), name).toBe(true);
      expect(mathjsEvaluate(e.text, { x }) as number).toBeCloseTo(value, 12);
    }
  });

  it('reads sign, max, min and the arc- and ar- spellings (issue 23)', () => {
    const at = (text: string, x: number, y = 0) => ok(readExpression(text, XY)).evaluate([x, y]);
    expect(at('sign(x)', -2)).toBe(-1);
    expect(at('signum(x)', 3)).toBe(1);
    expect(at('sgn(x - 1)', 1)).toBe(0);
    expect(at('max(x, y)', 2, 5)).toBe(5);
    expect(at('min(x, y)', 2, 5)).toBe(2);
    expect(at('max(x, y, 7, -1)', 2, 5)).toBe(7);
    expect(at('min(x, 2y, -3)', 2, 5)).toBe(-3);
    expect(at('arctanh(x)', 0.5)).toBeCloseTo(0.5493061443340549, 15); // ½·ln 3
    expect(at('arcsec(x)', 2)).toBeCloseTo(Math.PI / 3, 15);
    expect(at('log2(x)', 8)).toBe(3);
    expect(ok(readExpression('signum(x)', XY)).text).toBe('sign(x)');
    expect(ok(readExpression('max(x, y, 1)', XY)).tex).toBe('\\max\\left(x, y, 1\\right)');
    expect(readExpression('max(x)', XY)).toMatchObject({ ok: false, message: '“max” takes 2 or more arguments, not 1.' });
  });

  it('reads every function an author may use, by the same name and with the same values', () => {
    for (const name of AUTHOR_FUNCTIONS) {
      expect(FUNCTION_NAMES, name).toContain(name);
      const two = name === 'pow' || name === 'max' || name === 'min';
      const text = two ? `${name}(x, 0.5)` : name === 'nthRoot' ? 'nthRoot(x, 3)' : `${name}(x)`;
      const e = ok(readExpression(text, XY));
      const x = Number.isFinite(e.evaluate([0.3, 0])) ? 0.3 : 1.3;
      expect(evalExpr(text, XY, [x, 0]), name).toBeCloseTo(e.evaluate([x, 0]), 12);
    }
    // and every name a student may use stands for one an author may use
    for (const name of FUNCTION_NAMES) {
      const canonical = ok(readExpression(name === 'pow' || name === 'max' || name === 'min' ? `${name}(x, 2)` : `${name}(x)`, XY)).text.split('(')[0];
      expect(AUTHOR_FUNCTIONS.has(canonical), `${name} → ${canonical}`).toBe(true);
    }
  });

  it('reads multi-letter and indexed variables, splitting runs of them', () => {
    const v = ['x1', 'x2'];
    const e = ok(readExpression('3x1x2 + x2^2', v));
    expect(e.evaluate([2, 5])).toBe(3 * 2 * 5 + 25);
    expect(e.tex).toBe('3 x_{1} x_{2} + x_{2}^{2}');
    expect(ok(readExpression('theta^2', ['theta'])).evaluate([3])).toBe(9);
  });

  it('lets variables shadow the constants e and pi', () => {
    expect(ok(readExpression('2e', ['e'])).evaluate([5])).toBe(10);
  });

  it('shows how it was read in KaTeX', () => {
    expect(ok(readExpression('x^2y', XY)).tex).toBe('x^{2} y');
    expect(ok(readExpression('1/2x', XY)).tex).toBe('\\frac{1}{2} x');
    expect(ok(readExpression('x/2y', XY)).tex).toBe('\\frac{x}{2 y}');
    expect(ok(readExpression('2*3x', XY)).tex).toBe('2 \\left(3 x\\right)');
    expect(ok(readExpression('2x*3', XY)).tex).toBe('2 x \\cdot 3');
    expect(ok(readExpression('sqrt(x)+ln(y)', XY)).tex).toBe('\\sqrt{x} + \\ln\\left(y\\right)');
    expect(ok(readExpression('sin(x)^2', XY)).tex).toBe('\\left(\\sin\\left(x\\right)\\right)^{2}');
    expect(ok(readExpression('-(x+y)', XY)).tex).toBe('-\\left(x + y\\right)');
    expect(ok(readExpression('1e-3', XY)).tex).toBe('1 \\cdot 10^{-3}');
  });

  it('evaluates to NaN or ±Infinity outside the domain, without throwing', () => {
    const e = ok(readExpression('sqrt(x) + 1/y', XY));
    expect(e.evaluate([-1, 1])).toBeNaN();
    expect(e.evaluate([1, 0])).toBe(Infinity);
  });
});

describe('rejected constructs', () => {
  it.each<[string, string, number, number]>([
    ['x=1', 'Write only the value: “=” (equations, assignments, definitions) is not allowed.', 1, 2],
    ['f(x)=x', 'Write only the value: “=” (equations, assignments, definitions) is not allowed.', 4, 5],
    ['import({}, {})', 'Braces “{ }” are not allowed: write vectors and matrices with [ ].', 7, 8],
    ['import(x)', 'Unknown function “import”: use sqrt, exp, ln (or log), sin, cos, tan, abs, sign, max, min and their relatives (asin, sinh, sec, log10, …).', 0, 6],
    ['evaluate("1")', 'Text in quotes is not allowed.', 9, 10],
    ['evaluate(x)', 'Unknown function “evaluate”:', 0, 8],
    ['createUnit("a")', 'Text in quotes is not allowed.', 11, 12],
    ['createUnit(x)', 'Unknown function “createUnit”:', 0, 10],
    ['parse(x)', 'Unknown function “parse”:', 0, 5],
    ['x.constructor', 'A “.” must be part of a number, like 0.5.', 1, 2],
    ['"str"', 'Text in quotes is not allowed.', 0, 1],
    ["'str'", 'Text in quotes is not allowed.', 0, 1],
    ['[1,2][1]', 'Could not read the answer after “[1,2]”: an operator (such as * or +) is missing before “[”.', 5, 6],
    ['1:3', 'Ranges (“:”) are not allowed.', 1, 2],
    ['x ? 1 : 2', 'Conditionals (“?”) are not allowed.', 2, 3],
    ['x == 1', 'Write only the value: “=” (equations, assignments, definitions) is not allowed.', 2, 3],
    ['x < 1', 'Comparisons are not allowed.', 2, 3],
    ['5 cm', 'Unknown name “cm”: use x, y.', 2, 4],
    ['z', 'Unknown name “z”: use x, y.', 0, 1],
    ['2z + x', 'Unknown name “z”: use x, y.', 1, 2],
    ['foo(x)', 'Unknown function “foo”:', 0, 3],
    ['f(x)', 'Unknown function “f”:', 0, 1],
    ['sin x', '“sin” needs its argument in parentheses, like sin(x).', 0, 3],
    ['x!', 'Factorials and comparisons (“!”) are not allowed.', 1, 2],
    ['{a: 1}', 'Braces “{ }” are not allowed: write vectors and matrices with [ ].', 0, 1],
    ['x % 2', '“%” is not allowed.', 2, 3],
    ['|x|', 'Write abs(x) for an absolute value.', 0, 1],
    ['\\frac{1}{2}', 'Write the answer in plain text, like sqrt(2)/2, not LaTeX.', 0, 1],
    ['x @ y', 'Unexpected character “@”.', 2, 3],
    ['x\u200by', 'Unexpected invisible character (U+200B).', 1, 2],
    ['\u0000', 'Unexpected invisible character (U+0000).', 0, 1],
    ['x + 😀', 'Unexpected character “😀”.', 4, 6],
    ['x 2', 'Could not read the answer after “x”: an operator (such as * or +) is missing before “2”.', 2, 3],
    ['log(x, 2, 3)', '“log” takes 1 or 2 arguments, not 3.', 0, 12],
    ['sin(x, y)', '“sin” takes 1 argument, not 2.', 0, 9],
    ['Infinity', 'Unknown name “Infinity”: use x, y.', 0, 8],
    ['x\'', 'Text in quotes is not allowed.', 1, 2],
    ['(x, y) + 1', 'A list with commas is a whole vector; it cannot be part of a formula here.', 0, 6],
  ])('rejects %s', (text, message, start, end) => {
    const r = fails(readExpression(text, XY));
    expect(r.message.startsWith(message)).toBe(true);
    expect([r.start, r.end]).toEqual([start, end]);
  });

  it('rejects a vector or matrix where one expression is expected', () => {
    expect(fails(readExpression('[x, y]', XY)).message).toBe('Expected a single value, not a list.');
    expect(fails(readExpression('x, y', XY)).message).toBe('Expected a single value, not a list.');
    const inside = fails(readExpression('2*[x, y]', XY));
    expect(inside.message).toBe('Square brackets [ ] hold a whole vector or matrix; it cannot be part of a formula here.');
    expect([inside.start, inside.end]).toEqual([2, 8]);
    expect(fails(readExpression('sin((x, y))', XY)).message).toBe('A list with commas is a whole vector; it cannot be part of a formula here.');
  });
});

describe('errors say where reading failed', () => {
  it('after a dangling operator', () => {
    expect(fails(readExpression('6x +', XY))).toEqual({
      ok: false,
      message: 'Could not read the answer after “6x +”: something is missing here.',
      start: 3,
      end: 4,
    });
  });
  it('before a closing bracket', () => {
    expect(fails(readExpression('3*(x - )', XY))).toEqual({
      ok: false,
      message: 'Could not read the answer after “3*(x -”: something is missing before “)”.',
      start: 7,
      end: 8,
    });
  });
  it('at an unclosed or unmatched bracket', () => {
    expect(fails(readExpression('(x + 1', XY))).toEqual({ ok: false, message: 'This “(” is never closed.', start: 0, end: 1 });
    expect(fails(readExpression('x + 1)', XY))).toEqual({
      ok: false,
      message: 'Unexpected “)”: there is no “(” before it to close.',
      start: 5,
      end: 6,
    });
    expect(fails(readExpression('[x + 1)', XY))).toEqual({ ok: false, message: 'This “)” does not match the “[” it closes.', start: 6, end: 7 });
  });
  it('in the original text, after unicode and superscripts', () => {
    // "x² − " is 5 code units; the unknown name starts at 5
    expect(fails(readExpression('x² − q', XY))).toMatchObject({ start: 5, end: 6 });
    // "𝑥" (mathematical italic x) is one character of two code units
    expect(fails(readExpression('π𝑥 + q', XY))).toEqual({ ok: false, message: 'Unknown name “𝑥”: use x, y.', start: 1, end: 3 });
  });
  it('quotes only the end of a long prefix', () => {
    const r = fails(readExpression(`${'x + '.repeat(20)}*`, XY));
    expect(r.message).toBe('Could not read the answer after “…+ x + x + x + x + x + x + x +”: something is missing before “*”.');
  });
});

describe('limits', () => {
  it('rejects text that is too long before reading it', () => {
    const text = '1+'.repeat(MAX_LENGTH) + '1';
    expect(fails(readNumber(text))).toEqual({
      ok: false,
      message: `The answer is too long (${text.length} characters; at most ${MAX_LENGTH}).`,
      start: MAX_LENGTH,
      end: text.length,
    });
  });
  it('rejects deep nesting at the bracket that goes too deep', () => {
    const text = '('.repeat(MAX_DEPTH + 1) + '1' + ')'.repeat(MAX_DEPTH + 1);
    expect(fails(readNumber(text))).toEqual({ ok: false, message: `Too many nested brackets (at most ${MAX_DEPTH}).`, start: MAX_DEPTH, end: MAX_DEPTH + 1 });
    expect(ok(readNumber('('.repeat(MAX_DEPTH) + '1' + ')'.repeat(MAX_DEPTH)))).toBe(1);
  });
  it('rejects too many parts', () => {
    expect(fails(readNumber('1+'.repeat(600) + '1')).message).toBe('The answer is too complicated (more than 1000 parts).');
    expect(ok(readNumber('1+'.repeat(400) + '1'))).toBe(401);
  });
  it('raises the size limits for trusted text when asked, but never the depth', () => {
    const long = Array.from({ length: 700 }, (_, i) => `${i}*x`).join(' + ');
    expect(readExpression(long, XY).ok).toBe(false);
    const e = ok(readExpression(long, XY, { maxLength: 10_000, maxNodes: 5_000 }));
    expect(e.evaluate([2, 0])).toBe(2 * ((699 * 700) / 2));
    const deep = '('.repeat(MAX_DEPTH + 1) + 'x' + ')'.repeat(MAX_DEPTH + 1);
    expect(readExpression(deep, XY, { maxLength: 10_000 }).ok).toBe(false);
  });

  it('reads long chains of signs and powers without deep recursion, up to a nesting limit', () => {
    expect(ok(readNumber('-'.repeat(MAX_NESTING) + '1'))).toBe(1);
    expect(ok(readNumber('1^'.repeat(MAX_NESTING) + '1'))).toBe(1);
    expect(ok(readNumber('√'.repeat(MAX_NESTING - 1) + '1'))).toBe(1);
    expect(ok(readNumber('1+'.repeat(490) + '1'))).toBe(491); // sums print flat: no nesting
    const message = `The answer is nested too deeply (at most ${MAX_NESTING} levels).`;
    expect(fails(readNumber('-'.repeat(900) + '1'))).toEqual({ ok: false, message, start: 799, end: 901 });
    expect(fails(readNumber('1^'.repeat(490) + '1')).message).toBe(message);
    expect(fails(readNumber('√'.repeat(500) + '2')).message).toBe(message);
    expect(fails(readNumber('1/'.repeat(490) + '1')).message).toBe(message);
  });
});

describe('readExpressionVector and readExpressionMatrix', () => {
  it('reads a gradient in every vector form', () => {
    for (const text of ['[3x^2 + 2y, 3y^2 + 2x]', '(3x^2 + 2y, 3y^2 + 2x)', '3x^2 + 2y, 3y^2 + 2x', '[3x^2 + 2y; 3y^2 + 2x]']) {
      const [gx, gy] = ok(readExpressionVector(text, XY, { length: 2 }));
      expectValues(gx, (x, y) => 3 * x * x + 2 * y);
      expectValues(gy, (x, y) => 3 * y * y + 2 * x);
    }
  });

  it('reads a Hessian in every matrix form', () => {
    for (const text of ['[[6x, 2], [2, 6y]]', '[6x, 2; 2, 6y]', '[6x 2; 2 6y]', '[[6*x, 2], [2, 6*y]]']) {
      const m = ok(readExpressionMatrix(text, XY, { rows: 2, cols: 2 }));
      expectValues(m[0][0], (x) => 6 * x);
      expectValues(m[0][1], () => 2);
      expectValues(m[1][0], () => 2);
      expectValues(m[1][1], (_x, y) => 6 * y);
      expect(m[1][1].text).toBe('6 * y');
    }
  });

  it('reads spaces as separators only in brackets without commas', () => {
    const spaced = ok(readExpressionVector('[x y]', XY));
    expect(spaced.map((e) => e.text)).toEqual(['x', 'y']);
    const product = ok(readExpressionVector('[x y, 1]', XY));
    expect(product.map((e) => e.text)).toEqual(['x * y', '1']);
    expect(ok(readExpressionVector('[x - 1 2x]', XY)).map((e) => e.text)).toEqual(['x - 1', '2 * x']);
    expect(ok(readExpressionVector('[sin(x y) -y]', XY)).map((e) => e.text)).toEqual(['sin(x * y)', '-y']);
  });

  it('checks the size', () => {
    expect(fails(readExpressionVector('[x, y, 1]', XY, { length: 2 })).message).toBe('Expected 2 entries, got 3.');
    expect(fails(readExpressionMatrix('[[x, y], [1, 2], [3, 4]]', XY, { rows: 2, cols: 2 })).message).toBe('Expected 2 rows, got 3.');
    expect(fails(readExpressionMatrix('[[x, y, 1], [1, 2]]', XY)).message).toBe('Row 2 has 2 entries; row 1 has 3.');
  });

  it('points at an unknown name inside an entry', () => {
    expect(fails(readExpressionMatrix('[[6x, 2], [2, 6z]]', XY))).toEqual({ ok: false, message: 'Unknown name “z”: use x, y.', start: 15, end: 16 });
  });
});

describe('readLabel', () => {
  const LABELS = {
    'positive definite': ['pd', 'positive-definite'],
    'negative definite': ['nd'],
    indefinite: [],
    minimum: ['min', 'local minimum'],
  };
  it.each([
    ['positive definite', 'positive definite'],
    ['Positive-Definite', 'positive definite'],
    ['  POSITIVE   DEFINITE ', 'positive definite'],
    ['positive_definite', 'positive definite'],
    ['PD', 'positive definite'],
    ['indefinite', 'indefinite'],
    ['Min', 'minimum'],
    ['local  minimum', 'minimum'],
    ['Local-Minimum', 'minimum'],
  ])('reads %s', (text, label) => {
    expect(ok(readLabel(text, LABELS))).toBe(label);
  });

  it.each(['pos def', 'definite', 'positive', 'minimum!', 'local min', 'positivedefinite'])('does not guess %s', (text) => {
    expect(fails(readLabel(text, LABELS)).message).toBe(
      `Unknown answer “${text.toLowerCase()}”: use one of positive definite, negative definite, indefinite, minimum.`,
    );
  });

  it('points at the trimmed text and rejects empty or huge text', () => {
    expect(fails(readLabel('  foo ', LABELS))).toMatchObject({ start: 2, end: 5 });
    expect(fails(readLabel('   ', LABELS)).message).toBe('The answer is empty.');
    expect(fails(readLabel('a'.repeat(MAX_LENGTH + 1), LABELS)).message).toContain('too long');
  });

  it('ignores inherited object keys', () => {
    expect(readLabel('constructor', LABELS).ok).toBe(false);
    expect(readLabel('__proto__', LABELS).ok).toBe(false);
  });
});

describe('previewTex', () => {
  it('shows numbers, expressions, vectors and matrices as read', () => {
    expect(ok(previewTex('3/4'))).toBe('\\frac{3}{4}');
    expect(ok(previewTex('2xy^2', XY))).toBe('2 x y^{2}');
    expect(ok(previewTex('(1, -1)'))).toBe('\\left(1, -1\\right)');
    expect(ok(previewTex('[[6x, 2], [2, 6y]]', XY))).toBe('\\begin{bmatrix}6 x & 2 \\\\ 2 & 6 y\\end{bmatrix}');
    expect(ok(previewTex('[6 2; 2 12]'))).toBe('\\begin{bmatrix}6 & 2 \\\\ 2 & 12\\end{bmatrix}');
  });

  it('fails like the readers, with a place', () => {
    expect(fails(previewTex('x'))).toMatchObject({ start: 0, end: 1 });
    expect(fails(previewTex('[[1, 2], [3]]'))).toMatchObject({ message: 'Row 2 has 1 entry; row 1 has 2.' });
    expect(fails(previewTex('1 + [2]'))).toMatchObject({ start: 4, end: 7 });
  });

  it('never copies student text into the KaTeX', () => {
    // only known names reach the output; anything else is a read error
    expect(previewTex('\\href{javascript:alert(1)}{x}', XY).ok).toBe(false);
    expect(previewTex('x_y', ['x_y']).ok && ok(previewTex('x_y', ['x_y']))).toBe('\\mathrm{x\\_y}');
  });
});

describe('never throws', () => {
  it('on input that is not a string', () => {
    for (const bad of [undefined, null, 42, {}, ['1']] as unknown as string[]) {
      expect(readNumber(bad).ok).toBe(false);
      expect(readExpression(bad, XY).ok).toBe(false);
      expect(readLabel(bad, {}).ok).toBe(false);
    }
  });
});
