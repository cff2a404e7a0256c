/**
 * `newton-iterations`: how many Newton steps x_{k+1} = x_k − H(x_k)⁻¹∇f(x_k) it takes
 * from x0 until the stop rule first holds (contract stop rules, plus `loss`).
 */
import { z } from 'zod';
import { baseSpec, fnField, varsField, vecField } from '../spec';
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
import { newtonAt } from '../newton-step';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('newton-iterations'),
  f: fnField,
  vars: varsField,
  x0: vecField(),
  tol: positiveField,
  stop: stopField,
  maxIter: maxIterField,
});
export type NewtonIterationsSpec = z.infer<typeof schema>;

export const kind: ExerciseKind<NewtonIterationsSpec, number> = {
  kind: 'newton-iterations',
  version: 1,
  title: "Newton's method iteration count",
  schema,
  shape: () => 'integer',
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    return (
      `Run Newton's method $x_{k+1} = x_k - H(x_k)^{-1} \\nabla f(x_k)$ on $${texFnDef(fn, spec.vars)}$ from ` +
      `$x_0 = ${texAt(spec.x0)}$. How many iterations does it take? The count is ${stopRuleText(spec.stop, spec.tol)}.`
    );
  },
  solve(spec) {
    requirePoint('x0', spec.x0, spec.vars);
    const fn = compileSpecFunction(spec.f, spec.vars);
    const run = runIterations({
      step: (x) => newtonAt(fn, x, 'x0').x1,
      f: fn.f,
      grad: fn.grad,
      x0: spec.x0,
      stop: spec.stop,
      tol: spec.tol,
      maxIter: spec.maxIter ?? DEFAULT_MAX_ITER,
      field: 'x0',
      describe: `from x0 = (${spec.x0.join(', ')})`,
    });
    const update = {
      title: 'The update: solve H(x_k) p = −∇f(x_k), then x_{k+1} = x_k + p',
      latex: `x_{k+1} = x_k - H(x_k)^{-1} \\nabla f(x_k)`,
    };
    const steps = iterationSteps(update, run, spec.stop, spec.tol, fn.f, fn.grad);
    return { answer: run.iterations, latex: String(run.iterations), steps };
  },
  mistakes: offByOneMistakes<NewtonIterationsSpec>(),
};
