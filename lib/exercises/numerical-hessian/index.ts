/**
 * `numerical-hessian`: the central-difference Hessian of the contract,
 * H_ij ≈ [f(x+h e_i+h e_j) − f(x+h e_i−h e_j) − f(x−h e_i+h e_j) + f(x−h e_i−h e_j)] / (4h²).
 */
import { z } from 'zod';
import { numericalHessian } from '@/lib/math';
import { baseSpec, fnField, varsField, vecField } from '../spec';
import { texMatrix, texNumber, texParen } from '../latex';
import { compileSpecFunction, evaluateAt, requirePoint, texAt, texFnDef } from '../calculus';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('numerical-hessian'),
  f: fnField,
  vars: varsField,
  at: vecField(),
  h: z.number({ error: 'expected a positive step h' }).positive('the step h must be positive'),
});
export type NumericalHessianSpec = z.infer<typeof schema>;

const FORMULA =
  'H_{ij} \\approx \\frac{f(x + h e_i + h e_j) - f(x + h e_i - h e_j) - f(x - h e_i + h e_j) + f(x - h e_i - h e_j)}{4h^2}';

function scaled(M: number[][], factor: number): number[][] {
  return M.map((row) => row.map((x) => x * factor));
}

export const kind: ExerciseKind<NumericalHessianSpec, number[][]> = {
  kind: 'numerical-hessian',
  // 2: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 2,
  title: 'Finite-difference Hessian',
  schema,
  shape: () => 'matrix',
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    return `Approximate the Hessian of $${texFnDef(fn, spec.vars)}$ at $${texAt(spec.at)}$ by central differences with $h = ${texNumber(spec.h)}$: $${FORMULA}$.`;
  },
  solve(spec) {
    requirePoint('at', spec.at, spec.vars);
    const fn = compileSpecFunction(spec.f, spec.vars);
    const x = spec.at;
    const h = spec.h;
    const H = evaluateAt('at', 'the finite-difference Hessian', () => numericalHessian(fn.f, x, h));
    const shift = (di: number, dj: number) => {
      const p = [...x];
      p[0] += di * h;
      p[p.length > 1 ? 1 : 0] += dj * h;
      return fn.f(p);
    };
    const j = x.length > 1 ? 2 : 1;
    const vals = [shift(1, 1), shift(1, -1), shift(-1, 1), shift(-1, -1)].map(texParen);
    return {
      answer: H,
      latex: texMatrix(H),
      steps: [
        { title: 'The central-difference formula', latex: FORMULA },
        {
          title: `Entry (1, ${j}) as an example`,
          latex: `H_{1${j}} \\approx \\frac{${vals[0]} - ${vals[1]} - ${vals[2]} + ${vals[3]}}{4\\cdot ${texNumber(h)}^2} = ${texNumber(H[0][j - 1])}`,
        },
        { title: 'Every entry', latex: `H \\approx ${texMatrix(H)}` },
      ],
    };
  },
  mistakes: [
    {
      id: 'divided-by-2h2',
      message: 'You divided by 2h² instead of 4h², which doubles every entry.',
      wrongAnswer: (_spec, solution) => scaled(solution.answer, 2),
    },
    {
      id: 'divided-by-h2',
      message: 'You divided by h² instead of 4h², which makes every entry four times too large.',
      wrongAnswer: (_spec, solution) => scaled(solution.answer, 4),
    },
  ],
};
