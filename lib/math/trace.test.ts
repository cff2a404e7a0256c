import { describe, expect, it } from 'vitest';
import { MathError } from './errors';
import { armijoBacktracking, runTrace, traceIteration, initialMemory, type TraceObjective, type TraceRow } from './trace';

// f = x² + 2y² = ½xᵀAx with A = diag(2, 4): ∇f = (2x, 4y), ∇²f = A. Every expected number
// below was computed by hand in exact fractions (checked with Python's fractions module).
const quad: TraceObjective = {
  f: ([x, y]) => x * x + 2 * y * y,
  grad: ([x, y]) => [2 * x, 4 * y],
  hess: () => [[2, 0], [0, 4]],
};

function close(actual: number[] | number[][] | number, expected: number[] | number[][] | number, digits = 12) {
  const a = [actual].flat(2) as number[];
  const e = [expected].flat(2) as number[];
  expect(a.length).toBe(e.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(e[i], digits));
}

describe('gradient descent', () => {
  it('fixed α = 1/4 from (1, 1): x1 = (1/2, 0), x2 = (1/4, 0)', () => {
    const rows = runTrace(quad, [1, 1], 2, { method: 'gd', step: { rule: 'fixed', alpha: 0.25 } });
    close(rows[0].g, [2, 4]);
    close(rows[0].p, [-2, -4]);
    close(rows[0].xNext, [0.5, 0]);
    close(rows[0].fNext, 0.25);
    close(rows[1].x, [0.5, 0]);
    close(rows[1].xNext, [0.25, 0]);
    close(rows[1].fNext, 0.0625);
    expect(rows.map((r) => r.backtracks)).toEqual([0, 0]);
  });

  it('Armijo backtracking (α0 = 1, ρ = 1/2, c1 = 1/2) counts 2, 1, 0 rejected trials', () => {
    // row 0: α = 1 gives f(−1, −3) = 19 > 3 − 10; α = 1/2 gives f(0, −1) = 2 > 3 − 5; α = 1/4 gives f(1/2, 0) = 1/4 ≤ 3 − 2.5.
    // row 1 from (1/2, 0): p = (−1, 0); α = 1 gives f(−1/2, 0) = 1/4 > 1/4 − 1/2; α = 1/2 gives 0 ≤ 1/4 − 1/4.
    // row 3 from (0, 0), the minimum: g = 0, p = 0, and the first trial α = 1 is taken.
    const step = { rule: 'armijo' as const, alpha0: 1, shrink: 0.5, c1: 0.5 };
    const rows = runTrace(quad, [1, 1], 3, { method: 'gd', step });
    expect(rows.map((r) => [r.alpha, r.backtracks])).toEqual([[0.25, 2], [0.5, 1], [1, 0]]);
    close(rows[1].xNext, [0, 0]);
    close(rows[2].xNext, [0, 0]);
  });

  it('Armijo with c1 = 1e-4 accepts α = 1/2 after one backtrack, and the reversed test accepts α = 1', () => {
    const rule = { alpha0: 1, shrink: 0.5, c1: 1e-4 };
    expect(armijoBacktracking(quad.f, [1, 1], 3, [2, 4], [-2, -4], rule)).toEqual({ alpha: 0.5, backtracks: 1 });
    expect(armijoBacktracking(quad.f, [1, 1], 3, [2, 4], [-2, -4], rule, true)).toEqual({ alpha: 1, backtracks: 0 });
    expect(() => armijoBacktracking(quad.f, [1, 1], 3, [2, 4], [2, 4], rule)).toThrow('not a descent direction');
  });
});

describe('Newton', () => {
  // f = x⁴ + y²: ∇f = (4x³, 2y), ∇²f = diag(12x², 2).
  const quartic: TraceObjective = { f: ([x, y]) => x ** 4 + y * y, grad: ([x, y]) => [4 * x ** 3, 2 * y], hess: ([x]) => [[12 * x * x, 0], [0, 2]] };
  it('pure steps from (1, 1): p0 = (−1/3, −1), x1 = (2/3, 0), x2 = (4/9, 0)', () => {
    const rows = runTrace(quartic, [1, 1], 2, { method: 'newton', step: { rule: 'fixed', alpha: 1 } });
    close(rows[0].p, [-1 / 3, -1]);
    close(rows[0].xNext, [2 / 3, 0]);
    close(rows[0].fNext, 16 / 81);
    close(rows[1].xNext, [4 / 9, 0]);
  });
  it('damped (Armijo) takes the full step when it passes: 0 backtracks', () => {
    const rows = runTrace(quartic, [1, 1], 1, { method: 'newton', step: { rule: 'armijo', alpha0: 1, shrink: 0.5, c1: 1e-4 } });
    expect(rows[0].backtracks).toBe(0);
    close(rows[0].xNext, [2 / 3, 0]);
  });
  it('a singular Hessian is a MathError', () => {
    expect(() => runTrace(quartic, [0, 1], 1, { method: 'newton', step: { rule: 'fixed', alpha: 1 } })).toThrow(MathError);
  });
});

describe('BFGS', () => {
  const opts = { method: 'bfgs' as const, step: { rule: 'fixed' as const, alpha: 0.25 } };
  it('inverse form, H0 = I, α = 1/4 from (1, 1): H1 = [[169/162, −11/81], [−11/81, 23/81]]', () => {
    const rows = runTrace(quad, [1, 1], 3, opts);
    close(rows[0].H!, [[1, 0], [0, 1]]);
    close(rows[0].xNext, [0.5, 0]);
    close(rows[1].g, [1, 0]);
    close(rows[1].H!, [[169 / 162, -11 / 81], [-11 / 81, 23 / 81]]);
    close(rows[1].p, [-169 / 162, 11 / 81]);
    close(rows[1].fNext, 2777 / 46656);
    close(rows[2].x, [155 / 648, 11 / 324]);
    close(rows[2].H!, [[10775609 / 21529922, 20449 / 10764961], [20449 / 10764961, 2769783 / 10764961]]);
  });
  it('replays from any state: from x = (1/2, 1/2) after H0 = I and s = (−1/2, −1/2), y = (−1, −2)', () => {
    // The state a student reaches with the slip p0 = (−2, −2): H1 = [[19, −5], [−5, 7]]/18, p1 = (−1/2, −1/2).
    const { row: r0, memory } = traceIteration(quad, [1, 1], initialMemory(2, opts), opts);
    expect(r0.xNext).toEqual([0.5, 0]);
    const studentMemory = { H: [[19 / 18, -5 / 18], [-5 / 18, 7 / 18]] };
    const { row } = traceIteration(quad, [0.5, 0.5], studentMemory, opts);
    close(row.p, [-0.5, -0.5]);
    close(row.fNext, 27 / 64);
    expect(memory.H).not.toEqual(studentMemory.H);
  });
  it('direct form B keeps B = the inverse of H along the trace', () => {
    const inv = runTrace(quad, [1, 1], 3, opts);
    const dir = runTrace(quad, [1, 1], 3, { ...opts, form: 'direct' });
    for (let k = 0; k < 3; k++) close(dir[k].p, inv[k].p, 10);
    // B1 = I − s sᵀ/(sᵀs) + y yᵀ/(yᵀs) with s = (−1/2, −1), y = (−1, −4): [[46, 22], [22, 169]]/45, the inverse of H1.
    close(dir[1].H!, [[46 / 45, 22 / 45], [22 / 45, 169 / 45]]);
  });
});

describe('a trace that reaches the minimum', () => {
  it('stays there: a zero step leaves the BFGS and L-BFGS memory as it was', () => {
    // f = ½xᵀAx + bᵀx with A = [[6, 2], [2, 9]], b = (−3/2, 2): the minimum is (0.35, −0.3), and one
    // step α = 0.1 from (0, −1) along −∇f = (3.5, 7) lands on it exactly.
    const A = [[6, 2], [2, 9]];
    const b = [-1.5, 2];
    const obj: TraceObjective = { f: (x) => 0.5 * (x[0] * (6 * x[0] + 2 * x[1]) + x[1] * (2 * x[0] + 9 * x[1])) + b[0] * x[0] + b[1] * x[1], grad: ([x, y]) => [6 * x + 2 * y + b[0], 2 * x + 9 * y + b[1]], hess: () => A };
    for (const method of ['bfgs', 'lbfgs'] as const) {
      const rows = runTrace(obj, [0, -1], 4, { method, step: { rule: 'fixed', alpha: 0.1 } });
      close(rows[1].x, [0.35, -0.3]);
      close(rows[3].x, [0.35, -0.3]);
      close(rows[3].p, [0, 0]);
    }
  });
});

describe('L-BFGS', () => {
  it('m = 2 over 4 rows from (1, 1), α = 1/4: row 1 uses one pair, rows 2 and 3 two (the oldest dropped in row 3)', () => {
    const rows: TraceRow[] = runTrace(quad, [1, 1], 4, { method: 'lbfgs', m: 2, step: { rule: 'fixed', alpha: 0.25 } });
    close(rows[0].p, [-2, -4]);
    close(rows[1].p, [-97 / 306, -7 / 153]);
    close(rows[1].fNext, 29513 / 166464);
    close(rows[2].x, [515 / 1224, -7 / 612]);
    close(rows[2].p, [-6230737165843 / 14795825529672, 93917213747 / 7397912764836]);
    close(rows[3].x, [18670733905337 / 59183302118688, -244549383337 / 29591651059344]);
    close(rows[3].p, [-0.31554055265717845, 0.007143735337438705], 10);
    // m = 3 keeps the first pair in row 3, so its direction differs.
    const m3 = runTrace(quad, [1, 1], 4, { method: 'lbfgs', m: 3, step: { rule: 'fixed', alpha: 0.25 } });
    close(m3[2].p, rows[2].p);
    expect(Math.abs(m3[3].p[0] - rows[3].p[0])).toBeGreaterThan(1e-6);
  });
});
