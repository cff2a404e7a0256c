/**
 * `gradient`: the vector of first partial derivatives of f — at the point `at`
 * (a vector of numbers), or without `at` as a vector of expressions in `vars`.
 */
import { z } from 'zod';
import { baseSpec, fnField, varsField, vecField } from '../spec';
import { texExprVector, texVector } from '../latex';
import { compileSpecFunction, evaluateAt, requirePoint, substituteTex, texAt, texFnDef, texPartials } from '../calculus';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('gradient'),
  f: fnField,
  vars: varsField,
  at: vecField().optional(),
});
export type GradientSpec = z.infer<typeof schema>;

export const kind: ExerciseKind<GradientSpec, number[] | string[]> = {
  kind: 'gradient',
  // 2: symbolic gradients are compared exactly where they are rational functions (issue 23):
  // 10^10·x + 1 is no longer taken for 10^10·x + 2.
  // 3: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 3,
  title: 'Gradient',
  schema,
  shape: (spec) => (spec.at ? 'vector' : 'expression-vector'),
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    const where = spec.at ? ` at $${texAt(spec.at)}$` : ` as a function of $${spec.vars.join(', ')}$`;
    return `Compute the gradient $\\nabla f$ of $${texFnDef(fn, spec.vars)}$${where}.`;
  },
  solve(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    const steps = [
      { title: 'Differentiate with respect to each variable', latex: texPartials(fn, spec.vars) },
      { title: 'Collect the partials', latex: `\\nabla f = ${texExprVector(fn.gradTex)}` },
    ];
    if (!spec.at) {
      return { answer: fn.gradExpr, latex: texExprVector(fn.gradTex), steps };
    }
    const at = spec.at;
    requirePoint('at', at, spec.vars);
    const g = evaluateAt('at', 'the gradient', () => fn.grad(at));
    steps.push({
      title: 'Substitute the point',
      latex: `\\nabla f${texAt(at)} = ${texExprVector(fn.gradExpr.map((e) => substituteTex(e, spec.vars, at)))} = ${texVector(g)}`,
    });
    return { answer: g, latex: texVector(g), steps };
  },
  mistakes: [
    {
      id: 'point-swapped',
      message: 'You evaluated the gradient with the coordinates of the point in the wrong order.',
      wrongAnswer(spec) {
        if (!spec.at || spec.at.length < 2) return null;
        const swapped = [...spec.at].reverse();
        return compileSpecFunction(spec.f, spec.vars).grad(swapped);
      },
    },
    {
      id: 'partials-reversed',
      message: 'You listed the partial derivatives in the wrong order: entry i is ∂f/∂(variable i).',
      wrongAnswer: (_spec, solution) => (solution.answer.length < 2 ? null : ([...solution.answer].reverse() as number[] | string[])),
    },
  ],
};
