/**
 * `lbfgs-direction`: the L-BFGS search direction d = −H g by the two-loop recursion over
 * the stored pairs (s_i, y_i), oldest first, with H0 = γI and γ = sᵀy / yᵀy of the
 * newest pair.
 */
import { z } from 'zod';
import { dot, lbfgsTwoLoop, scale } from '@/lib/math';
import { baseSpec, requireSpec, vecField } from '../spec';
import { texNumber, texVector } from '../latex';
import type { ExerciseKind } from '../types';

const pairsField = z.array(vecField(), { error: 'expected a list of vectors, oldest first, e.g. [[1, 0], [0, 1]]' }).min(1, 'give at least one pair');

const schema = baseSpec.extend({ kind: z.literal('lbfgs-direction'), g: vecField(), s: pairsField, y: pairsField });
export type LbfgsDirectionSpec = z.infer<typeof schema>;

/** Checks the pairs fit g and each has positive curvature y_iᵀs_i. */
function checkPairs(spec: LbfgsDirectionSpec): void {
  const n = spec.g.length;
  requireSpec(spec.y.length === spec.s.length, 'y', `expected ${spec.s.length} vectors, one per vector of s, got ${spec.y.length}`);
  spec.s.forEach((s, i) => requireSpec(s.length === n, `s.${i}`, `expected ${n} entries like g, got ${s.length}`));
  spec.y.forEach((y, i) => requireSpec(y.length === n, `y.${i}`, `expected ${n} entries like g, got ${y.length}`));
  spec.s.forEach((s, i) => {
    const ys = dot(spec.y[i], s);
    requireSpec(ys > 0, `y.${i}`, `the curvature yᵀs of pair ${i + 1} must be positive, but it is ${ys}`);
  });
}

function indexed(name: string, values: number[]): string {
  return values.map((v, i) => `${name}_{${i + 1}} = ${texNumber(v)}`).join(',\\ ');
}

export const kind: ExerciseKind<LbfgsDirectionSpec, number[]> = {
  kind: 'lbfgs-direction',
  // 2: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 2,
  title: 'L-BFGS direction by the two-loop recursion',
  schema,
  shape: () => 'vector',
  prompt(spec) {
    const pairs = spec.s.map((s, i) => `s_{${i + 1}} = ${texVector(s)},\\ y_{${i + 1}} = ${texVector(spec.y[i])}`).join(';\\quad ');
    return (
      `L-BFGS has stored the pairs (oldest first) $${pairs}$. The gradient is $g = ${texVector(spec.g)}$. ` +
      `Compute the search direction $d = -Hg$ by the two-loop recursion with $H_0 = \\gamma I$, ` +
      `$\\gamma = s^\\top y / y^\\top y$ of the newest pair.`
    );
  },
  solve(spec) {
    checkPairs(spec);
    const r = lbfgsTwoLoop(spec.g, spec.s, spec.y);
    const m = spec.s.length;
    const steps = [
      { title: 'Scale of H0 from the newest pair', latex: `\\gamma = \\frac{s_{${m}}^\\top y_{${m}}}{y_{${m}}^\\top y_{${m}}} = ${texNumber(r.gamma)}` },
      {
        title: 'First loop, newest pair to oldest: α_i = ρ_i s_iᵀq, q ← q − α_i y_i',
        latex: `${indexed('\\rho', r.rhos)};\\quad ${indexed('\\alpha', r.alphas)};\\quad q = ${texVector(r.q)}`,
      },
      {
        title: 'Second loop, oldest pair to newest: β_i = ρ_i y_iᵀr, r ← r + s_i(α_i − β_i)',
        latex: `r_0 = \\gamma q = ${texVector(scale(r.q, r.gamma))};\\quad ${indexed('\\beta', r.betas)};\\quad r = ${texVector(r.r)}`,
      },
      { title: 'The direction is −r', latex: `d = -r = ${texVector(r.d)}` },
    ];
    return { answer: r.d, latex: texVector(r.d), steps };
  },
  mistakes: [
    {
      id: 'forgot-minus',
      message: 'You gave H g; the search direction is d = −H g (downhill).',
      wrongAnswer: (_spec, solution) => scale(solution.answer, -1),
    },
    {
      id: 'gamma-of-oldest-pair',
      message: 'You took γ from the oldest pair; H0 = γI uses γ = sᵀy / yᵀy of the newest pair.',
      wrongAnswer(spec) {
        if (spec.s.length < 2) return null;
        const gamma = dot(spec.s[0], spec.y[0]) / dot(spec.y[0], spec.y[0]);
        return lbfgsTwoLoop(spec.g, spec.s, spec.y, gamma).d;
      },
    },
    {
      id: 'identity-h0',
      message: 'You started from H0 = I; L-BFGS scales it, H0 = γI with γ = sᵀy / yᵀy of the newest pair.',
      wrongAnswer: (spec) => lbfgsTwoLoop(spec.g, spec.s, spec.y, 1).d,
    },
    {
      id: 'wrong-order',
      message: 'You processed the pairs in the wrong order: the first loop runs from the newest pair to the oldest, the second from the oldest to the newest.',
      wrongAnswer(spec) {
        if (spec.s.length < 2) return null;
        return lbfgsTwoLoop(spec.g, [...spec.s].reverse(), [...spec.y].reverse()).d;
      },
    },
  ],
};
