import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { plainMatrix, plainVector } from './plain';
import { readMatrix, readVector } from './read';

const literal = fc.oneof(
  fc.integer({ min: -100000, max: 100000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((x) => String(x)),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((x) => x.toPrecision(10)),
  fc.double({ min: 1e-9, max: 1e9, noNaN: true }).map((x) => x.toExponential(4)),
);
const space = fc.constantFrom('', ' ', '  ');

describe('the plain-number fast path reads exactly what the full reader reads', () => {
  it('vectors in brackets, parentheses or bare', () => {
    fc.assert(
      fc.property(fc.array(literal, { minLength: 1, maxLength: 12 }), space, fc.constantFrom(['[', ']'], ['(', ')'], ['', '']), (xs, sp, [o, c]) => {
        const text = `${o}${xs.join(`,${sp}`)}${c}`;
        const fast = plainVector(text, xs.length);
        const full = readVector(text, { length: xs.length });
        expect(fast, text).not.toBeNull();
        expect(full.ok).toBe(true);
        if (full.ok) expect(fast).toEqual(full.value);
      }),
    );
  });

  it('matrices as [a, b; c, d] and [[a, b], [c, d]]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.array(literal, { minLength: 25, maxLength: 25 }), fc.boolean(), space, (r, c, pool, nested, sp) => {
        const rows = Array.from({ length: r }, (_, i) => pool.slice(i * c, i * c + c));
        const text = nested ? `[${rows.map((row) => `[${row.join(`,${sp}`)}]`).join(`,${sp}`)}]` : `[${rows.map((row) => row.join(`,${sp}`)).join(`;${sp}`)}]`;
        const fast = plainMatrix(text, r, c);
        expect(fast).not.toBeNull();
        const full = readMatrix(text, { rows: r, cols: c });
        expect(full.ok).toBe(true);
        if (full.ok) expect(fast).toEqual(full.value);
      }),
    );
  });

  it('leaves everything else (and every wrong size) to the full reader', () => {
    for (const t of ['[1, 2', '[1, sqrt(2)]', '[1/2, 1]', '[1 2]', '[1; 2]', '+1, 2', '[.5, 1]', '[1, 2, ]', '[1,,2]', '1e999, 1', '[1E3, 2]']) {
      expect(plainVector(t, 2), t).toBeNull();
    }
    expect(plainVector('[1, 2, 3]', 2)).toBeNull();
    for (const t of ['[[1, 2], [3]]', '[1, 2; 3]', '[[1, 2]; [3, 4]]', '[[1, 2], 3, 4]', '[1, 2; 3, x]', '[[1, 2] [3, 4]]']) {
      expect(plainMatrix(t, 2, 2), t).toBeNull();
    }
    expect(plainVector('[' + Array(1500).fill('1').join(',') + ']', 1500)).toBeNull();
  });
});
