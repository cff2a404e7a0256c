/**
 * `gd-optimal-step`: the best fixed gradient-descent step on a quadratic with Hessian A
 * (symmetric positive definite), α* = 2 / (λmin + λmax).
 */
import { z } from 'zod';
import { gdOptimalStep } from '@/lib/math';
import { baseSpec, symMatField } from '../spec';
import { texMatrix, texNumber } from '../latex';
import { eigenSteps } from '../eigenvalues';
import { spdEigenvalues } from '../optim';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({ kind: z.literal('gd-optimal-step'), matrix: symMatField });
export type GdOptimalStepSpec = z.infer<typeof schema>;

/** [λmin, λmax] of the spec's matrix (SpecError('matrix', …) unless it is SPD). */
function extremes(spec: GdOptimalStepSpec): [number, number] {
  const values = spdEigenvalues('matrix', spec.matrix);
  return [values[0], values[values.length - 1]];
}

export const kind: ExerciseKind<GdOptimalStepSpec, number> = {
  kind: 'gd-optimal-step',
  // 2: positive definiteness is decided scale-aware (exactly for decimal matrices), so κ = 10^12 is
  // accepted, and λmin is computed to rounding for large κ, which moves α* (issue 23).
  // 3: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 3,
  title: 'Optimal fixed step size of gradient descent',
  schema,
  shape: () => 'number',
  prompt: (spec) =>
    `Gradient descent with a fixed step $\\alpha$ runs on a quadratic whose Hessian is $A = ${texMatrix(spec.matrix)}$. ` +
    `Which $\\alpha$ makes the error shrink fastest in the worst case?`,
  solve(spec) {
    const values = spdEigenvalues('matrix', spec.matrix);
    const [min, max] = [values[0], values[values.length - 1]];
    const answer = gdOptimalStep(spec.matrix);
    const steps = eigenSteps(spec.matrix, values);
    steps.push({
      title: 'Balance the slowest and the fastest direction',
      latex: `\\alpha^* = \\frac{2}{\\lambda_{\\min} + \\lambda_{\\max}} = \\frac{2}{${texNumber(min)} + ${texNumber(max)}} = ${texNumber(answer)}`,
    });
    return { answer, latex: texNumber(answer), steps };
  },
  mistakes: [
    {
      id: 'one-over-lmax',
      message: 'You gave 1/λmax, a safe step but not the best one: α* = 2/(λmin + λmax) balances both extreme eigenvalues.',
      wrongAnswer: (spec) => 1 / extremes(spec)[1],
    },
    {
      id: 'two-over-lmax',
      message: 'You gave 2/λmax, the edge of divergence along the steepest direction; the best step is 2/(λmin + λmax).',
      wrongAnswer: (spec) => 2 / extremes(spec)[1],
    },
    {
      id: 'missing-two',
      message: 'You left out the factor 2: α* = 2/(λmin + λmax).',
      wrongAnswer(spec) {
        const [min, max] = extremes(spec);
        return 1 / (min + max);
      },
    },
  ],
};
