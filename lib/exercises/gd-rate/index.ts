/**
 * `gd-rate`: the factor by which gradient descent with the best fixed step shrinks the
 * error on a quadratic with SPD Hessian A, (κ − 1)/(κ + 1) with κ = λmax/λmin.
 */
import { z } from 'zod';
import { gdRate } from '@/lib/math';
import { baseSpec, symMatField } from '../spec';
import { texMatrix, texNumber } from '../latex';
import { eigenSteps } from '../eigenvalues';
import { spdEigenvalues } from '../optim';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({ kind: z.literal('gd-rate'), matrix: symMatField });
export type GdRateSpec = z.infer<typeof schema>;

/** κ = λmax/λmin of the spec's matrix (SpecError('matrix', …) unless it is SPD). */
function kappaOf(spec: GdRateSpec): number {
  const values = spdEigenvalues('matrix', spec.matrix);
  return values[values.length - 1] / values[0];
}

export const kind: ExerciseKind<GdRateSpec, number> = {
  kind: 'gd-rate',
  // 2: positive definiteness is decided scale-aware (exactly for decimal matrices), so κ = 10^12 is
  // accepted, and λmin is computed to rounding for large κ, which moves the rate (issue 23).
  // 3: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 3,
  title: 'Convergence rate of gradient descent',
  schema,
  shape: () => 'number',
  prompt: (spec) =>
    `Gradient descent with the best fixed step runs on a quadratic whose Hessian is $A = ${texMatrix(spec.matrix)}$. ` +
    `By what factor does the error shrink per step (in the worst case)?`,
  solve(spec) {
    const values = spdEigenvalues('matrix', spec.matrix);
    const kappa = values[values.length - 1] / values[0];
    const answer = gdRate(spec.matrix);
    const steps = eigenSteps(spec.matrix, values);
    steps.push(
      {
        title: 'Condition number',
        latex: `\\kappa = \\frac{\\lambda_{\\max}}{\\lambda_{\\min}} = \\frac{${texNumber(values[values.length - 1])}}{${texNumber(values[0])}} = ${texNumber(kappa)}`,
      },
      {
        title: 'Rate with the best fixed step',
        latex: `\\frac{\\kappa - 1}{\\kappa + 1} = \\frac{${texNumber(kappa - 1)}}{${texNumber(kappa + 1)}} = ${texNumber(answer)}`,
      },
    );
    return { answer, latex: texNumber(answer), steps };
  },
  mistakes: [
    {
      id: 'one-over-kappa',
      message: 'You gave 1/κ; the error shrinks by (κ − 1)/(κ + 1) per step.',
      wrongAnswer: (spec) => 1 / kappaOf(spec),
    },
    {
      id: 'kappa-minus-one-over-kappa',
      message: 'You gave (κ − 1)/κ = 1 − 1/κ, the rate of the step 1/λmax; with the best step 2/(λmin + λmax) it is (κ − 1)/(κ + 1).',
      wrongAnswer(spec) {
        const kappa = kappaOf(spec);
        return (kappa - 1) / kappa;
      },
    },
    {
      id: 'kappa',
      message: 'You gave the condition number κ itself; the rate (κ − 1)/(κ + 1) is a factor below 1.',
      wrongAnswer: (spec) => kappaOf(spec),
    },
    {
      id: 'sqrt-kappa',
      message: 'You used √κ: (√κ − 1)/(√κ + 1) is the rate of conjugate gradients or heavy-ball momentum, not of plain gradient descent.',
      wrongAnswer(spec) {
        const r = Math.sqrt(kappaOf(spec));
        return (r - 1) / (r + 1);
      },
    },
  ],
};
