import { describe, expect, it } from 'vitest';
import { drawParam, drawParams, generateVariant, substitute, variantParams } from './params';
import { hashSeed, rng } from '@/lib/math/random';
import { solveSpec } from './engine';
import { SpecError } from './types';

describe('hashSeed', () => {
  it('is 32-bit FNV-1a over UTF-16 units (published test vectors)', () => {
    expect(hashSeed('')).toBe(0x811c9dc5);
    expect(hashSeed('a')).toBe(0xe40c292c);
    expect(hashSeed('foobar')).toBe(0xbf9cf968);
  });
  it('separates parts', () => {
    expect(hashSeed('ab', 'c')).not.toBe(hashSeed('a', 'bc'));
    expect(hashSeed('ex-1', 7)).toBe(hashSeed('ex-1', '7'));
    expect(hashSeed('ex-1', 7)).toBe(4260681832); // FNV-1a of "ex-1\u001f7", computed separately
  });
});

describe('rng (mulberry32)', () => {
  it('gives the reference sequence', () => {
    const r = rng(1);
    expect(r()).toBeCloseTo(0.6270739405881613, 15);
    expect(r()).toBeCloseTo(0.002735721180215478, 15);
    expect(r()).toBeCloseTo(0.5274470399599522, 15);
    expect(rng(42)()).toBeCloseTo(0.6011037519201636, 15);
  });
});

describe('drawing params', () => {
  it('draws integers in range and honours exclude', () => {
    const r = rng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const v = drawParam('a', { min: -2, max: 2, exclude: [0] }, r) as number;
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThanOrEqual(2);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([-1, -2, 1, 2].sort());
  });
  it('draws decimals on the step grid, rounded', () => {
    const r = rng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(drawParam('b', { min: 0.1, max: 0.5, step: 0.1 }, r) as number);
    expect([...seen].sort()).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
  });
  it('draws from lists', () => {
    const r = rng(5);
    const seen = new Set<number | string>();
    for (let i = 0; i < 200; i++) seen.add(drawParam('c', [1, 2, 5], r));
    expect([...seen].sort()).toEqual([1, 2, 5]);
  });
  it('rejects impossible ranges naming the param', () => {
    expect(() => drawParam('a', { min: 3, max: 1 }, rng(1))).toThrow(/params\.a/);
    expect(() => drawParam('a', { min: 0, max: 0, exclude: [0] }, rng(1))).toThrow(SpecError);
    expect(() => drawParam('a', [], rng(1))).toThrow(SpecError);
  });
  it('does not depend on key order', () => {
    expect(drawParams({ a: { min: 1, max: 9 }, b: { min: 1, max: 9 } }, rng(11))).toEqual(
      drawParams({ b: { min: 1, max: 9 }, a: { min: 1, max: 9 } }, rng(11)),
    );
  });
});

describe('substitute', () => {
  it('puts values into strings, negatives in parentheses', () => {
    expect(substitute({ f: '{a}*x^2 + {b}*y' }, { a: 3, b: -2 })).toEqual({ f: '3*x^2 + (-2)*y' });
  });
  it('evaluates array entries and whole-field placeholders to numbers', () => {
    expect(substitute({ at: ['{p}', '{p}+1', 2], matrix: [['{q}', 0], [0, '2*{q}']], lr: '{p}' }, { p: -1, q: 1.5 })).toEqual({
      at: [-1, 0, 2],
      matrix: [[1.5, 0], [0, 3]],
      lr: -1,
    });
  });
  it('leaves strings without known placeholders alone', () => {
    expect(substitute({ vars: ['x', 'y'], note: '{z}' }, { a: 1 })).toEqual({ vars: ['x', 'y'], note: '{z}' });
  });
});

const template = {
  kind: 'hessian',
  f: '{a}*x^3 + {b}*y^3 + {c}*x*y',
  vars: ['x', 'y'],
  at: ['{p}', '{q}'],
  params: { a: { min: 1, max: 5 }, b: { min: -3, max: 3, exclude: [0] }, c: [1, 2, 5], p: { min: -2, max: 2 }, q: { min: -2, max: 2 } },
  where: ['a != abs(b)'],
};

describe('generateVariant', () => {
  it('is deterministic per seed and varies across seeds', () => {
    const v1 = generateVariant(template, 12345);
    expect(generateVariant(template, 12345)).toEqual(v1);
    const distinct = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => JSON.stringify(generateVariant(template, s))));
    expect(distinct.size).toBeGreaterThan(4);
  });
  it('substitutes every placeholder, drops params and where, and solves', () => {
    for (let seed = 0; seed < 50; seed++) {
      const v = generateVariant(template, seed) as { f: string; at: number[] };
      expect(v).not.toHaveProperty('params');
      expect(v).not.toHaveProperty('where');
      expect(v.f).not.toContain('{');
      const [, a, b] = /^(\d+)\*x\^3 \+ \(?(-?\d+)\)?\*y\^3/.exec(v.f)!.map(Number);
      expect(a).not.toBe(Math.abs(b)); // where
      expect(b).not.toBe(0); // exclude
      // H = [[6a·p, c], [c, 6b·q]]
      const H = solveSpec(v).solution.answer as number[][];
      expect(H[0][0]).toBe(6 * a * v.at[0]);
      expect(H[1][1]).toBe(6 * b * v.at[1]);
    }
  });
  it('can constrain the answer', () => {
    const t = { ...template, where: ['det(answer) != 0'] };
    for (let seed = 0; seed < 30; seed++) {
      const H = solveSpec(generateVariant(t, seed)).solution.answer as number[][];
      expect(H[0][0] * H[1][1] - H[0][1] * H[1][0]).not.toBe(0);
    }
  });
  it('redraws unsolvable variants and gives up after 100 draws with the reason', () => {
    const never = { kind: 'condition-number', matrix: [['{a}', 0], [0, 1]], params: { a: { min: -5, max: 0 } } };
    expect(() => generateVariant(never, 1)).toThrow(/no valid variant after 100 draws: .*positive definite/);
    const impossible = { ...template, where: ['a > 10'] };
    try {
      generateVariant(impossible, 1);
      expect.unreachable();
    } catch (e) {
      expect((e as SpecError).field).toBe('params');
      expect((e as SpecError).message).toContain('where "a > 10" is false');
    }
  });
  it('reports a broken condition as an author error', () => {
    expect(() => generateVariant({ ...template, where: ['a >'] }, 1)).toThrow(/where\.0/);
  });
  it('returns a template without params as it is', () => {
    const plain = { kind: 'hessian', f: 'x^2', vars: ['x'], at: [1] };
    expect(generateVariant(plain, 99)).toEqual(plain);
  });});

describe('variantParams', () => {
  it('gives the values of the kept draw (after redraws), matching the variant', () => {
    // a ∈ 1..5 and b ∈ 1..5 with "a > b": the first draw may fail and be redrawn; the values
    // returned must be the ones in the variant's f, which proves they are the kept draw.
    const t = { kind: 'hessian', f: '{a}*x^2 + {b}*y^2', vars: ['x', 'y'], at: [0, 0], params: { a: { min: 1, max: 5 }, b: { min: 1, max: 5 } }, where: ['a > b'] };
    for (let seed = 0; seed < 40; seed++) {
      const values = variantParams(t, seed)!;
      const v = generateVariant(t, seed) as { f: string };
      expect(v.f).toBe(`${values.a}*x^2 + ${values.b}*y^2`);
      expect(values.a as number).toBeGreaterThan(values.b as number);
    }
    expect(variantParams({ kind: 'hessian', f: 'x^2', vars: ['x'], at: [1] }, 3)).toBeNull();
  });
});
