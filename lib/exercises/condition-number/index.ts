/**
 * `condition-number`: κ = λmax / λmin of a symmetric positive definite matrix.
 */
import { z } from 'zod';
import { baseSpec, symMatField } from '../spec';
import { texMatrix, texNumber } from '../latex';
import { eigenSteps } from '../eigenvalues';
import { spdEigenvalues } from '../optim';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({ kind: z.literal('condition-number'), matrix: symMatField });
export type ConditionNumberSpec = z.infer<typeof schema>;

export const kind: ExerciseKind<ConditionNumberSpec, number> = {
  kind: 'condition-number',
  // 2: positive definiteness is decided scale-aware (exactly for decimal matrices), so κ = 10^12 is
  // accepted, and λmin is computed to rounding for large κ, which moves κ (issue 23).
  // 3: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 3,
  title: 'Condition number',
  schema,
  shape: () => 'number',
  prompt: (spec) =>
    `Compute the condition number $\\kappa = \\lambda_{\\max} / \\lambda_{\\min}$ of $A = ${texMatrix(spec.matrix)}$.`,
  solve(spec) {
    const values = spdEigenvalues('matrix', spec.matrix);
    const min = values[0];
    const max = values[values.length - 1];
    const answer = max / min;
    const steps = eigenSteps(spec.matrix, values);
    steps.push({
      title: 'Divide the largest eigenvalue by the smallest',
      latex: `\\kappa = \\frac{\\lambda_{\\max}}{\\lambda_{\\min}} = \\frac{${texNumber(max)}}{${texNumber(min)}} = ${texNumber(answer)}`,
    });
    return { answer, latex: texNumber(answer), steps };
  },
  mistakes: [
    {
      id: 'inverted',
      message: 'You divided the smallest eigenvalue by the largest; κ = λmax / λmin is at least 1.',
      wrongAnswer: (_spec, solution) => 1 / solution.answer,
    },
    {
      id: 'diagonal-ratio',
      message: 'You used the largest and smallest diagonal entries; κ uses the eigenvalues.',
      wrongAnswer(spec) {
        const diag = spec.matrix.map((row, i) => row[i]);
        return Math.max(...diag) / Math.min(...diag);
      },
    },
  ],
};
