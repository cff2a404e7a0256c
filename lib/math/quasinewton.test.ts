import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MathError } from './errors';
import { bfgsDirectUpdate, bfgsInverseUpdate, lbfgsTwoLoop } from './quasinewton';

type M = number[][];

function expectMatClose(A: M, B: M, tol: number): void {
  expect(A.length).toBe(B.length);
  A.forEach((row, i) => row.forEach((a, j) => expect(Math.abs(a - B[i][j])).toBeLessThan(tol)));
}

/** Plain products written here so the checks do not lean on lib/math's own helpers. */
function mv(A: M, x: number[]): number[] {
  return A.map((row) => row.reduce((s, a, j) => s + a * x[j], 0));
}
function mm(A: M, B: M): M {
  return A.map((row) => B[0].map((_, j) => row.reduce((s, a, k) => s + a * B[k][j], 0)));
}

describe('bfgsInverseUpdate', () => {
  it('H = I, s = (1, 0), y = (2, 1): ρ = 1/2, H⁺ = [[0.75, −0.5], [−0.5, 1]] (by hand)', () => {
    // I − ρsyᵀ = [[0, −0.5], [0, 1]], I − ρysᵀ = [[0, 0], [−0.5, 1]]; their product is
    // [[0.25, −0.5], [−0.5, 1]], plus ρssᵀ = [[0.5, 0], [0, 0]].
    const { H, rho } = bfgsInverseUpdate([[1, 0], [0, 1]], [1, 0], [2, 1]);
    expect(rho).toBe(0.5);
    expectMatClose(H, [[0.75, -0.5], [-0.5, 1]], 1e-15);
    expect(mv(H, [2, 1])).toEqual([1, 0]); // secant condition H⁺y = s
  });

  it('from a non-identity H: H = [[2, 0], [0, 1]], s = (1, 1), y = (1, 2)', () => {
    // yᵀs = 3, ρ = 1/3; (I − ρsyᵀ) = [[2/3, −2/3], [−1/3, 1/3]], (I − ρysᵀ) is its transpose;
    // L H Lᵀ = [[4/3, −2/3], [−2/3, 1/3]], plus ρssᵀ = [[1/3, 1/3], [1/3, 1/3]]
    const { H } = bfgsInverseUpdate([[2, 0], [0, 1]], [1, 1], [1, 2]);
    expectMatClose(H, [[5 / 3, -1 / 3], [-1 / 3, 2 / 3]], 1e-15);
  });

  it('throws "yᵀs must be positive" when yᵀs ≤ 0', () => {
    expect(() => bfgsInverseUpdate([[1, 0], [0, 1]], [1, 0], [-1, 3])).toThrow(MathError);
    expect(() => bfgsInverseUpdate([[1, 0], [0, 1]], [1, 0], [-1, 3])).toThrow('yᵀs must be positive');
    expect(() => bfgsInverseUpdate([[1, 0], [0, 1]], [1, 0], [0, 3])).toThrow('yᵀs must be positive');
  });

  it('rejects sizes that do not fit', () => {
    expect(() => bfgsInverseUpdate([[1, 0], [0, 1]], [1, 0, 0], [1, 0, 0])).toThrow(MathError);
    expect(() => bfgsInverseUpdate([[1, 0]], [1, 0], [1, 0])).toThrow(MathError);
  });
});

describe('bfgsDirectUpdate', () => {
  it('B = I, s = (1, 0), y = (2, 1): B⁺ = [[2, 1], [1, 1.5]] (by hand), B⁺s = y', () => {
    const r = bfgsDirectUpdate([[1, 0], [0, 1]], [1, 0], [2, 1]);
    expect(r.Bs).toEqual([1, 0]);
    expect(r.sBs).toBe(1);
    expect(r.ys).toBe(2);
    expectMatClose(r.B, [[2, 1], [1, 1.5]], 1e-15);
    expect(mv(r.B, [1, 0])).toEqual([2, 1]);
  });

  it('is the inverse of the inverse update: [[2, 1], [1, 1.5]]⁻¹ = [[0.75, −0.5], [−0.5, 1]]', () => {
    const B = bfgsDirectUpdate([[1, 0], [0, 1]], [1, 0], [2, 1]).B;
    const H = bfgsInverseUpdate([[1, 0], [0, 1]], [1, 0], [2, 1]).H;
    expectMatClose(mm(B, H), [[1, 0], [0, 1]], 1e-14);
  });

  it('throws when yᵀs ≤ 0 or sᵀBs ≤ 0', () => {
    expect(() => bfgsDirectUpdate([[1, 0], [0, 1]], [1, 1], [-1, -1])).toThrow('yᵀs must be positive');
    expect(() => bfgsDirectUpdate([[1, 0], [0, -1]], [0, 1], [0, 1])).toThrow(/sᵀBs must be positive/);
  });
});

describe('lbfgsTwoLoop', () => {
  it('one pair s = (1, 0), y = (2, 1), g = (1, 1): every intermediate by hand', () => {
    // γ = sᵀy/yᵀy = 2/5; ρ = 1/2; α = ρ sᵀg = 1/2; q = g − αy = (0, 1/2);
    // r = γq = (0, 1/5); β = ρ yᵀr = 1/10; r ← r + s(α − β) = (2/5, 1/5); d = −r
    const r = lbfgsTwoLoop([1, 1], [[1, 0]], [[2, 1]]);
    expect(r.gamma).toBeCloseTo(0.4, 15);
    expect(r.rhos).toEqual([0.5]);
    expect(r.alphas).toEqual([0.5]);
    expect(r.q).toEqual([0, 0.5]);
    expect(r.betas[0]).toBeCloseTo(0.1, 15);
    expect(r.r[0]).toBeCloseTo(0.4, 15);
    expect(r.r[1]).toBeCloseTo(0.2, 15);
    expect(r.d[0]).toBeCloseTo(-0.4, 15);
    expect(r.d[1]).toBeCloseTo(-0.2, 15);
  });

  it('with one pair equals −H⁺g of the BFGS update of γI: H⁺ = [[0.6, −0.2], [−0.2, 0.4]]', () => {
    // γI updated with s = (1, 0), y = (2, 1): 0.4·[[0.25, −0.5], [−0.5, 1]] + [[0.5, 0], [0, 0]]
    const { H } = bfgsInverseUpdate([[0.4, 0], [0, 0.4]], [1, 0], [2, 1]);
    expectMatClose(H, [[0.6, -0.2], [-0.2, 0.4]], 1e-15);
    const g = [3, -7];
    const d = lbfgsTwoLoop(g, [[1, 0]], [[2, 1]]).d;
    const expected = mv(H, g).map((v) => -v); // H⁺g = (1.8 + 1.4, −0.6 − 2.8) = (3.2, −3.4)
    expect(d[0]).toBeCloseTo(-3.2, 14);
    expect(d[1]).toBeCloseTo(3.4, 14);
    expect(d[0]).toBeCloseTo(expected[0], 14);
    expect(d[1]).toBeCloseTo(expected[1], 14);
  });

  it('with no pairs: d = −g and γ = 1', () => {
    const r = lbfgsTwoLoop([2, -3], [], []);
    expect(r.d).toEqual([-2, 3]);
    expect(r.gamma).toBe(1);
    expect(r.alphas).toEqual([]);
  });

  it('γ comes from the newest pair (the last one), not the oldest', () => {
    // pairs with yᵀs > 0; newest s = (0, 1), y = (0, 4): γ = 4/16 = 0.25
    const r = lbfgsTwoLoop([1, 1], [[1, 0], [0, 1]], [[2, 0], [0, 4]]);
    expect(r.gamma).toBe(0.25);
    // both pairs are along the axes, so H = diag(1/2, 1/4) and d = (−0.5, −0.25)
    expect(r.d[0]).toBeCloseTo(-0.5, 15);
    expect(r.d[1]).toBeCloseTo(-0.25, 15);
  });

  it('throws for yᵀs ≤ 0 and for lists or vectors that do not match', () => {
    expect(() => lbfgsTwoLoop([1, 1], [[1, 0]], [[-1, 0]])).toThrow('yᵀs must be positive');
    expect(() => lbfgsTwoLoop([1, 1], [[1, 0], [0, 1]], [[1, 0]])).toThrow(MathError);
    expect(() => lbfgsTwoLoop([1, 1], [[1, 0, 0]], [[1, 0, 0]])).toThrow(MathError);
  });
});

/** Random SPD matrices MᵀM + I and pairs with yᵀs > 0 (y = C s for another SPD C). */
const size = fc.integer({ min: 1, max: 5 });
const entries = (k: number) => fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: k, maxLength: k });
function spd(flat: number[], n: number): M {
  const Mx = Array.from({ length: n }, (_, i) => flat.slice(i * n, i * n + n));
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => Mx.reduce((s, row) => s + row[i] * row[j], 0) + (i === j ? 1 : 0)));
}
const problem = size.chain((n) =>
  fc.record({ h: entries(n * n), c: entries(n * n), s: entries(n) }).map(({ h, c, s }) => {
    const sv = s.map((v, i) => (i === 0 ? v + 4 : v)); // keep s away from 0
    const C = spd(c, n);
    return { H: spd(h, n), s: sv, y: mv(C, sv) };
  }),
);

describe('properties of the BFGS updates (fast-check)', () => {
  it('H⁺y = s and H⁺ is symmetric, for random SPD H and pairs with yᵀs > 0', () => {
    fc.assert(
      fc.property(problem, ({ H, s, y }) => {
        const next = bfgsInverseUpdate(H, s, y).H;
        const scale = Math.max(1, ...s.map(Math.abs));
        mv(next, y).forEach((v, i) => expect(Math.abs(v - s[i])).toBeLessThan(1e-9 * scale));
        next.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(next[j][i])));
      }),
      { numRuns: 300 },
    );
  });

  it('B⁺s = y, and H⁺ = (B⁺)⁻¹ when H = B⁻¹', () => {
    fc.assert(
      fc.property(problem, ({ H: B, s, y }) => {
        const Bn = bfgsDirectUpdate(B, s, y).B;
        const scale = Math.max(1, ...y.map(Math.abs));
        mv(Bn, s).forEach((v, i) => expect(Math.abs(v - y[i])).toBeLessThan(1e-9 * scale));
        const Hinv = invert(B);
        const Hn = bfgsInverseUpdate(Hinv, s, y).H;
        const P = mm(Bn, Hn);
        P.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - (i === j ? 1 : 0))).toBeLessThan(1e-7)));
      }),
      { numRuns: 200 },
    );
  });

  it('one-pair L-BFGS direction equals −H⁺g of the inverse update from γI', () => {
    fc.assert(
      fc.property(problem, entries(5), ({ s, y }, gAll) => {
        const n = s.length;
        const g = gAll.slice(0, n);
        const gamma = s.reduce((t, v, i) => t + v * y[i], 0) / y.reduce((t, v) => t + v * v, 0);
        const H0 = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? gamma : 0)));
        const Hn = bfgsInverseUpdate(H0, s, y).H;
        const expected = mv(Hn, g).map((v) => -v);
        const d = lbfgsTwoLoop(g, [s], [y]).d;
        d.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-9 * Math.max(1, ...expected.map(Math.abs))));
      }),
      { numRuns: 200 },
    );
  });
});

/** Gauss–Jordan inverse with partial pivoting, written here for the checks only. */
function invert(A: M): M {
  const n = A.length;
  const a = A.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
    [a[k], a[p]] = [a[p], a[k]];
    const piv = a[k][k];
    for (let j = 0; j < 2 * n; j++) a[k][j] /= piv;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const m = a[i][k];
      for (let j = 0; j < 2 * n; j++) a[i][j] -= m * a[k][j];
    }
  }
  return a.map((row) => row.slice(n));
}
