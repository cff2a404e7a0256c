/**
 * `preconditioned-step`: one preconditioned gradient step x1 = x0 − lr·P⁻¹∇f(x0) with a
 * symmetric positive definite preconditioner P (e.g. diagonal); lr defaults to 1.
 */
import { z } from 'zod';
import { matVec, scale, solve, sub } from '@/lib/math';
import { asSpecError, baseSpec, fnField, requireSpec, symMatField, varsField, vecField } from '../spec';
import { texExprVector, texMatrix, texNumber, texVector } from '../latex';
import { compileSpecFunction, evaluateAt, requirePoint, substituteTex, texAt, texFnDef } from '../calculus';
import { positiveField, spdEigenvalues, texUpdate } from '../optim';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('preconditioned-step'),
  f: fnField,
  vars: varsField,
  x0: vecField(),
  P: symMatField,
  lr: positiveField.optional(),
});
export type PreconditionedStepSpec = z.infer<typeof schema>;

/** ∇f(x0) after checking the spec's dimensions and that P is SPD. */
function gradientAtStart(spec: PreconditionedStepSpec): number[] {
  requirePoint('x0', spec.x0, spec.vars);
  requireSpec(spec.P.length === spec.vars.length, 'P', `expected a ${spec.vars.length}×${spec.vars.length} matrix, one row per variable`);
  spdEigenvalues('P', spec.P);
  const fn = compileSpecFunction(spec.f, spec.vars);
  return evaluateAt('x0', 'the gradient', () => fn.grad(spec.x0));
}

export const kind: ExerciseKind<PreconditionedStepSpec, number[]> = {
  kind: 'preconditioned-step',
  // 2: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 2,
  title: 'One preconditioned gradient step',
  schema,
  shape: () => 'vector',
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    const lr = spec.lr ?? 1;
    const step = lr === 1 ? '' : ` with step size $\\alpha = ${texNumber(lr)}$`;
    return (
      `Take one preconditioned gradient step $x_1 = x_0 - ${lr === 1 ? '' : '\\alpha '}P^{-1} \\nabla f(x_0)$ on ` +
      `$${texFnDef(fn, spec.vars)}$ from $x_0 = ${texAt(spec.x0)}$ with preconditioner $P = ${texMatrix(spec.P)}$${step}. Give $x_1$.`
    );
  },
  solve(spec) {
    const g = gradientAtStart(spec);
    const fn = compileSpecFunction(spec.f, spec.vars);
    const lr = spec.lr ?? 1;
    const v = asSpecError('P', () => solve(spec.P, g));
    const x1 = sub(spec.x0, scale(v, lr));
    const steps = [
      {
        title: 'Gradient at the start point',
        latex: `\\nabla f${texAt(spec.x0)} = ${texExprVector(fn.gradExpr.map((e) => substituteTex(e, spec.vars, spec.x0)))} = ${texVector(g)}`,
      },
      { title: 'Solve P v = ∇f(x0) for the preconditioned gradient', latex: `${texMatrix(spec.P)}\\,v = ${texVector(g)} \\;\\Rightarrow\\; v = ${texVector(v)}` },
      { title: 'Step against it', latex: `x_1 = x_0 - ${lr === 1 ? '' : '\\alpha\\,'}v = ${texUpdate(spec.x0, lr, v, x1)}` },
    ];
    return { answer: x1, latex: texVector(x1), steps };
  },
  mistakes: [
    {
      id: 'p-not-inverse',
      message: 'You multiplied the gradient by P instead of by P⁻¹: solve P v = ∇f(x0) rather than computing P∇f(x0).',
      wrongAnswer: (spec) => sub(spec.x0, scale(matVec(spec.P, gradientAtStart(spec)), spec.lr ?? 1)),
    },
    {
      id: 'not-preconditioned',
      message: 'You took a plain gradient step x0 − α∇f(x0); the preconditioned step uses P⁻¹∇f(x0).',
      wrongAnswer: (spec) => sub(spec.x0, scale(gradientAtStart(spec), spec.lr ?? 1)),
    },
  ],
};
