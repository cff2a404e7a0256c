/**
 * `gd-step`: one step of gradient descent, x1 = x0 − lr·∇f(x0).
 */
import { z } from 'zod';
import { add, gdStep, scale, sub } from '@/lib/math';
import { baseSpec, fnField, varsField, vecField } from '../spec';
import { texExprVector, texNumber, texVector } from '../latex';
import { compileSpecFunction, evaluateAt, requirePoint, substituteTex, texAt, texFnDef, texPartials } from '../calculus';
import { positiveField, texUpdate } from '../optim';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('gd-step'),
  f: fnField,
  vars: varsField,
  x0: vecField(),
  lr: positiveField,
});
export type GdStepSpec = z.infer<typeof schema>;

/** ∇f(x0), with SpecErrors naming `x0` or `f`. */
function gradientAtStart(spec: GdStepSpec): number[] {
  requirePoint('x0', spec.x0, spec.vars);
  const fn = compileSpecFunction(spec.f, spec.vars);
  return evaluateAt('x0', 'the gradient', () => fn.grad(spec.x0));
}

export const kind: ExerciseKind<GdStepSpec, number[]> = {
  kind: 'gd-step',
  // 2: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 2,
  title: 'One gradient-descent step',
  schema,
  shape: () => 'vector',
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    return (
      `Take one gradient-descent step $x_1 = x_0 - \\alpha \\nabla f(x_0)$ on $${texFnDef(fn, spec.vars)}$ ` +
      `from $x_0 = ${texAt(spec.x0)}$ with step size $\\alpha = ${texNumber(spec.lr)}$. Give $x_1$.`
    );
  },
  solve(spec) {
    const g = gradientAtStart(spec);
    const fn = compileSpecFunction(spec.f, spec.vars);
    const x1 = gdStep(g, spec.x0, spec.lr);
    const steps = [
      { title: 'Differentiate', latex: texPartials(fn, spec.vars) },
      {
        title: 'Evaluate the gradient at the start point',
        latex: `\\nabla f${texAt(spec.x0)} = ${texExprVector(fn.gradExpr.map((e) => substituteTex(e, spec.vars, spec.x0)))} = ${texVector(g)}`,
      },
      {
        title: 'Step against the gradient',
        latex: `x_1 = x_0 - \\alpha \\nabla f(x_0) = ${texUpdate(spec.x0, spec.lr, g, x1)}`,
      },
    ];
    return { answer: x1, latex: texVector(x1), steps };
  },
  mistakes: [
    {
      id: 'wrong-sign',
      message: 'You stepped along the gradient (x0 + α∇f), which goes uphill; gradient descent subtracts α∇f(x0).',
      wrongAnswer: (spec) => add(spec.x0, scale(gradientAtStart(spec), spec.lr)),
    },
    {
      id: 'forgot-step-size',
      message: 'You left out the step size: x1 = x0 − α∇f(x0), with the gradient multiplied by α.',
      wrongAnswer: (spec) => sub(spec.x0, gradientAtStart(spec)),
    },
    {
      id: 'gave-step',
      message: 'You gave the step α∇f(x0) itself; the answer is the new point x0 − α∇f(x0).',
      wrongAnswer: (spec) => scale(gradientAtStart(spec), spec.lr),
    },
    {
      id: 'gave-gradient',
      message: 'You gave the gradient ∇f(x0); the answer is the new point x0 − α∇f(x0).',
      wrongAnswer: (spec) => gradientAtStart(spec),
    },
  ],
};
