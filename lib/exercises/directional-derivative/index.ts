/**
 * `directional-derivative`: D_u f(at) = ∇f(at) · u/‖u‖ — the rate of change of f at
 * `at` along the direction u, which is normalised first.
 */
import { z } from 'zod';
import { dot, norm2 } from '@/lib/math';
import { baseSpec, fnField, requireSpec, varsField, vecField } from '../spec';
import { texNumber, texVector } from '../latex';
import { compileSpecFunction, evaluateAt, requirePoint, texAt, texFnDef, texPartials } from '../calculus';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('directional-derivative'),
  f: fnField,
  vars: varsField,
  at: vecField(),
  u: vecField(),
});
export type DirectionalDerivativeSpec = z.infer<typeof schema>;

/** The gradient at the point, after the dimension checks. */
function gradientAt(spec: DirectionalDerivativeSpec): number[] {
  requirePoint('at', spec.at, spec.vars);
  requirePoint('u', spec.u, spec.vars);
  requireSpec(norm2(spec.u) > 0, 'u', 'the direction u must not be the zero vector');
  const fn = compileSpecFunction(spec.f, spec.vars);
  return evaluateAt('at', 'the gradient', () => fn.grad(spec.at));
}

export const kind: ExerciseKind<DirectionalDerivativeSpec, number> = {
  kind: 'directional-derivative',
  // 2: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 2,
  title: 'Directional derivative',
  schema,
  shape: () => 'number',
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    return `Compute the directional derivative of $${texFnDef(fn, spec.vars)}$ at $${texAt(spec.at)}$ in the direction of $u = ${texAt(spec.u)}$ (normalise $u$ first).`;
  },
  solve(spec) {
    const g = gradientAt(spec);
    const len = norm2(spec.u);
    const unit = spec.u.map((ui) => ui / len);
    const answer = dot(g, unit);
    const fn = compileSpecFunction(spec.f, spec.vars);
    return {
      answer,
      latex: texNumber(answer),
      steps: [
        { title: 'Partial derivatives', latex: texPartials(fn, spec.vars) },
        { title: 'Gradient at the point', latex: `\\nabla f${texAt(spec.at)} = ${texVector(g)}` },
        {
          title: 'Normalise the direction',
          latex: `\\lVert u\\rVert = ${texNumber(len)},\\quad \\hat u = \\frac{u}{\\lVert u\\rVert} = ${texVector(unit)}`,
        },
        { title: 'Dot product', latex: `D_{\\hat u} f = \\nabla f \\cdot \\hat u = ${texNumber(answer)}` },
      ],
    };
  },
  mistakes: [
    {
      id: 'u-not-normalised',
      message: 'You used u as given; divide it by its length ‖u‖ first, so that it is a unit vector.',
      wrongAnswer: (spec) => dot(gradientAt(spec), spec.u),
    },
    {
      id: 'gradient-norm',
      message: 'You gave ‖∇f‖, the steepest rate of increase; the rate along u is ∇f · u/‖u‖.',
      wrongAnswer: (spec) => norm2(gradientAt(spec)),
    },
  ],
};
