/**
 * Fuzzing the answer path: 10,000 hostile, random, huge, deeply nested and unicode
 * answers through `gradeText` for kinds of every answer shape. No call may throw or
 * take a second, and each result is either a grade (score in [0, 1]) or a read error
 * that says where (not a spec error).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gradeText } from './engine';

const SPECS: Record<string, unknown> = {
  number: { kind: 'gd-optimal-step', matrix: [[6, 1], [1, 4]] },
  integer: { kind: 'gd-iterations', f: '0.5*(x^2 + 10*y^2)', vars: ['x', 'y'], x0: [1, 1], lr: 2 / 11, tol: 1e-4, stop: 'loss' },
  vector: { kind: 'gd-step', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], x0: [1, 2], lr: 0.1 },
  matrix: { kind: 'bfgs-update', H: [[1, 0], [0, 1]], s: [1, 0], y: [2, 1] },
  label: { kind: 'definiteness', matrix: [[2, 0], [0, -1]] },
  'expression-vector': { kind: 'gradient', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'] },
  'expression-matrix': { kind: 'hessian', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'] },
  newton: { kind: 'newton-step', f: 'x^3 + y^3 + 2*x*y', vars: ['x', 'y'], x0: [1, 2] },
};

const MB = 1 << 20;

/** Hand-written hostile inputs: parser escapes, sandbox probes, overflow, nesting, odd unicode. */
const HOSTILE: string[] = [
  '', ' ', '\n', '\t\t', '\0', '\u0000[1, 2]', '[', ']', '[[', ']]', '((', '))', '[,]', '[1,,2]', ',,,', ';', '[;]',
  '[1, 2', '1, 2]', '[[1, 2], [3]]', '[[1, 2], 3]', '[1, [2]]', '[[[1]]]', '()', '(1, 2', '{}', '{"a": 1}', 'null',
  'undefined', 'NaN', 'Infinity', '-Infinity', 'nan', 'inf', '1/0', '-1/0', '0/0', '0^0', 'sqrt(-1)', 'i', '2i', 'e', 'pi', 'tau',
  '1e309', '-1e309', '1e-400', '9'.repeat(400), `0.${'0'.repeat(500)}1`, '1e99999999999', '10^400', '2^1024', 'factorial(200)',
  '__proto__', 'constructor', 'prototype', 'this', 'globalThis', 'process.exit(1)', 'require("fs")', 'import("fs")',
  'evaluate("1+1")', 'parse("1")', 'simplify("x")', 'derivative("x^2", "x")', 'createUnit("foo")', 'import({}, {})',
  'f(x) = x', 'x = 1', 'a = [1]', '[1, 2][1]', 'x.y', 'x["constructor"]', 'cos.constructor', '"string"', "'s'", '`t`',
  '5 kg', '3 cm + 2 inch', 'x ? 1 : 2', '1 == 1', '[1, 2] == [1, 2]', '1:3', 'matrix([1, 2])', 'ones(1000, 1000)',
  'zeros(100000)', 'range(1, 1e9)', 'det([[1, 2], [3, 4]])', 'inv([[1, 2], [3, 4]])', 'x!', '!x', '--1', '+-+-1', '1++2',
  '1 2 3', '1e', 'e1', '.', '..', '1..2', '0x1F', '0b101', '1_000', '١٢', '½', '²', '−1', '1 − 2', '⁻¹', '∞', '√2', 'π',
  '😀', '[😀, 1]', '\u202e[2, 1]', '\u200b1', '\ufeff1', 'x\u0301', '\ud800', '\udfff[1]', 'Ω', '日本', 'ﬁ', 'ǅ',
  '<script>alert(1)</script>', '${1+1}', '{{7*7}}', '%s%s%s', "'; DROP TABLE attempts; --", '\\', '\\frac{1}{2}',
  'positive definite', 'POSITIVE DEFINITE', 'Indefinite', 'pd', 'min', 'saddle', 'definitely positive',
  '6x', '6*x', '[6x, 2]', '[[6x, 2], [2, 6y]]', '[3x^2 + 2y, 3y^2 + 2x]', 'x^x^x^x^x^x', 'sin(sin(sin(x)))', 'xyz', 'q',
];

/** Pathological sizes: deep nesting, long lists, a 1 MB input. */
function bigInputs(): string[] {
  return [
    '('.repeat(10_000) + '1' + ')'.repeat(10_000),
    '['.repeat(10_000) + '1' + ']'.repeat(10_000),
    '('.repeat(100_000),
    '['.repeat(100_000),
    '-'.repeat(100_000) + '1',
    'sqrt('.repeat(5_000) + '2' + ')'.repeat(5_000),
    '2^'.repeat(5_000) + '2',
    `[${Array.from({ length: 50_000 }, (_, i) => i).join(', ')}]`,
    `[${Array.from({ length: 2_000 }, () => `[${'1, '.repeat(1_999)}1]`).join(', ')}]`.slice(0, MB),
    '1'.repeat(MB),
    '1+'.repeat(MB / 2) + '1',
    'x'.repeat(MB),
    '😀'.repeat(MB / 4),
    ' '.repeat(MB) + '0.2',
    `[${'0.3, '.repeat(MB / 5)}0.6]`,
  ];
}

/** Mutations of right-looking answers: random edits that keep most of the structure. */
const mutatedArb = fc
  .tuple(
    fc.constantFrom('[0.3, 0.6]', '[[0.75, -0.5], [-0.5, 1]]', '28', '0.2', '[3x^2 + 2y, 3y^2 + 2x]', '[[6x, 2], [2, 6y]]', 'indefinite'),
    fc.nat(),
    fc.string({ unit: 'grapheme-ascii', maxLength: 4 }),
    fc.nat({ max: 3 }),
  )
  .map(([base, at, insert, cut]) => {
    const i = at % (base.length + 1);
    return base.slice(0, i) + insert + base.slice(i + cut);
  });

const randomTextArb = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^[-+*/^()[\],;.0-9exyz ]{0,60}$/),
  fc.array(fc.double(), { maxLength: 6 }).map((xs) => `[${xs.join(', ')}]`),
  fc.array(fc.array(fc.double(), { minLength: 2, maxLength: 2 }), { minLength: 2, maxLength: 2 }).map((m) => JSON.stringify(m)),
  fc.double().map(String),
  fc.bigInt().map(String),
  mutatedArb,
);

/** Grades `text` against `spec` and checks the invariants; returns the milliseconds taken. */
function check(spec: unknown, text: string): number {
  const t0 = performance.now();
  let r: ReturnType<typeof gradeText>;
  try {
    r = gradeText(spec, text);
  } catch (err) {
    throw new Error(`gradeText threw on ${JSON.stringify(text.slice(0, 80))}: ${String(err)}`);
  }
  const ms = performance.now() - t0;
  if (r.ok) {
    expect(typeof r.grade.correct).toBe('boolean');
    expect(r.grade.score).toBeGreaterThanOrEqual(0);
    expect(r.grade.score).toBeLessThanOrEqual(1);
    expect(Array.isArray(r.grade.feedback)).toBe(true);
  } else {
    // a read error (where the text could not be read), never a spec error
    expect(r.error.field, text.slice(0, 80)).toBeUndefined();
    expect(typeof r.error.message).toBe('string');
    expect(r.error.message.length).toBeGreaterThan(0);
    expect(typeof r.error.start).toBe('number');
    expect(typeof r.error.end).toBe('number');
  }
  expect(ms, `took ${ms.toFixed(0)} ms on ${JSON.stringify(text.slice(0, 80))}`).toBeLessThan(1000);
  return ms;
}

describe('fuzzing gradeText', () => {
  const specs = Object.values(SPECS);

  it('every spec here is valid (so failures below are about the answers)', () => {
    for (const spec of specs) {
      const r = gradeText(spec, '0');
      if (!r.ok) expect(r.error.field).toBeUndefined();
    }
  });

  it('survives the hand-written hostile inputs on every shape', () => {
    for (const spec of specs) for (const text of HOSTILE) check(spec, text);
  });

  it('survives pathological sizes (deep nesting, huge lists, 1 MB inputs)', () => {
    const inputs = bigInputs();
    expect(inputs.some((t) => t.length >= MB)).toBe(true);
    for (const text of inputs) for (const spec of [SPECS.vector, SPECS.matrix, SPECS['expression-matrix'], SPECS.label]) check(spec, text);
  }, 120_000);

  it('survives 10,000 random answers spread over the shapes', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.nat({ max: specs.length - 1 }), randomTextArb, (k, text) => {
        check(specs[k], text);
        n++;
      }),
      { numRuns: 10_000 - HOSTILE.length * specs.length },
    );
    expect(n + HOSTILE.length * specs.length).toBeGreaterThanOrEqual(10_000);
  }, 120_000);
});
