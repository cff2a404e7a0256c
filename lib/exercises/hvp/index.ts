/**
 * `hvp`: the Hessian-vector product H(at)·v.
 */
import { z } from 'zod';
import { matVec } from '@/lib/math';
import { baseSpec, fnField, varsField, vecField } from '../spec';
import { texMatrix, texVector } from '../latex';
import { compileSpecFunction, evaluateAt, requirePoint, texAt, texFnDef } from '../calculus';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('hvp'),
  f: fnField,
  vars: varsField,
  at: vecField(),
  v: vecField(),
});
export type HvpSpec = z.infer<typeof schema>;

function hessianAt(spec: HvpSpec, point: number[], field: string): number[][] {
  requirePoint('at', spec.at, spec.vars);
  requirePoint('v', spec.v, spec.vars);
  const fn = compileSpecFunction(spec.f, spec.vars);
  return evaluateAt(field, 'the Hessian', () => fn.hess(point));
}

export const kind: ExerciseKind<HvpSpec, number[]> = {
  kind: 'hvp',
  // 2: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 2,
  title: 'Hessian-vector product',
  schema,
  shape: () => 'vector',
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    return `For $${texFnDef(fn, spec.vars)}$, compute the Hessian-vector product $H(a)\\,v$ at $a = ${texAt(spec.at)}$ with $v = ${texAt(spec.v)}$.`;
  },
  solve(spec) {
    const H = hessianAt(spec, spec.at, 'at');
    const answer = matVec(H, spec.v);
    return {
      answer,
      latex: texVector(answer),
      steps: [
        { title: 'Hessian at the point', latex: `H${texAt(spec.at)} = ${texMatrix(H)}` },
        { title: 'Multiply by v', latex: `H v = ${texMatrix(H)}${texVector(spec.v)} = ${texVector(answer)}` },
      ],
    };
  },
  // vᵀH is not listed: H is symmetric, so vᵀH has the same entries as Hv.
  mistakes: [
    {
      id: 'gradient-times-v',
      message: 'You multiplied the gradient by v entry by entry; Hv needs the second derivatives: (Hv)_i = Σ_j H_ij v_j.',
      wrongAnswer(spec) {
        requirePoint('at', spec.at, spec.vars);
        const g = compileSpecFunction(spec.f, spec.vars).grad(spec.at);
        return g.map((gi, i) => gi * spec.v[i]);
      },
    },
    {
      id: 'hessian-at-v',
      message: 'You evaluated the Hessian at v instead of at the point; v is only the direction it multiplies.',
      wrongAnswer: (spec) => matVec(hessianAt(spec, spec.v, 'v'), spec.v),
    },
  ],
};
