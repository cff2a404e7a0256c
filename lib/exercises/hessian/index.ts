/**
 * `hessian`: the matrix of second partial derivatives H_ij = ∂²f/∂x_i∂x_j — at the
 * point `at` (numbers), or without `at` as a matrix of expressions in `vars`.
 */
import { z } from 'zod';
import { baseSpec, fnField, varsField, vecField } from '../spec';
import { texExprMatrix, texMatrix } from '../latex';
import { compileSpecFunction, evaluateAt, requirePoint, substituteTex, texAt, texFnDef, texPartials } from '../calculus';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('hessian'),
  f: fnField,
  vars: varsField,
  at: vecField().optional(),
});
export type HessianSpec = z.infer<typeof schema>;

type HessianAnswer = number[][] | string[][];

/** Applies `fn` to the diagonal (i === j) or off-diagonal entries of a numeric or symbolic matrix. */
function mapEntries(M: HessianAnswer, diagonal: boolean, num: (x: number) => number, sym: (e: string) => string): HessianAnswer {
  return (M as (number | string)[][]).map((row, i) =>
    row.map((e, j) => ((i === j) === diagonal ? (typeof e === 'number' ? num(e) : sym(e)) : e)),
  ) as HessianAnswer;
}

export const kind: ExerciseKind<HessianSpec, HessianAnswer> = {
  kind: 'hessian',
  // 2: symbolic Hessians are compared exactly where they are rational functions (issue 23):
  // 10^10·x + 1 is no longer taken for 10^10·x + 2.
  // 3: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 3,
  title: 'Hessian matrix',
  schema,
  shape: (spec) => (spec.at ? 'matrix' : 'expression-matrix'),
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    const where = spec.at ? ` at $${texAt(spec.at)}$` : ` as a function of $${spec.vars.join(', ')}$`;
    return `Compute the Hessian matrix $H$ of $${texFnDef(fn, spec.vars)}$${where}.`;
  },
  solve(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    const symbolic = fn.hessTex;
    const steps = [
      { title: 'First partial derivatives', latex: texPartials(fn, spec.vars) },
      { title: 'Differentiate each partial again', latex: `H = ${texExprMatrix(symbolic)}` },
    ];
    if (!spec.at) return { answer: fn.hessExpr, latex: texExprMatrix(symbolic), steps };
    const at = spec.at;
    requirePoint('at', at, spec.vars);
    const H = evaluateAt('at', 'the Hessian', () => fn.hess(at));
    steps.push({
      title: 'Substitute the point',
      latex: `H${texAt(at)} = ${texExprMatrix(fn.hessExpr.map((row) => row.map((e) => substituteTex(e, spec.vars, at))))} = ${texMatrix(H)}`,
    });
    return { answer: H, latex: texMatrix(H), steps };
  },
  // No "transposed" mistake: a Hessian of a smooth f is symmetric, so it cannot be told apart.
  mistakes: [
    {
      id: 'diagonal-halved',
      message: 'Your diagonal entries are half the right ones: the second derivative of x² is 2, not 1.',
      wrongAnswer: (_spec, solution) => mapEntries(solution.answer, true, (x) => x / 2, (e) => `(${e}) / 2`),
    },
    {
      id: 'mixed-partials-zero',
      message: 'You set the mixed partial derivatives ∂²f/∂x∂y to zero; differentiate ∂f/∂x with respect to y as well.',
      wrongAnswer: (_spec, solution) => mapEntries(solution.answer, false, () => 0, () => '0'),
    },
    {
      id: 'point-swapped',
      message: 'You evaluated the Hessian with the coordinates of the point in the wrong order.',
      wrongAnswer(spec) {
        if (!spec.at || spec.at.length < 2) return null;
        return compileSpecFunction(spec.f, spec.vars).hess([...spec.at].reverse());
      },
    },
  ],
};
