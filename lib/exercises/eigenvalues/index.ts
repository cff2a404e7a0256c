/**
 * `eigenvalues`: the eigenvalues of a symmetric matrix. The reference lists them in
 * ascending order; a student's list is compared as a multiset (any order, each value once).
 */
import { z } from 'zod';
import { symEig } from '@/lib/math';
import { asSpecError, baseSpec, symMatField } from '../spec';
import { texMatrix, texNumber, texParen, texVector } from '../latex';
import type { ExerciseKind, Step } from '../types';

const schema = baseSpec.extend({ kind: z.literal('eigenvalues'), matrix: symMatField });
export type EigenvaluesSpec = z.infer<typeof schema>;

/** Worked steps for the eigenvalues of a symmetric matrix (shared with definiteness and condition-number). */
export function eigenSteps(A: number[][], values: number[]): Step[] {
  const steps: Step[] = [];
  if (A.length === 2) {
    const tr = A[0][0] + A[1][1];
    const det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
    steps.push({
      title: 'Characteristic equation',
      latex: `\\det(A - \\lambda I) = \\lambda^2 - (\\operatorname{tr} A)\\,\\lambda + \\det A = \\lambda^2 - ${texParen(tr)}\\lambda + ${texParen(det)} = 0`,
    });
    steps.push({
      title: 'Solve the quadratic',
      latex: `\\lambda = \\frac{${texNumber(tr)} \\pm \\sqrt{${texParen(tr)}^2 - 4\\cdot ${texParen(det)}}}{2} = ${values.map(texNumber).join(',\\ ')}`,
    });
  } else {
    steps.push({ title: 'Characteristic equation', latex: `\\det(A - \\lambda I) = 0,\\quad A = ${texMatrix(A)}` });
    steps.push({ title: 'Its roots', latex: `\\lambda = ${values.map(texNumber).join(',\\ ')}` });
  }
  return steps;
}


/** Eigenvalues ascending; a failure becomes SpecError('matrix', …). */
export function eigenvaluesOf(A: number[][]): number[] {
  return asSpecError('matrix', () => symEig(A).values);
}

export const kind: ExerciseKind<EigenvaluesSpec, number[]> = {
  kind: 'eigenvalues',
  // 2: answers in any order are right (compared as a multiset); the "descending" mistake is gone.
  // 3: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 3,
  title: 'Eigenvalues of a symmetric matrix',
  schema,
  shape: () => 'vector',
  compare: 'multiset',
  prompt: (spec) => `Find the eigenvalues of $A = ${texMatrix(spec.matrix)}$ (in any order).`,
  solve(spec) {
    const values = eigenvaluesOf(spec.matrix);
    const steps = eigenSteps(spec.matrix, values);
    steps.push({ title: 'Sort ascending', latex: `\\lambda = ${texVector(values)}` });
    return { answer: values, latex: texVector(values), steps };
  },
  mistakes: [
    {
      id: 'diagonal-entries',
      message: 'You gave the diagonal entries; they are the eigenvalues only when the matrix is diagonal.',
      wrongAnswer: (spec) => spec.matrix.map((row, i) => row[i]).sort((a, b) => a - b),
    },
  ],
};
