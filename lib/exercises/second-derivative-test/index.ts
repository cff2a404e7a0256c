/**
 * `second-derivative-test`: the discriminant D = f_xx·f_yy − f_xy² of a function of two
 * variables at the point `at`.
 */
import { z } from 'zod';
import { baseSpec, fnField, requireSpec, varsField, vecField } from '../spec';
import { texMatrix, texNumber, texParen } from '../latex';
import { compileSpecFunction, evaluateAt, requirePoint, texAt, texFnDef, texVar } from '../calculus';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('second-derivative-test'),
  f: fnField,
  vars: varsField,
  at: vecField(),
});
export type SecondDerivativeTestSpec = z.infer<typeof schema>;

/** f_xx, f_yy and f_xy at the point. */
function partials(spec: SecondDerivativeTestSpec): { fxx: number; fyy: number; fxy: number } {
  requireSpec(spec.vars.length === 2, 'vars', 'the second-derivative test needs exactly two variables');
  requirePoint('at', spec.at, spec.vars);
  const fn = compileSpecFunction(spec.f, spec.vars);
  const H = evaluateAt('at', 'the Hessian', () => fn.hess(spec.at));
  return { fxx: H[0][0], fyy: H[1][1], fxy: H[0][1] };
}


export const kind: ExerciseKind<SecondDerivativeTestSpec, number> = {
  kind: 'second-derivative-test',
  // 2: a number correctly rounded to the significant figures the card asks for is right (issue 18, item 10).
  version: 2,
  title: 'Second-derivative test',
  schema,
  shape: () => 'number',
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    return `For $${texFnDef(fn, spec.vars)}$, compute $D = f_{xx} f_{yy} - f_{xy}^2$ at $${texAt(spec.at)}$.`;
  },
  solve(spec) {
    const { fxx, fyy, fxy } = partials(spec);
    const answer = fxx * fyy - fxy * fxy;
    const fn = compileSpecFunction(spec.f, spec.vars);
    const [x, y] = spec.vars.map(texVar);
    const [hxx, hxy, hyy] = [fn.hessTex[0][0], fn.hessTex[0][1], fn.hessTex[1][1]];
    return {
      answer,
      latex: texNumber(answer),
      steps: [
        {
          title: 'Second partial derivatives',
          latex: `f_{${x}${x}} = ${hxx},\\quad f_{${y}${y}} = ${hyy},\\quad f_{${x}${y}} = ${hxy}`,
        },
        { title: 'At the point', latex: `H${texAt(spec.at)} = ${texMatrix([[fxx, fxy], [fxy, fyy]])}` },
        {
          title: 'The discriminant',
          latex: `D = ${texParen(fxx)}\\cdot${texParen(fyy)} - ${texParen(fxy)}^2 = ${texNumber(answer)}`,
        },
      ],
    };
  },
  mistakes: [
    {
      id: 'plus-square',
      message: 'You added f_xy² instead of subtracting it: D = f_xx·f_yy − f_xy².',
      wrongAnswer(spec) {
        const { fxx, fyy, fxy } = partials(spec);
        return fxx * fyy + fxy * fxy;
      },
    },
    {
      id: 'forgot-square',
      message: 'You subtracted f_xy without squaring it: D = f_xx·f_yy − f_xy².',
      wrongAnswer(spec) {
        const { fxx, fyy, fxy } = partials(spec);
        return fxx * fyy - fxy;
      },
    },
  ],
};
