/**
 * `bfgs-update`: the BFGS update of the inverse-Hessian approximation,
 * H⁺ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1/(yᵀs).
 */
import { z } from 'zod';
import { bfgsDirectUpdate, bfgsInverseUpdate, dot, identity, matAdd, matMul, matScale, outer } from '@/lib/math';
import { baseSpec, requireSpec, symMatField, vecField } from '../spec';
import { texMatrix, texNumber, texVector } from '../latex';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({ kind: z.literal('bfgs-update'), H: symMatField, s: vecField(), y: vecField() });
export type BfgsUpdateSpec = z.infer<typeof schema>;

/**
 * Checks that `s` and `y` fit the n×n matrix `field` and that yᵀs > 0 (the curvature
 * condition that keeps the update positive definite); returns yᵀs.
 */
export function checkPair(field: string, M: number[][], s: number[], y: number[]): number {
  const n = M.length;
  requireSpec(s.length === n, 's', `expected ${n} entries to match the ${n}×${n} matrix ${field}, got ${s.length}`);
  requireSpec(y.length === n, 'y', `expected ${n} entries to match the ${n}×${n} matrix ${field}, got ${y.length}`);
  const ys = dot(y, s);
  requireSpec(ys > 0, 'y', `the curvature yᵀs must be positive for a BFGS update, but yᵀs = ${ys}`);
  return ys;
}

/** L H R + ρ s sᵀ with the factors L, R given: the shape of the inverse update. */
function sandwich(L: number[][], H: number[][], R: number[][], rho: number, s: number[]): number[][] {
  return matAdd(matMul(matMul(L, H), R), matScale(outer(s, s), rho));
}

/** I − ρ a bᵀ. */
function factor(rho: number, a: number[], b: number[]): number[][] {
  return matAdd(identity(a.length), matScale(outer(a, b), -rho));
}

export const kind: ExerciseKind<BfgsUpdateSpec, number[][]> = {
  kind: 'bfgs-update',
  // 2: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 2,
  title: 'BFGS update of the inverse Hessian',
  schema,
  shape: () => 'matrix',
  prompt: (spec) =>
    `The current inverse-Hessian approximation is $H = ${texMatrix(spec.H)}$, the last step $s = ${texVector(spec.s)}$ ` +
    `and the change of gradient $y = ${texVector(spec.y)}$. Give the BFGS update ` +
    `$H^+ = (I - \\rho s y^\\top) H (I - \\rho y s^\\top) + \\rho s s^\\top$, $\\rho = 1/(y^\\top s)$.`,
  solve(spec) {
    checkPair('H', spec.H, spec.s, spec.y);
    const { H: next, rho } = bfgsInverseUpdate(spec.H, spec.s, spec.y);
    const L = factor(rho, spec.s, spec.y);
    const R = factor(rho, spec.y, spec.s);
    const middle = matMul(matMul(L, spec.H), R);
    const steps = [
      { title: 'The scale ρ', latex: `\\rho = \\frac{1}{y^\\top s} = \\frac{1}{${texNumber(dot(spec.y, spec.s))}} = ${texNumber(rho)}` },
      { title: 'The two factors', latex: `I - \\rho s y^\\top = ${texMatrix(L)},\\quad I - \\rho y s^\\top = ${texMatrix(R)}` },
      { title: 'Multiply the factors around H', latex: `(I - \\rho s y^\\top) H (I - \\rho y s^\\top) = ${texMatrix(middle)}` },
      { title: 'Add ρ s sᵀ', latex: `H^+ = ${texMatrix(middle)} + ${texMatrix(matScale(outer(spec.s, spec.s), rho))} = ${texMatrix(next)}` },
    ];
    return { answer: next, latex: texMatrix(next), steps };
  },
  mistakes: [
    {
      id: 'swapped-s-y',
      message: 'You swapped s and y: the inverse update maps y to s (H⁺y = s), so s sᵀ is the added term.',
      wrongAnswer: (spec) => bfgsInverseUpdate(spec.H, spec.y, spec.s).H,
    },
    {
      id: 'direct-form',
      message: 'You used the update of the Hessian B (B − BssᵀB/sᵀBs + yyᵀ/yᵀs); this exercise asks for the inverse approximation H.',
      wrongAnswer: (spec) => bfgsDirectUpdate(spec.H, spec.s, spec.y).B,
    },
    {
      id: 'forgot-rank-one-term',
      message: 'You left out the final term ρ s sᵀ.',
      wrongAnswer(spec) {
        const rho = 1 / dot(spec.y, spec.s);
        return matMul(matMul(factor(rho, spec.s, spec.y), spec.H), factor(rho, spec.y, spec.s));
      },
    },
    {
      id: 'right-factor-not-transposed',
      message: 'You used (I − ρ s yᵀ) on both sides; the right factor is its transpose (I − ρ y sᵀ), which keeps H⁺ symmetric.',
      wrongAnswer(spec) {
        const rho = 1 / dot(spec.y, spec.s);
        const L = factor(rho, spec.s, spec.y);
        return sandwich(L, spec.H, L, rho, spec.s);
      },
    },
    {
      id: 'left-factor-not-transposed',
      message: 'You used (I − ρ y sᵀ) on both sides; the left factor is its transpose (I − ρ s yᵀ), which keeps H⁺ symmetric.',
      wrongAnswer(spec) {
        const rho = 1 / dot(spec.y, spec.s);
        const R = factor(rho, spec.y, spec.s);
        return sandwich(R, spec.H, R, rho, spec.s);
      },
    },
  ],
};
