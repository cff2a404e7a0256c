/**
 * `newton-step`: one step of Newton's method, x1 = x0 − H(x0)⁻¹∇f(x0), computed by
 * solving H p = −∇f (never by inverting H).
 */
import { z } from 'zod';
import { matVec, newtonStep, scale, sub } from '@/lib/math';
import { baseSpec, fnField, varsField, vecField } from '../spec';
import { texMatrix, texVector } from '../latex';
import { compileSpecFunction, evaluateAt, requirePoint, texAt, texFnDef } from '../calculus';
import { SpecError, type ExerciseKind } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('newton-step'),
  f: fnField,
  vars: varsField,
  x0: vecField(),
});
export type NewtonStepSpec = z.infer<typeof schema>;

/** Gradient, Hessian and Newton step at x: { g, H, p, x1 } with x1 = x + p, H p = −g. */
export interface NewtonAt {
  g: number[];
  H: number[][];
  p: number[];
  x1: number[];
}

/**
 * One Newton step of `fn` at `x`. A non-finite gradient or Hessian, or a singular
 * Hessian, is a SpecError naming `field` (the start point of the spec).
 */
export function newtonAt(fn: ReturnType<typeof compileSpecFunction>, x: number[], field: string): NewtonAt {
  const g = evaluateAt(field, 'the gradient', () => fn.grad(x));
  const H = evaluateAt(field, 'the Hessian', () => fn.hess(x));
  let step: { x: number[]; p: number[] };
  try {
    step = newtonStep(g, H, x);
  } catch {
    throw new SpecError(field, `the Hessian is singular at (${x.join(', ')}), so the Newton step is not defined there`);
  }
  if (!step.x.every(Number.isFinite)) {
    throw new SpecError(field, `the Hessian is (nearly) singular at (${x.join(', ')}), so the Newton step is not defined there`);
  }
  return { g, H, p: step.p, x1: step.x };
}

function newtonAtStart(spec: NewtonStepSpec): NewtonAt {
  requirePoint('x0', spec.x0, spec.vars);
  return newtonAt(compileSpecFunction(spec.f, spec.vars), spec.x0, 'x0');
}

export const kind: ExerciseKind<NewtonStepSpec, number[]> = {
  kind: 'newton-step',
  // 2: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 2,
  title: "One step of Newton's method",
  schema,
  shape: () => 'vector',
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    return (
      `Take one step of Newton's method $x_1 = x_0 - H(x_0)^{-1} \\nabla f(x_0)$ on $${texFnDef(fn, spec.vars)}$ ` +
      `from $x_0 = ${texAt(spec.x0)}$. Give $x_1$.`
    );
  },
  solve(spec) {
    const { g, H, p, x1 } = newtonAtStart(spec);
    const x0 = texAt(spec.x0);
    const steps = [
      { title: 'Gradient and Hessian at the start point', latex: `\\nabla f${x0} = ${texVector(g)},\\quad H${x0} = ${texMatrix(H)}` },
      { title: 'Solve H p = −∇f for the Newton step p', latex: `${texMatrix(H)}\\,p = ${texVector(scale(g, -1))} \\;\\Rightarrow\\; p = ${texVector(p)}` },
      { title: 'Move to the new point', latex: `x_1 = x_0 + p = ${texVector(spec.x0)} + ${texVector(p)} = ${texVector(x1)}` },
    ];
    return { answer: x1, latex: texVector(x1), steps };
  },
  mistakes: [
    {
      id: 'hessian-not-inverse',
      message: 'You multiplied the gradient by H instead of by H⁻¹: solve H p = −∇f(x0) rather than computing H∇f(x0).',
      wrongAnswer(spec) {
        const { g, H } = newtonAtStart(spec);
        return sub(spec.x0, matVec(H, g));
      },
    },
    {
      id: 'wrong-sign',
      message: 'You added H⁻¹∇f(x0) instead of subtracting it: the Newton step is p = −H⁻¹∇f(x0).',
      wrongAnswer(spec) {
        return sub(spec.x0, newtonAtStart(spec).p);
      },
    },
    {
      id: 'gradient-step',
      message: 'You took a plain gradient step x0 − ∇f(x0); Newton scales the gradient by H⁻¹.',
      wrongAnswer(spec) {
        return sub(spec.x0, newtonAtStart(spec).g);
      },
    },
    {
      id: 'gave-step',
      message: 'You gave the Newton step p = −H⁻¹∇f(x0); the answer is the new point x1 = x0 + p.',
      wrongAnswer(spec) {
        return newtonAtStart(spec).p;
      },
    },
  ],
};

