/**
 * Hostile input: 10,000 random and pathological strings (random unicode, deep nesting,
 * 1 MB input, huge numbers, long operator chains) through every reader. No call may
 * throw or take a second; every result is a value or an error with a place inside the
 * text, and every preview is KaTeX that renders. Plus a differential check of the grammar: random explicit expressions must give
 * the values mathjs gives them (mathjs is only the test's oracle, on generated text).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate as mathjsEvaluate } from 'mathjs';
import katex from 'katex';
import {
  expressionsEqual,
  previewTex,
  readExpression,
  readExpressionMatrix,
  readExpressionVector,
  readLabel,
  readMatrix,
  readNumber,
  readVector,
} from './index';
import type { Read } from '@/lib/exercises/types';

const XY = ['x', 'y'];
const LABELS = { 'positive definite': ['pd'], indefinite: [], minimum: ['min', 'local minimum'] };
const MB = 1 << 20;
const BOUND_MS = 1000;

/** Every reader, each wrapped to return a Read. */
const READERS: [string, (t: string) => Read<unknown>][] = [
  ['readNumber', (t) => readNumber(t)],
  ['readVector', (t) => readVector(t, { length: 2 })],
  ['readMatrix', (t) => readMatrix(t, { rows: 2, cols: 2 })],
  ['readExpression', (t) => readExpression(t, XY)],
  ['readExpressionVector', (t) => readExpressionVector(t, XY)],
  ['readExpressionMatrix', (t) => readExpressionMatrix(t, XY, { rows: 2, cols: 2 })],
  ['readLabel', (t) => readLabel(t, LABELS)],
  ['previewTex', (t) => previewTex(t, XY)],
];

let slowest = 0;

/** Runs every reader on `text`, checks the result's invariants and the time per call. */
function check(text: string): void {
  for (const [name, read] of READERS) {
    const t0 = performance.now();
    let r: Read<unknown>;
    try {
      r = read(text);
      if (r.ok && name === 'previewTex') katex.renderToString(r.value as string, { throwOnError: true, strict: 'error' });
      if (r.ok && name === 'readExpression') {
        const e = r.value as { evaluate(x: number[]): number };
        e.evaluate([0.5, -1.5]);
        expressionsEqual(e as never, (p) => p[0] * p[1], XY);
      }
    } catch (err) {
      throw new Error(`${name} threw on ${JSON.stringify(text.slice(0, 80))}: ${String(err)}`);
    }
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    expect(ms, `${name} took ${ms.toFixed(0)} ms on ${JSON.stringify(text.slice(0, 80))}`).toBeLessThan(BOUND_MS);
    if (r.ok) {
      if (name === 'readNumber') expect(Number.isFinite(r.value)).toBe(true);
      if (name === 'readVector') expect((r.value as number[]).every(Number.isFinite)).toBe(true);
    } else {
      expect(typeof r.message).toBe('string');
      expect(r.message.length).toBeGreaterThan(0);
      expect(Number.isInteger(r.start) && Number.isInteger(r.end)).toBe(true);
      expect(0 <= r.start && r.start <= r.end && r.end <= text.length, `${name}: [${r.start}, ${r.end}) in ${text.length}`).toBe(true);
    }
  }
}

const HOSTILE = [
  '', ' ', '\0', '\ud800', '\udfff[1]', '\u202e[2, 1]', '\ufeff1', '😀', '[😀, 1]', 'x\u0301', '١٢', '½', '⁻', '²', '√', '√√√',
  'π', '∞', '-∞', 'Infinity', 'NaN', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf',
  'x.constructor', 'x["constructor"]', 'cos.constructor.constructor("return process")()', '[].map.constructor',
  'import({}, {})', 'evaluate("1")', 'createUnit("a")', 'parse("x")', 'simplify("x")', 'derivative("x", "x")',
  'f(x) = x', 'x = 1', 'x := 1', '[1,2][1]', '1:3', 'x ? 1 : 2', 'x == 1', '5 cm', '5 kg m^2', '"str"', "'s'", '`t`',
  '1e999999', '-1e999999', '1e-999999', '9^9^9^9', '10^400', '2^1024', '0^0', '0/0', '(-8)^(1/3)', 'sqrt(-1)',
  '9'.repeat(400), `0.${'0'.repeat(500)}1`, '1..2', '1.2.3', '.', '..', '0x1F', '0b101', '1_000',
  '((((', '))))', '[[[[', ']]]]', '[,]', '[;]', '[1,,2]', '[1;;2]', '[ ; ]', '(,)', ',,,', ';;;', '[1 2; 3]',
  '[x y; 1]', '[[1, 2], 3]', '[[[1]]]', '()', '[]', '[[]]', '[[], []]', 'sin()', 'log(,)', 'sin(,x)', 'x^', '^x', '*x', 'x*',
  '+-+-+-1', '--------x', '√-1', '2^-', '2^--3', 'x²²²', 'x⁻', '¹²³', 'xxxxxxxxxxxxxxxx', 'pipipipipix', 'eeeeeee',
  'sinsin(x)', 'xsinx(y)', 'x(y)(x)(y)', '\\frac{1}{2}', '<script>alert(1)</script>', '${1+1}', '{{7*7}}',
];

function bigInputs(): string[] {
  return [
    '('.repeat(100_000) + '1' + ')'.repeat(100_000),
    '['.repeat(100_000) + '1' + ']'.repeat(100_000),
    '('.repeat(39) + 'x' + ')'.repeat(39),
    'sqrt('.repeat(39) + '2' + ')'.repeat(39),
    '('.repeat(MB),
    '1'.repeat(MB),
    '1e' + '9'.repeat(1990),
    '9'.repeat(1999),
    '-'.repeat(1999) + '1',
    '2^'.repeat(999) + '2',
    '9^'.repeat(999) + '9',
    'x^'.repeat(999) + 'x',
    '1+'.repeat(999) + '1',
    '1/'.repeat(999) + '1',
    'x'.repeat(2000),
    'x'.repeat(MB),
    'xy'.repeat(999),
    '√'.repeat(1999) + '2',
    '²'.repeat(1999),
    '😀'.repeat(MB / 4),
    ' '.repeat(MB) + '0.2',
    `[${'0.3, '.repeat(MB / 5)}0.6]`,
    `[${'1, '.repeat(660)}1]`,
    `[${'[1, 2], '.repeat(240)}[1, 2]]`,
    `[${'1 '.repeat(999)}1]`,
    'sin('.repeat(39) + 'x' + ')'.repeat(39),
    '(x+'.repeat(39) + '1' + ')'.repeat(39),
  ];
}

/** Strings of tokens that are almost right: the grammar's corners. */
const tokenSoup = fc
  .array(
    fc.constantFrom('(', ')', '[', ']', ',', ';', ' ', 'x', 'y', 'z', 'xy', '2', '0.5', '1e3', '1e999', '^', '-', '+', '*', '/', '**',
      'sqrt', 'sin(', 'ln(', 'e', 'pi', 'π', '√', '²', '⁻¹', '−', '×', '·', '.', '=', '"', '!', '?', ':', '{', '|'),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

const mutated = fc
  .tuple(
    fc.constantFrom('[[6x, 2], [2, 6y]]', '[3x^2 + 2y, 3y^2 + 2x]', '[6 2; 2 12]', '(1, -1)', '5+sqrt(2)', 'positive definite', 'x^2y - 1/2x'),
    fc.nat(),
    fc.string({ unit: 'grapheme', maxLength: 4 }),
    fc.nat({ max: 3 }),
  )
  .map(([base, at, insert, cut]) => {
    const i = at % (base.length + 1);
    return base.slice(0, i) + insert + base.slice(i + cut);
  });

const sized = fc
  .tuple(fc.constantFrom('(', '[', '-', '2^', 'x', '1+', 'sqrt(', '√', '[1, ', 'xy'), fc.integer({ min: 1, max: 5000 }), fc.constantFrom('', '1', 'x', ')', ']'))
  .map(([unit, n, tail]) => unit.repeat(n) + tail);

const randomText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  tokenSoup,
  tokenSoup,
  mutated,
  sized,
  fc.double().map(String),
  fc.array(fc.double(), { maxLength: 5 }).map((xs) => `[${xs.join(', ')}]`),
);

describe('fuzzing the readers', () => {
  it('survives the hand-written hostile inputs', () => {
    for (const text of HOSTILE) check(text);
  });

  it('survives pathological sizes: deep nesting, 1 MB inputs, long chains', () => {
    const inputs = bigInputs();
    expect(inputs.some((t) => t.length >= MB)).toBe(true);
    for (const text of inputs) check(text);
  }, 60_000);

  it('survives 10,000 random hostile strings, each call well under a second', () => {
    let n = 0;
    fc.assert(
      fc.property(randomText, (text) => {
        check(text);
        n++;
      }),
      { numRuns: 10_000, seed: 20261122 },
    );
    expect(n).toBe(10_000);
    expect(slowest).toBeLessThan(BOUND_MS);
  }, 120_000);
});

// ---------------------------------------------------------------- differential check of the grammar

/** Random expressions in explicit mathjs syntax (plus number-coefficient juxtaposition). */
const { expression } = fc.letrec<{ expression: string; leaf: string; node: string }>((tie) => ({
  leaf: fc.oneof(
    fc.constantFrom('x', 'y', 'pi', 'e', '2', '3', '0.5', '1.5', '1e-1', '10'),
    fc.constantFrom('2x', '3y', '2(x+1)', '0.5(y-x)', '2pi', '3e'),
  ),
  node: fc.oneof(
    fc.tuple(tie('expression'), fc.constantFrom('+', '-', '*', '/', '^', ' + ', ' - ', ' * ', ' / ', ' ^ '), tie('expression')).map(([a, op, b]) => `${a}${op}${b}`),
    tie('expression').map((a) => `-${a}`),
    tie('expression').map((a) => `(${a})`),
    fc.tuple(fc.constantFrom('sin', 'cos', 'exp', 'sqrt', 'abs', 'log', 'tanh'), tie('expression')).map(([f, a]) => `${f}(${a})`),
  ),
  expression: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('node')),
}));

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe('the grammar agrees with mathjs on explicit expressions', () => {
  it('gives the values mathjs gives, and its normalised text means the same to mathjs', () => {
    let compared = 0;
    fc.assert(
      fc.property(expression, fc.constantFrom([0.7, -1.3], [-0.4, 0.9], [1.6, 0.3]), (text, [x, y]) => {
        const r = readExpression(text, XY);
        if (!r.ok) {
          // only the deliberate differences from mathjs: a number right after a factor
          // ("x 2", or "3e+0.5", which is 3e+0 followed by .5)
          expect(r.message, text).toMatch(/missing before “[0-9.]|too complicated|too long/);
          return;
        }
        katex.renderToString(r.value.tex, { throwOnError: true, strict: 'error' });
        const ours = r.value.evaluate([x, y]);
        let theirs: unknown;
        try {
          theirs = mathjsEvaluate(text, { x, y });
        } catch {
          theirs = undefined; // mathjs cannot read a few forms we accept, like "3e+x" (3·e + x)
        }
        // our normalised text must always be readable by mathjs
        const again = mathjsEvaluate(r.value.text, { x, y }) as unknown;
        if (typeof theirs === 'number' && Number.isFinite(theirs) && Number.isFinite(ours)) {
          expect(close(ours, theirs), `${text}: ours ${ours}, mathjs ${theirs}`).toBe(true);
          compared++;
        }
        if (typeof again === 'number' && Number.isFinite(again) && Number.isFinite(ours)) {
          expect(close(ours, again), `${r.value.text}: ours ${ours}, mathjs ${again}`).toBe(true);
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
    expect(compared).toBeGreaterThan(500);
  }, 60_000);
});
