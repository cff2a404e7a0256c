/**
 * `definiteness`: classify a symmetric matrix as positive/negative definite,
 * positive/negative semidefinite or indefinite, from the signs of its eigenvalues.
 */
import { z } from 'zod';
import { definiteness } from '@/lib/math';
import { asSpecError, baseSpec, symMatField } from '../spec';
import { texMatrix } from '../latex';
import { eigenSteps, eigenvaluesOf } from '../eigenvalues';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({ kind: z.literal('definiteness'), matrix: symMatField });
export type DefinitenessSpec = z.infer<typeof schema>;

/** The five canonical labels and the synonyms a student may type (lower case). */
export const DEFINITENESS_LABELS: Record<string, string[]> = {
  'positive definite': ['pd', 'positive-definite', 'posdef', 'pos def', 'definite positive'],
  'negative definite': ['nd', 'negative-definite', 'negdef', 'neg def', 'definite negative'],
  indefinite: ['indef', 'not definite', 'neither'],
  'positive semidefinite': ['psd', 'positive semi-definite', 'positive-semidefinite', 'positive semi definite', 'semidefinite positive'],
  'negative semidefinite': ['nsd', 'negative semi-definite', 'negative-semidefinite', 'negative semi definite', 'semidefinite negative'],
};

const REASON: Record<string, string> = {
  'positive definite': 'every eigenvalue is positive',
  'negative definite': 'every eigenvalue is negative',
  indefinite: 'there are eigenvalues of both signs',
  'positive semidefinite': 'the eigenvalues are positive or zero, and one is zero',
  'negative semidefinite': 'the eigenvalues are negative or zero, and one is zero',
};

/** The label a student gets by reading the signs of the diagonal entries as if they were eigenvalues. */
function labelFromDiagonal(A: number[][]): string {
  const d = A.map((row, i) => row[i]);
  const pos = d.some((x) => x > 0);
  const neg = d.some((x) => x < 0);
  const zero = d.some((x) => x === 0);
  if (pos && neg) return 'indefinite';
  if (pos) return zero ? 'positive semidefinite' : 'positive definite';
  if (neg) return zero ? 'negative semidefinite' : 'negative definite';
  return 'positive semidefinite'; // zero diagonal: a student would not call it definite
}

export const kind: ExerciseKind<DefinitenessSpec, string> = {
  kind: 'definiteness',
  // 2: a matrix of exact decimals is classified exactly (diag(1, 10^-12) is positive definite,
  // not semidefinite); computed entries keep the relative tolerance (issue 23).
  version: 2,
  title: 'Definiteness of a symmetric matrix',
  schema,
  shape: () => 'label',
  labels: DEFINITENESS_LABELS,
  prompt: (spec) =>
    `Is $A = ${texMatrix(spec.matrix)}$ positive definite, negative definite, positive semidefinite, negative semidefinite or indefinite?`,
  solve(spec) {
    const values = eigenvaluesOf(spec.matrix);
    const answer = asSpecError('matrix', () => definiteness(spec.matrix)) as string;
    const steps = eigenSteps(spec.matrix, values);
    steps.push({ title: 'Read the signs', latex: `\\text{${REASON[answer]}} \\Rightarrow A \\text{ is ${answer}}` });
    return { answer, latex: `\\text{${answer}}`, steps };
  },
  mistakes: [
    {
      id: 'diagonal-only',
      message: 'You judged from the signs of the diagonal entries; definiteness depends on the eigenvalues (the off-diagonal entries matter).',
      wrongAnswer: (spec) => labelFromDiagonal(spec.matrix),
    },
  ],
};
