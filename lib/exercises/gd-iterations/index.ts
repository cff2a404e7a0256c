/**
 * `gd-iterations`: how many gradient-descent steps x_{k+1} = x_k − lr·∇f(x_k) it takes
 * from x0 until the stop rule first holds (contract stop rules, plus `loss`).
 */
import { z } from 'zod';
import { gdStep } from '@/lib/math';
import { baseSpec, fnField, varsField, vecField } from '../spec';
import { texNumber } from '../latex';
import { compileSpecFunction, requirePoint, texAt, texFnDef } from '../calculus';
import {
  DEFAULT_MAX_ITER,
  iterationSteps,
  maxIterField,
  offByOneMistakes,
  positiveField,
  runIterations,
  stopField,
  stopRuleText,
} from '../optim';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('gd-iterations'),
  f: fnField,
  vars: varsField,
  x0: vecField(),
  lr: positiveField,
  tol: positiveField,
  stop: stopField,
  maxIter: maxIterField,
});
export type GdIterationsSpec = z.infer<typeof schema>;

export const kind: ExerciseKind<GdIterationsSpec, number> = {
  kind: 'gd-iterations',
  version: 1,
  title: 'Gradient-descent iteration count',
  schema,
  shape: () => 'integer',
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    return (
      `Run gradient descent $x_{k+1} = x_k - \\alpha \\nabla f(x_k)$ on $${texFnDef(fn, spec.vars)}$ from ` +
      `$x_0 = ${texAt(spec.x0)}$ with $\\alpha = ${texNumber(spec.lr)}$. How many iterations does it take? ` +
      `The count is ${stopRuleText(spec.stop, spec.tol)}.`
    );
  },
  solve(spec) {
    requirePoint('x0', spec.x0, spec.vars);
    const fn = compileSpecFunction(spec.f, spec.vars);
    const maxIter = spec.maxIter ?? DEFAULT_MAX_ITER;
    const run = runIterations({
      step: (x) => gdStep(fn.grad(x), x, spec.lr),
      f: fn.f,
      grad: fn.grad,
      x0: spec.x0,
      stop: spec.stop,
      tol: spec.tol,
      maxIter,
      field: 'lr',
      describe: `from x0 = (${spec.x0.join(', ')}) with lr = ${spec.lr}`,
    });
    const update = {
      title: 'The update',
      latex: `x_{k+1} = x_k - ${texNumber(spec.lr)}\\,\\nabla f(x_k)`,
    };
    const steps = iterationSteps(update, run, spec.stop, spec.tol, fn.f, fn.grad);
    return { answer: run.iterations, latex: String(run.iterations), steps };
  },
  mistakes: offByOneMistakes<GdIterationsSpec>(),
};
