/**
 * `taylor2`: the value at `x` of the second-order Taylor model of f around `a`,
 * m(x) = f(a) + ∇f(a)ᵀ(x − a) + ½ (x − a)ᵀ H(a) (x − a).
 */
import { z } from 'zod';
import { dot, matVec, sub } from '@/lib/math';
import { baseSpec, fnField, varsField, vecField } from '../spec';
import { texMatrix, texNumber, texParen, texVector } from '../latex';
import { compileSpecFunction, evaluateAt, requirePoint, texAt, texFnDef } from '../calculus';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('taylor2'),
  f: fnField,
  vars: varsField,
  a: vecField(),
  x: vecField(),
});
export type Taylor2Spec = z.infer<typeof schema>;

/** The three terms of the model: f(a), ∇f(a)ᵀd and dᵀH(a)d (without the ½), and the pieces. */
function terms(spec: Taylor2Spec) {
  requirePoint('a', spec.a, spec.vars);
  requirePoint('x', spec.x, spec.vars);
  const fn = compileSpecFunction(spec.f, spec.vars);
  const fa = evaluateAt('a', 'f', () => fn.f(spec.a));
  const g = evaluateAt('a', 'the gradient', () => fn.grad(spec.a));
  const H = evaluateAt('a', 'the Hessian', () => fn.hess(spec.a));
  const d = sub(spec.x, spec.a);
  return { fn, fa, g, H, d, linear: dot(g, d), quadratic: dot(d, matVec(H, d)) };
}

export const kind: ExerciseKind<Taylor2Spec, number> = {
  kind: 'taylor2',
  // 2: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 2,
  title: 'Second-order Taylor model',
  schema,
  shape: () => 'number',
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    return `Let $m$ be the second-order Taylor model of $${texFnDef(fn, spec.vars)}$ around $a = ${texAt(spec.a)}$. Compute $m(x)$ at $x = ${texAt(spec.x)}$.`;
  },
  solve(spec) {
    const { fa, g, H, d, linear, quadratic } = terms(spec);
    const answer = fa + linear + quadratic / 2;
    return {
      answer,
      latex: texNumber(answer),
      steps: [
        {
          title: 'Value, gradient and Hessian at a',
          latex: `f(a) = ${texNumber(fa)},\\quad \\nabla f(a) = ${texVector(g)},\\quad H(a) = ${texMatrix(H)}`,
        },
        {
          title: 'The step from a to x',
          latex: `d = x - a = ${texVector(d)},\\quad \\nabla f(a)^\\top d = ${texNumber(linear)},\\quad d^\\top H(a)\\, d = ${texNumber(quadratic)}`,
        },
        {
          title: 'Add the terms',
          latex: `m(x) = f(a) + \\nabla f(a)^\\top d + \\tfrac12 d^\\top H(a)\\, d = ${texNumber(fa)} + ${texParen(linear)} + \\tfrac12\\cdot${texParen(quadratic)} = ${texNumber(answer)}`,
        },
      ],
    };
  },
  mistakes: [
    {
      id: 'no-half',
      message: 'You left out the ½ in front of the quadratic term: m(x) = f(a) + ∇f(a)ᵀd + ½ dᵀH(a)d.',
      wrongAnswer(spec) {
        const t = terms(spec);
        return t.fa + t.linear + t.quadratic;
      },
    },
    {
      id: 'first-order-only',
      message: 'This is the first-order (linear) model; add the curvature term ½ dᵀH(a)d.',
      wrongAnswer(spec) {
        const t = terms(spec);
        return t.fa + t.linear;
      },
    },
    {
      id: 'function-value',
      message: 'This is f(x) itself; the question asks for the value of the quadratic model around a.',
      wrongAnswer: (spec) => terms(spec).fn.f(spec.x),
    },
  ],
};

