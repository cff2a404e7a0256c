/**
 * Property tests on random specs (fast-check):
 * - the BFGS updates satisfy their secant conditions and stay symmetric;
 * - a Newton step on a random SPD quadratic lands on its minimiser −A⁻¹b;
 * - for every registered kind, the reference answer typed as a student would type it
 *   scores 1, and a perturbed answer does not.
 * The checks use plain arithmetic written here, not lib/math, so they are independent
 * of the code under test.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KINDS } from './registry';
import { gradeText, labelsOf, partPlan, solveSpec, type Solved } from './engine';
import type { Answer } from './types';

// ---------------------------------------------------------------- small independent arithmetic

const mul = (A: number[][], x: number[]) => A.map((row) => row.reduce((s, a, j) => s + a * x[j], 0));
const dotp = (a: number[], b: number[]) => a.reduce((s, ai, i) => s + ai * b[i], 0);
const maxAbs = (xs: number[]) => xs.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

// ---------------------------------------------------------------- generators

const VARS = ['x', 'y', 'z'];
const dimArb = fc.integer({ min: 1, max: 3 });
const halfArb = (lo: number, hi: number) => fc.integer({ min: 2 * lo, max: 2 * hi }).map((k) => k / 2);
const vecArb = (n: number, lo = -3, hi = 3) => fc.array(halfArb(lo, hi), { minLength: n, maxLength: n });
const nonZeroVecArb = (n: number) => vecArb(n).filter((v) => v.some((x) => x !== 0));

/** A random symmetric n×n matrix of small integers. */
const symArb = (n: number) =>
  fc.array(fc.integer({ min: -4, max: 4 }), { minLength: n * n, maxLength: n * n }).map((e) =>
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => e[Math.min(i, j) * n + Math.max(i, j)])),
  );

/** A random SPD n×n matrix: MᵀM + I with M of small integers. */
const spdArb = (n: number) =>
  fc.array(fc.integer({ min: -2, max: 2 }), { minLength: n * n, maxLength: n * n }).map((e) =>
    Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => {
        let s = i === j ? 1 : 0;
        for (let k = 0; k < n; k++) s += e[k * n + i] * e[k * n + j];
        return s;
      }),
    ),
  );

/** A random polynomial in `vars`: 1 to 4 terms c·x^p·y^q… with small integer c and powers 0..3. */
const polyArb = (vars: string[]) =>
  fc
    .array(
      fc.record({
        c: fc.integer({ min: -5, max: 5 }).filter((c) => c !== 0),
        p: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: vars.length, maxLength: vars.length }),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((terms) =>
      terms
        .map(({ c, p }) => [String(c), ...p.flatMap((k, i) => (k === 0 ? [] : [k === 1 ? vars[i] : `${vars[i]}^${k}`]))].join('*'))
        .join(' + '),
    );

/** ½xᵀAx + bᵀx as a mathjs string. */
function quadratic(A: number[][], b: number[], vars: string[]): string {
  const terms: string[] = [];
  A.forEach((row, i) => row.forEach((a, j) => terms.push(`0.5*(${a})*${vars[i]}*${vars[j]}`)));
  b.forEach((bi, i) => terms.push(`(${bi})*${vars[i]}`));
  return terms.join(' + ');
}

/** A random function of n variables with its variables, and a point. */
const fnAtArb = fc.integer({ min: 1, max: 3 }).chain((n) => {
  const vars = VARS.slice(0, n);
  return fc.record({ f: polyArb(vars), vars: fc.constant(vars), at: vecArb(n) });
});

const spdQuadArb = dimArb.chain((n) => {
  const vars = VARS.slice(0, n);
  return fc.record({ A: spdArb(n), b: vecArb(n), x0: vecArb(n), vars: fc.constant(vars) });
});

/** BFGS data: an SPD matrix and a pair (s, y = C s) with C SPD, so yᵀs > 0. */
const bfgsArb = fc.integer({ min: 2, max: 4 }).chain((n) =>
  fc.record({ M: spdArb(n), C: spdArb(n), s: nonZeroVecArb(n) }).map(({ M, C, s }) => ({ M, s, y: mul(C, s) })),
);

/** A random valid spec for each registered kind. */
const SPECS: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  gradient: fc.tuple(fnAtArb, fc.boolean()).map(([s, withAt]) => ({ kind: 'gradient', f: s.f, vars: s.vars, ...(withAt ? { at: s.at } : {}) })),
  hessian: fc.tuple(fnAtArb, fc.boolean()).map(([s, withAt]) => ({ kind: 'hessian', f: s.f, vars: s.vars, ...(withAt ? { at: s.at } : {}) })),
  'directional-derivative': fnAtArb.chain((s) =>
    nonZeroVecArb(s.vars.length).map((u) => ({ kind: 'directional-derivative', ...s, u })),
  ),
  eigenvalues: dimArb.chain(symArb).map((matrix) => ({ kind: 'eigenvalues', matrix })),
  'condition-number': dimArb.chain(spdArb).map((matrix) => ({ kind: 'condition-number', matrix })),
  definiteness: dimArb.chain(symArb).map((matrix) => ({ kind: 'definiteness', matrix })),
  'classify-critical-point': dimArb.chain((n) =>
    fc.record({ A: symArb(n), c: vecArb(n), off: fc.boolean() }).map(({ A, c, off }) => {
      const vars = VARS.slice(0, n);
      // ½(x − c)ᵀA(x − c) has a critical point at c; `off` moves the point away from it.
      const shifted = vars.map((v, i) => `(${v} - (${c[i]}))`);
      const terms = A.flatMap((row, i) => row.map((a, j) => `0.5*(${a})*${shifted[i]}*${shifted[j]}`));
      const f = `${terms.join(' + ')} + ${shifted[0]}^4`;
      return { kind: 'classify-critical-point', f, vars, at: off ? c.map((x) => x + 1) : c };
    }),
  ),
  'second-derivative-test': polyArb(['x', 'y']).chain((f) => vecArb(2).map((at) => ({ kind: 'second-derivative-test', f, vars: ['x', 'y'], at }))),
  taylor2: fnAtArb.chain((s) => vecArb(s.vars.length).map((x) => ({ kind: 'taylor2', f: s.f, vars: s.vars, a: s.at, x }))),
  hvp: fnAtArb.chain((s) => vecArb(s.vars.length).map((v) => ({ kind: 'hvp', ...s, v }))),
  'numerical-hessian': fnAtArb.chain((s) => fc.constantFrom(1e-3, 1e-4).map((h) => ({ kind: 'numerical-hessian', ...s, h }))),
  'gd-step': fnAtArb.chain((s) =>
    fc.constantFrom(0.01, 0.1, 0.25, 1).map((lr) => ({ kind: 'gd-step', f: s.f, vars: s.vars, x0: s.at, lr })),
  ),
  'gd-iterations': spdQuadArb.chain(({ A, b, x0, vars }) =>
    // (no rel-step here: it never holds while a coordinate converges linearly to 0)
    fc.record({ stop: fc.constantFrom('abs-step', 'grad-norm', 'loss'), tol: fc.constantFrom(1e-3, 1e-5) }).map(({ stop, tol }) => ({
      kind: 'gd-iterations',
      f: quadratic(A, b, vars),
      vars,
      x0,
      // 1/trace(A) ≤ 1/λmax: a step that always converges on this quadratic
      lr: 1 / A.reduce((s, row, i) => s + row[i], 0),
      tol,
      stop,
    })),
  ),
  'gd-optimal-step': dimArb.chain(spdArb).map((matrix) => ({ kind: 'gd-optimal-step', matrix })),
  'gd-rate': dimArb.chain(spdArb).map((matrix) => ({ kind: 'gd-rate', matrix })),
  'newton-step': spdQuadArb.map(({ A, b, x0, vars }) => ({ kind: 'newton-step', f: quadratic(A, b, vars), vars, x0 })),
  'newton-iterations': spdQuadArb.chain(({ A, b, x0, vars }) =>
    fc.constantFrom('abs-step', 'grad-norm').map((stop) => ({
      kind: 'newton-iterations',
      // a strictly convex quartic: Newton converges from anywhere
      f: `${quadratic(A, b, vars)} + ${vars.map((v) => `${v}^4`).join(' + ')}`,
      vars,
      x0,
      tol: 1e-6,
      stop,
    })),
  ),
  'bfgs-update': bfgsArb.map(({ M, s, y }) => ({ kind: 'bfgs-update', H: M, s, y })),
  'bfgs-update-direct': bfgsArb.map(({ M, s, y }) => ({ kind: 'bfgs-update-direct', B: M, s, y })),
  'lbfgs-direction': fc.integer({ min: 2, max: 4 }).chain((n) =>
    fc
      .record({ C: spdArb(n), g: vecArb(n), S: fc.array(nonZeroVecArb(n), { minLength: 1, maxLength: 3 }) })
      .map(({ C, g, S }) => ({ kind: 'lbfgs-direction', g, s: S, y: S.map((s) => mul(C, s)) })),
  ),
  // From a stationary point (A x0 + b = 0) a trace does not move, and the spec says so.
  trace: spdQuadArb.filter(({ A, b, x0 }) => mul(A, x0).some((v, i) => v + b[i] !== 0)).chain(({ A, b, x0 }) =>
    fc.constantFrom('gd', 'newton', 'bfgs', 'lbfgs').map((method) => ({ kind: 'trace', method, A, b, x0, alpha: 0.1, rows: 3 })),
  ),
  'preconditioned-step': spdQuadArb.chain(({ A, b, x0, vars }) =>
    fc.record({ P: spdArb(vars.length), lr: fc.constantFrom(undefined, 0.5, 1) }).map(({ P, lr }) => ({
      kind: 'preconditioned-step',
      f: quadratic(A, b, vars),
      vars,
      x0,
      P,
      ...(lr === undefined ? {} : { lr }),
    })),
  ),
  // ½xᵀAx + bᵀx in two variables; the plotted square holds x0, the Newton point −A⁻¹b and the
  // gradient step x0 − 0.01(Ax0 + b).
  'figure-point': fc.record({ A: spdArb(2), b: vecArb(2), x0: vecArb(2), newton: fc.boolean() }).map(({ A, b, x0, newton }) => {
    const det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
    const star = [-(A[1][1] * b[0] - A[0][1] * b[1]) / det, -(-A[1][0] * b[0] + A[0][0] * b[1]) / det];
    const g = mul(A, x0).map((v, i) => v + b[i]);
    const step = x0.map((v, i) => v - 0.01 * g[i]);
    const reach = 1.5 * Math.max(1, maxAbs(x0), maxAbs(star), maxAbs(step));
    return { kind: 'figure-point', f: quadratic(A, b, ['x', 'y']), vars: ['x', 'y'], x0, target: newton ? 'newton' : 'gd', lr: 0.01, range: [-reach, reach] };
  }),
  // a x² + c xy − b y² + p x + q y with a, b > 0 is indefinite (det H = −4ab − c² < 0).
  'figure-direction': fc
    .record({ a: fc.integer({ min: 1, max: 4 }), b: fc.integer({ min: 1, max: 4 }), c: fc.integer({ min: -3, max: 3 }), p: vecArb(2), at: vecArb(2), target: fc.constantFrom('negative-curvature', 'steepest-descent', 'newton') })
    .filter(({ a, b, c, p, at }) => 2 * a * at[0] + c * at[1] + p[0] !== 0 || c * at[0] - 2 * b * at[1] + p[1] !== 0)
    .map(({ a, b, c, p, at, target }) => ({ kind: 'figure-direction', f: `${a}*x^2 + (${c})*x*y - ${b}*y^2 + (${p[0]})*x + (${p[1]})*y`, vars: ['x', 'y'], at, target })),
  // a x² + b y² from x0 ≠ 0: κ ≤ 3, so the best step converges in well under 100 iterations.
  'figure-step-size': fc.record({ a: fc.integer({ min: 1, max: 3 }), b: fc.integer({ min: 1, max: 3 }), x0: nonZeroVecArb(2) }).map(({ a, b, x0 }) => ({
    kind: 'figure-step-size',
    f: `${a}*x^2 + ${b}*y^2`,
    vars: ['x', 'y'],
    x0,
    within: 100,
    tol: 1e-3,
    lr: [0.01, 1],
  })),
  number: fc.tuple(halfArb(-5, 5), fc.integer({ min: 1, max: 4 })).map(([a, k]) => ({ kind: 'number', prompt: 'q', answer: `${a} + ${k}/4` })),
  vector: dimArb.chain((n) => vecArb(n)).map((answer) => ({ kind: 'vector', prompt: 'q', answer })),
  matrix: dimArb.chain(symArb).map((answer) => ({ kind: 'matrix', prompt: 'q', answer })),
  expression: fc.tuple(fnAtArb, fc.boolean()).map(([s, list]) => ({ kind: 'expression', prompt: 'q', vars: s.vars, answer: list ? [s.f, `${s.f} + ${s.vars[0]}`] : s.f })),
  choice: fc.integer({ min: 2, max: 6 }).chain((n) =>
    fc.record({ answer: fc.integer({ min: 1, max: n }), multiple: fc.boolean(), seed: fc.nat() }).map(({ answer, multiple, seed }) => ({
      kind: 'choice',
      prompt: 'q',
      options: Array.from({ length: n }, (_, i) => `option ${i + 1}`),
      answer: multiple ? [answer] : answer,
      multiple,
      order: Array.from({ length: n }, (_, i) => ((i + seed) % n) + 1),
    })),
  ),
  'multi-part': dimArb.chain((n) => fc.record({ g: vecArb(n), H: spdArb(n), x0: vecArb(n) })).map(({ g, H, x0 }) => ({
    kind: 'multi-part',
    prompt: 'q',
    parts: [
      { id: 'g', kind: 'vector', answer: g },
      { id: 'h', kind: 'matrix', answer: H },
      { id: 'step', kind: 'vector', from: ['g', 'h'], answer: `${JSON.stringify(x0)} - inv(h) * g` },
    ],
  })),
};

// ---------------------------------------------------------------- typing answers as a student would

const typeNumber = (x: number) => String(x);

/** The reference answer as text a student would type: "[[6, 2], [2, 12]]", "[1, -1]", "0.2", "6 * x". */
function typed(answer: Answer): string {
  if (typeof answer === 'number') return typeNumber(answer);
  if (typeof answer === 'string') return answer;
  const entry = (e: unknown) => (typeof e === 'number' ? typeNumber(e) : String(e));
  if (Array.isArray(answer[0])) return `[${(answer as unknown[][]).map((row) => `[${row.map(entry).join(', ')}]`).join(', ')}]`;
  return `[${(answer as unknown[]).map(entry).join(', ')}]`;
}

/** A wrong answer of the same shape: the first entry moved well outside the tolerance. */
function perturbed(answer: Answer, shape: string, labels: string[]): string {
  const move = (x: number) => x + 0.01 * Math.abs(x) + 0.01;
  switch (shape) {
    case 'number':
      return typeNumber(move(answer as number));
    case 'integer':
      return String((answer as number) + 3);
    case 'label':
      return labels.find((l) => l !== answer)!;
    case 'vector':
      return typed((answer as number[]).map((x, i) => (i === 0 ? move(x) : x)));
    case 'matrix':
      return typed((answer as number[][]).map((row, i) => row.map((x, j) => (i === 0 && j === 0 ? move(x) : x))));
    case 'expression':
      return `${answer as string} + 1`;
    case 'expression-vector':
      return typed((answer as string[]).map((e, i) => (i === 0 ? `${e} + 1` : e)));
    case 'expression-matrix':
      return typed((answer as string[][]).map((row, i) => row.map((e, j) => (i === 0 && j === 0 ? `${e} + 1` : e))));
  }
  throw new Error(`unknown shape ${shape}`);
}

/** The reference answer typed (each part's, as JSON by part id, for an answer in parts). */
function typedOf(solved: Solved): string {
  if (solved.shape !== 'parts') return typed(solved.solution.answer);
  return JSON.stringify(Object.fromEntries(partPlan(solved).map((p) => [p.id, typed(p.reference.solution.answer)])));
}

/** A wrong answer: the reference perturbed (in parts: the last part perturbed, the others right). */
function perturbedOf(solved: Solved): string {
  // Figure answers are judged by a distance, an angle or a run: perturb by that measure.
  const ref = solved.solution.answer as number[];
  if (solved.kind.kind === 'figure-point') {
    const [lo, hi] = (solved.spec as { range: [number, number] }).range;
    return typed([ref[0] + 0.1 * (hi - lo), ref[1]]); // 0.1 of the width, 5× the tolerance
  }
  if (solved.kind.kind === 'figure-direction') return typed([-ref[1], ref[0]]); // turned 90° (for negative curvature: the other eigenvector, of positive curvature)
  if (solved.kind.kind === 'figure-step-size') return typeNumber(5 * (solved.solution.answer as number)); // 5× the best step: beyond 2/λmax, diverges
  if (solved.shape !== 'parts') return perturbed(solved.solution.answer, solved.shape, Object.keys(labelsOf(solved)));
  const plan = partPlan(solved);
  return JSON.stringify(Object.fromEntries(plan.map((p, i) => [p.id, i === plan.length - 1 ? perturbedOf(p.reference) : typed(p.reference.solution.answer)])));
}

// ---------------------------------------------------------------- properties

describe('properties of the optimiser kinds', () => {
  it('a BFGS inverse update satisfies H⁺y = s and is symmetric', () => {
    fc.assert(
      fc.property(bfgsArb, ({ M, s, y }) => {
        const H = solveSpec({ kind: 'bfgs-update', H: M, s, y }).solution.answer as number[][];
        const scale = 1 + maxAbs(s);
        expect(maxAbs(mul(H, y).map((v, i) => v - s[i]))).toBeLessThan(1e-8 * scale * (1 + maxAbs(H.flat())));
        H.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - H[j][i])).toBeLessThan(1e-9 * (1 + Math.abs(v)))));
      }),
      { numRuns: 60 },
    );
  });

  it('a BFGS direct update satisfies B⁺s = y and is symmetric', () => {
    fc.assert(
      fc.property(bfgsArb, ({ M, s, y }) => {
        const B = solveSpec({ kind: 'bfgs-update-direct', B: M, s, y }).solution.answer as number[][];
        expect(maxAbs(mul(B, s).map((v, i) => v - y[i]))).toBeLessThan(1e-8 * (1 + maxAbs(y)) * (1 + maxAbs(B.flat())));
        B.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - B[j][i])).toBeLessThan(1e-9 * (1 + Math.abs(v)))));
      }),
      { numRuns: 60 },
    );
  });

  it('a Newton step on a random SPD quadratic lands on −A⁻¹b (A x1 + b = 0)', () => {
    fc.assert(
      fc.property(spdQuadArb, ({ A, b, x0, vars }) => {
        const x1 = solveSpec({ kind: 'newton-step', f: quadratic(A, b, vars), vars, x0 }).solution.answer as number[];
        const residual = mul(A, x1).map((v, i) => v + b[i]);
        expect(maxAbs(residual)).toBeLessThan(1e-9 * (1 + maxAbs(A.flat())) * (1 + maxAbs(x1)));
      }),
      { numRuns: 40 },
    );
  });

  it('the L-BFGS direction is a descent direction (gᵀd < 0) for g ≠ 0', () => {
    fc.assert(
      fc.property(SPECS['lbfgs-direction'], (spec) => {
        const g = spec.g as number[];
        fc.pre(g.some((x) => x !== 0));
        const d = solveSpec(spec).solution.answer as number[];
        expect(dotp(g, d)).toBeLessThan(0);
      }),
      { numRuns: 40 },
    );
  });
});

describe('every registered kind grades its own reference answer 1 and a perturbed one below 1', () => {
  it('has a spec generator for every registered kind', () => {
    expect(KINDS.map((k) => k.kind).filter((k) => !(k in SPECS))).toEqual([]);
  });

  it.each(KINDS.map((k) => [k.kind, k] as const))('%s', (name, kind) => {
    const arb = SPECS[name];
    if (!arb) throw new Error(`no spec generator for ${name}: add one to SPECS`);
    expect(kind.kind).toBe(name);
    fc.assert(
      fc.property(arb, (spec) => {
        const solved = solveSpec(spec);
        const right = typedOf(solved);
        const r = gradeText(spec, right);
        if (!r.ok) throw new Error(`reference answer "${right}" was not read: ${r.error.message}`);
        expect(r.grade.correct, right).toBe(true);
        expect(r.grade.score).toBe(1);
        const wrongText = perturbedOf(solved);
        const w = gradeText(spec, wrongText);
        if (!w.ok) throw new Error(`perturbed answer "${wrongText}" was not read: ${w.error.message}`);
        expect(w.grade.correct, wrongText).toBe(false);
        expect(w.grade.score).toBeLessThan(1);
      }),
      { numRuns: 15 },
    );
  });
});
