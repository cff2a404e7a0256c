/**
 * `figure-point`: a point placed on the contour figure (or typed) — where the Newton step
 * or a gradient step from x0 lands, or the minimum reached from x0. Correct when the point
 * is within tol·(hi − lo) of the reference point, [lo, hi] being the plotted square.
 */
import { z } from 'zod';
import { add, gdStep, matVec, minimize, scale, sub, symEig } from '@/lib/math';
import { baseSpec, fnField, requireSpec, vecField } from '../spec';
import { texMatrix, texNumber, texVector } from '../latex';
import { compileSpecFunction, evaluateAt, texAt, texFnDef } from '../calculus';
import { positiveField } from '../optim';
import { newtonAt } from '../newton-step';
import { distance, gradeByTest, plotRange, rangeField, requireInside, short, twoVarsField } from '../figure';
import type { Diagnosis, ExerciseKind, Mistake } from '../types';

const TARGETS = ['newton', 'gd', 'minimum'] as const;

const schema = baseSpec.extend({
  kind: z.literal('figure-point'),
  f: fnField,
  vars: twoVarsField,
  x0: vecField(2),
  target: z.enum(TARGETS, { error: `expected one of ${TARGETS.map((t) => `"${t}"`).join(', ')}` }),
  lr: positiveField.optional(),
  range: rangeField,
  tol: z.number({ error: 'expected a fraction of the plot width, e.g. 0.02' }).positive('must be positive').max(0.5, 'at most 0.5 of the plot width').optional(),
});
export type FigurePointSpec = z.infer<typeof schema>;

/** The default tolerance: 2 % of the plot width. */
export const DEFAULT_POINT_TOL = 0.02;

function fnOf(spec: FigurePointSpec) {
  return compileSpecFunction(spec.f, spec.vars);
}

function gradAt(spec: FigurePointSpec): number[] {
  const fn = fnOf(spec);
  return evaluateAt('x0', 'the gradient', () => fn.grad(spec.x0));
}

function lrOf(spec: FigurePointSpec): number {
  requireSpec(spec.lr !== undefined, 'lr', 'a gradient step (target "gd") needs a step size lr');
  return spec.lr;
}

/** The reference point of a spec. */
function reference(spec: FigurePointSpec): number[] {
  const fn = fnOf(spec);
  if (spec.target === 'newton') return newtonAt(fn, spec.x0, 'x0').x1;
  if (spec.target === 'gd') return gdStep(gradAt(spec), spec.x0, lrOf(spec));
  const run = minimize({ f: fn.f, grad: fn.grad, hess: fn.hess }, spec.x0, { method: 'bfgs', tol: 1e-8, maxIter: 2000 });
  requireSpec(run.converged && run.x.every(Number.isFinite), 'x0', `no minimum is reached from x0 = (${spec.x0.join(', ')}) (${run.message})`);
  const lmin = symEig(fn.hess(run.x)).values[0];
  requireSpec(lmin > 0, 'x0', `the point reached from x0 = (${spec.x0.join(', ')}) is not a strict minimum (the Hessian there is not positive definite)`);
  return run.x;
}

function toleranceOf(spec: FigurePointSpec): number {
  const [lo, hi] = plotRange(spec.range, spec.x0);
  return (spec.tol ?? DEFAULT_POINT_TOL) * (hi - lo);
}

const WHAT: Record<FigurePointSpec['target'], string> = {
  newton: 'where the Newton step from x0 lands',
  gd: 'where the gradient step from x0 lands',
  minimum: 'the minimum',
};

/** Mistakes that apply to a target; each gives the point a student who made it would place. */
const MISTAKES: Mistake<FigurePointSpec, number[]>[] = [
  {
    id: 'gradient-step',
    message: 'You placed x0 − ∇f(x0), a plain gradient step; Newton scales the gradient by H⁻¹.',
    wrongAnswer: (spec) => (spec.target === 'newton' ? sub(spec.x0, gradAt(spec)) : null),
  },
  {
    id: 'wrong-sign',
    message: 'Your point is on the wrong side of x0: the step goes against the gradient (x0 − …), not along it.',
    wrongAnswer(spec) {
      if (spec.target === 'newton') return sub(spec.x0, newtonAt(fnOf(spec), spec.x0, 'x0').p);
      if (spec.target === 'gd') return add(spec.x0, scale(gradAt(spec), lrOf(spec)));
      return null;
    },
  },
  {
    id: 'hessian-not-inverse',
    message: 'You moved by H∇f(x0) instead of H⁻¹∇f(x0): the Newton step solves H p = −∇f(x0).',
    wrongAnswer(spec) {
      if (spec.target !== 'newton') return null;
      const fn = fnOf(spec);
      return sub(spec.x0, matVec(fn.hess(spec.x0), gradAt(spec)));
    },
  },
  {
    id: 'forgot-lr',
    message: 'You moved by the whole gradient: the gradient step is x0 − α∇f(x0), scaled by the step size α.',
    wrongAnswer: (spec) => (spec.target === 'gd' ? sub(spec.x0, gradAt(spec)) : null),
  },
  {
    id: 'newton-step',
    message: 'You placed the Newton step x0 − H⁻¹∇f(x0); a gradient step is x0 − α∇f(x0).',
    wrongAnswer: (spec) => (spec.target === 'gd' ? newtonAt(fnOf(spec), spec.x0, 'x0').x1 : null),
  },
  {
    id: 'start-point',
    message: 'You placed the start point x0 itself; the answer is where the method goes from there.',
    wrongAnswer: (spec) => [...spec.x0],
  },
];

export const kind: ExerciseKind<FigurePointSpec, number[]> = {
  kind: 'figure-point',
  version: 1,
  title: 'A point on the contour figure',
  description:
    'The student places a point on the contour plot (or types its coordinates): where the Newton step (target "newton") or a gradient step with lr (target "gd") from x0 lands, or the minimum reached from x0 ("minimum"). Correct within tol (default 0.02) of the plot width.',
  schema,
  shape: () => 'vector',
  prompt(spec) {
    const fn = fnOf(spec);
    const on = `on $${texFnDef(fn, spec.vars)}$`;
    const place = ' Place the point on the figure (click or tap; arrow keys move it) or type its coordinates.';
    if (spec.target === 'newton') return `Where does one step of Newton's method from $x_0 = ${texAt(spec.x0)}$ land ${on}?${place}`;
    if (spec.target === 'gd') {
      return `Where does one gradient-descent step $x_1 = x_0 - \\alpha \\nabla f(x_0)$ with $\\alpha = ${texNumber(lrOf(spec))}$ from $x_0 = ${texAt(spec.x0)}$ land ${on}?${place}`;
    }
    return `Find the minimum of $f$ ${on} that descent from $x_0 = ${texAt(spec.x0)}$ reaches.${place}`;
  },
  solve(spec) {
    const x1 = reference(spec);
    const range = plotRange(spec.range, spec.x0);
    requireInside(spec.x0, range, 'x0');
    requireInside(x1, range, 'the answer');
    const fn = fnOf(spec);
    const x0 = texAt(spec.x0);
    const steps = [];
    if (spec.target === 'newton') {
      const { g, H, p } = newtonAt(fn, spec.x0, 'x0');
      steps.push(
        { title: 'Gradient and Hessian at x0', latex: `\\nabla f${x0} = ${texVector(g)},\\quad H${x0} = ${texMatrix(H)}` },
        { title: 'Solve H p = −∇f and move', latex: `p = ${texVector(p)},\\quad x_1 = x_0 + p = ${texVector(x1)}` },
      );
    } else if (spec.target === 'gd') {
      const g = gradAt(spec);
      steps.push(
        { title: 'Gradient at x0', latex: `\\nabla f${x0} = ${texVector(g)}` },
        { title: 'Step against the gradient', latex: `x_1 = ${texVector(spec.x0)} - ${texNumber(lrOf(spec))}\\,${texVector(g)} = ${texVector(x1)}` },
      );
    } else {
      steps.push({ title: 'Descend from x0 until the gradient vanishes (BFGS), and check the Hessian is positive definite', latex: `x^\\ast \\approx ${texVector(x1)}` });
    }
    steps.push({ title: 'How close the point must be', latex: `\\lVert x - x_1 \\rVert \\le ${texNumber(Number(short(toleranceOf(spec))))}` });
    return { answer: x1, latex: texVector(x1), steps };
  },
  mistakes: MISTAKES,
  grade(solved, parsed) {
    const spec = solved.spec as FigurePointSpec;
    const point = parsed as number[];
    const ref = solved.solution.answer as number[];
    const tol = toleranceOf(spec);
    const passed = distance(point, ref) <= tol;
    let mistake: Diagnosis | undefined;
    if (!passed) {
      for (const m of MISTAKES) {
        let wrong: number[] | null;
        try {
          wrong = m.wrongAnswer(spec, solved.solution as never);
        } catch {
          wrong = null;
        }
        if (wrong && distance(wrong, ref) > tol && distance(point, wrong) <= tol) {
          mistake = { id: m.id, message: m.message };
          break;
        }
      }
    }
    const feedback = passed
      ? `Correct: your point is within ${short(tol)} of ${WHAT[spec.target]}.`
      : `Not right: your point is not within ${short(tol)} of ${WHAT[spec.target]}.`;
    return gradeByTest('distance', passed, feedback, mistake);
  },
  figure(solved) {
    const spec = solved.spec as FigurePointSpec;
    const range = plotRange(spec.range, spec.x0);
    return { mode: 'point', f: spec.f, vars: spec.vars, range, from: spec.x0, accuracy: `Place the point within ${short(toleranceOf(spec))} (${short((spec.tol ?? DEFAULT_POINT_TOL) * 100)} % of the plot width).` };
  },
  referencePath(solved) {
    return [(solved.spec as FigurePointSpec).x0, solved.solution.answer as number[]];
  },
};
