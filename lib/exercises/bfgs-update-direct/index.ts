/**
 * `bfgs-update-direct`: the BFGS update of the Hessian approximation,
 * B⁺ = B − (B s sᵀ B)/(sᵀ B s) + (y yᵀ)/(yᵀ s).
 */
import { z } from 'zod';
import { bfgsDirectUpdate, bfgsInverseUpdate, dot, matAdd, matScale, matVec, outer } from '@/lib/math';
import { baseSpec, requireSpec, symMatField, vecField } from '../spec';
import { texMatrix, texNumber, texVector } from '../latex';
import { checkPair } from '../bfgs-update';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({ kind: z.literal('bfgs-update-direct'), B: symMatField, s: vecField(), y: vecField() });
export type BfgsUpdateDirectSpec = z.infer<typeof schema>;

/** The update's pieces, after checking the spec: B s, sᵀBs, yᵀs and B⁺. */
function direct(spec: BfgsUpdateDirectSpec): { B: number[][]; Bs: number[]; sBs: number; ys: number } {
  checkPair('B', spec.B, spec.s, spec.y);
  const sBs = dot(spec.s, matVec(spec.B, spec.s));
  requireSpec(sBs > 0, 'B', `sᵀBs must be positive (B positive definite along s), but sᵀBs = ${sBs}`);
  return bfgsDirectUpdate(spec.B, spec.s, spec.y);
}

export const kind: ExerciseKind<BfgsUpdateDirectSpec, number[][]> = {
  kind: 'bfgs-update-direct',
  // 2: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 2,
  title: 'BFGS update of the Hessian approximation',
  schema,
  shape: () => 'matrix',
  prompt: (spec) =>
    `The current Hessian approximation is $B = ${texMatrix(spec.B)}$, the last step $s = ${texVector(spec.s)}$ ` +
    `and the change of gradient $y = ${texVector(spec.y)}$. Give the BFGS update ` +
    `$B^+ = B - \\frac{B s s^\\top B}{s^\\top B s} + \\frac{y y^\\top}{y^\\top s}$.`,
  solve(spec) {
    const { B: next, Bs, sBs, ys } = direct(spec);
    const minus = matScale(outer(Bs, Bs), 1 / sBs);
    const plus = matScale(outer(spec.y, spec.y), 1 / ys);
    const steps = [
      { title: 'The products', latex: `B s = ${texVector(Bs)},\\quad s^\\top B s = ${texNumber(sBs)},\\quad y^\\top s = ${texNumber(ys)}` },
      {
        title: 'The two rank-one terms',
        latex: `\\frac{(Bs)(Bs)^\\top}{s^\\top B s} = ${texMatrix(minus)},\\quad \\frac{y y^\\top}{y^\\top s} = ${texMatrix(plus)}`,
      },
      { title: 'Subtract the first, add the second', latex: `B^+ = ${texMatrix(spec.B)} - ${texMatrix(minus)} + ${texMatrix(plus)} = ${texMatrix(next)}` },
    ];
    return { answer: next, latex: texMatrix(next), steps };
  },
  mistakes: [
    {
      id: 'inverse-form',
      message: 'You used the inverse update (I − ρsyᵀ)B(I − ρysᵀ) + ρssᵀ; this exercise asks for the Hessian approximation B.',
      wrongAnswer: (spec) => bfgsInverseUpdate(spec.B, spec.s, spec.y).H,
    },
    {
      id: 'swapped-s-y',
      message: 'You swapped s and y: the update must satisfy B⁺s = y, so yyᵀ/(yᵀs) is the added term.',
      wrongAnswer: (spec) => bfgsDirectUpdate(spec.B, spec.y, spec.s).B,
    },
    {
      id: 'sign-of-correction',
      message: 'You added B s sᵀ B/(sᵀBs) instead of subtracting it.',
      wrongAnswer(spec) {
        const { Bs, sBs, ys } = direct(spec);
        return matAdd(matAdd(spec.B, matScale(outer(Bs, Bs), 1 / sBs)), matScale(outer(spec.y, spec.y), 1 / ys));
      },
    },
  ],
};
