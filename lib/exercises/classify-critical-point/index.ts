/**
 * `classify-critical-point`: is `at` a local minimum, maximum or saddle of f — or is the
 * test inconclusive (singular Hessian without eigenvalues of both signs), or is `at`
 * not a critical point at all (‖∇f(at)‖ is not zero)?
 */
import { z } from 'zod';
import { definiteness, norm2 } from '@/lib/math';
import { asSpecError, baseSpec, fnField, varsField, vecField } from '../spec';
import { texMatrix, texNumber, texVector } from '../latex';
import { compileSpecFunction, evaluateAt, requirePoint, texAt, texFnDef } from '../calculus';
import { eigenvaluesOf } from '../eigenvalues';
import type { ExerciseKind, Step } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('classify-critical-point'),
  f: fnField,
  vars: varsField,
  at: vecField(),
});
export type ClassifySpec = z.infer<typeof schema>;

/** Canonical labels and the synonyms a student may type (lower case). */
export const CRITICAL_POINT_LABELS: Record<string, string[]> = {
  minimum: ['min', 'local minimum', 'local min', 'minimiser', 'minimizer', 'local minimiser', 'local minimizer', 'relative minimum', 'strict local minimum', 'minimum point'],
  maximum: ['max', 'local maximum', 'local max', 'maximiser', 'maximizer', 'local maximiser', 'local maximizer', 'relative maximum', 'strict local maximum', 'maximum point'],
  saddle: ['saddle point', 'saddle-point', 'saddlepoint', 'a saddle'],
  inconclusive: ['test inconclusive', 'inconclusive test', 'degenerate', 'undetermined', 'cannot tell', 'unknown'],
  'not critical': ['not a critical point', 'not-critical', 'noncritical', 'non-critical', 'not stationary', 'not a stationary point', 'no'],
};

const FROM_DEFINITENESS: Record<string, string> = {
  'positive definite': 'minimum',
  'negative definite': 'maximum',
  indefinite: 'saddle',
  'positive semidefinite': 'inconclusive',
  'negative semidefinite': 'inconclusive',
};

interface Analysis {
  g: number[];
  H: number[][];
  critical: boolean;
  /** The classification from the Hessian alone. */
  byHessian: string;
  answer: string;
}

function analyse(spec: ClassifySpec): Analysis {
  requirePoint('at', spec.at, spec.vars);
  const fn = compileSpecFunction(spec.f, spec.vars);
  const g = evaluateAt('at', 'the gradient', () => fn.grad(spec.at));
  const H = evaluateAt('at', 'the Hessian', () => fn.hess(spec.at));
  // "Zero" gradient, relative to the size of the second derivatives and of the point.
  const scale = 1 + Math.max(...H.flat().map(Math.abs)) * Math.max(...spec.at.map(Math.abs));
  const critical = norm2(g) <= 1e-8 * scale;
  const byHessian = FROM_DEFINITENESS[asSpecError('f', () => definiteness(H)) as string];
  return { g, H, critical, byHessian, answer: critical ? byHessian : 'not critical' };
}

export const kind: ExerciseKind<ClassifySpec, string> = {
  kind: 'classify-critical-point',
  // 2: a matrix of exact decimals is classified exactly (diag(1, 10^-12) is positive definite,
  // not semidefinite); computed entries keep the relative tolerance (issue 23).
  version: 2,
  title: 'Classify a critical point',
  schema,
  shape: () => 'label',
  labels: CRITICAL_POINT_LABELS,
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    return `Classify the point $${texAt(spec.at)}$ for $${texFnDef(fn, spec.vars)}$: minimum, maximum, saddle, inconclusive, or not a critical point?`;
  },
  solve(spec) {
    const { g, H, critical, answer } = analyse(spec);
    const steps: Step[] = [
      {
        title: 'Gradient at the point',
        latex: `\\nabla f${texAt(spec.at)} = ${texVector(g)}${critical ? ' = 0' : ' \\neq 0'}`,
      },
    ];
    if (critical) {
      const values = eigenvaluesOf(H);
      steps.push({ title: 'Hessian at the point', latex: `H${texAt(spec.at)} = ${texMatrix(H)}` });
      if (H.length === 2) {
        const D = H[0][0] * H[1][1] - H[0][1] ** 2;
        steps.push({
          title: 'Second-derivative test',
          latex: `D = f_{xx} f_{yy} - f_{xy}^2 = ${texNumber(D)},\\quad f_{xx} = ${texNumber(H[0][0])}`,
        });
      }
      steps.push({ title: 'Eigenvalues of the Hessian', latex: `\\lambda = ${values.map(texNumber).join(',\\ ')}` });
    }
    steps.push({ title: 'Conclusion', latex: `\\text{${critical ? answer : 'not a critical point'}}` });
    return { answer, latex: `\\text{${answer}}`, steps };
  },
  mistakes: [
    {
      id: 'fxx-sign-ignored',
      message: 'You called a maximum a minimum: with D > 0, the sign of f_xx (the curvature) decides between the two.',
      wrongAnswer: (_spec, solution) => (solution.answer === 'maximum' ? 'minimum' : null),
    },
    {
      id: 'd-sign-flipped',
      message: 'You read the sign of D the wrong way round: D < 0 means a saddle, D > 0 a minimum or maximum.',
      wrongAnswer(spec, solution) {
        if (spec.vars.length !== 2) return null;
        if (solution.answer === 'minimum' || solution.answer === 'maximum') return 'saddle';
        if (solution.answer !== 'saddle') return null;
        const fxx = analyse(spec).H[0][0];
        return fxx > 0 ? 'minimum' : fxx < 0 ? 'maximum' : null;
      },
    },
    {
      id: 'gradient-not-checked',
      message: 'The gradient is not zero here, so this is not a critical point: check ∇f = 0 before using the Hessian.',
      wrongAnswer(spec, solution) {
        return solution.answer === 'not critical' ? analyse(spec).byHessian : null;
      },
    },
  ],
};
