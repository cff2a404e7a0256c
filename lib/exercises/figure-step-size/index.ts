/**
 * `figure-step-size`: a step size α chosen with a slider (the figure draws gradient descent
 * from x0 with that α) or typed. Correct when gradient descent x_{k+1} = x_k − α∇f(x_k) from
 * x0 meets the stop rule within `within` iterations (lib/math countIterations). A wrong α is
 * diagnosed as diverging or as converging too slowly (too small, or so large it zigzags).
 */
import { z } from 'zod';
import { countIterations, gdStep, type StopRule } from '@/lib/math';
import { baseSpec, fnField, requireSpec, vecField } from '../spec';
import { texNumber } from '../latex';
import { compileSpecFunction, requirePoint, texAt, texFnDef } from '../calculus';
import { positiveField, stopField, stopRuleText } from '../optim';
import { gradeByTest, plotRange, rangeField, short, twoVarsField } from '../figure';
import type { ExerciseKind } from '../types';

const schema = baseSpec.extend({
  kind: z.literal('figure-step-size'),
  f: fnField,
  vars: twoVarsField,
  x0: vecField(2),
  within: z.number({ error: 'expected a whole number of iterations' }).int('expected a whole number of iterations').min(1, 'must be at least 1').max(1000, 'at most 1000 iterations').default(10),
  stop: stopField.default('grad-norm'),
  tol: positiveField.default(1e-2),
  lr: z
    .tuple([positiveField, positiveField], { error: 'expected the slider range as [min, max], e.g. [0.01, 0.5]' })
    .refine(([a, b]) => a < b, 'the slider range must be [min, max] with min < max'),
  range: rangeField,
});
export type FigureStepSizeSpec = z.infer<typeof schema>;

/** Step sizes tried on the slider's range to find the reference (and to check one works). */
export const GRID = 401;
/** How far a too-slow run is followed to tell "too slow" from "diverges": this many times `within`. */
const FOLLOW = 100;

/** The run of gradient descent with step size `lr` for at most `maxIter` iterations. */
export function runWith(spec: FigureStepSizeSpec, lr: number, maxIter: number) {
  const fn = compileSpecFunction(spec.f, spec.vars);
  return countIterations((x) => gdStep(fn.grad(x), x, lr), spec.x0, spec.stop as StopRule, spec.tol, { f: fn.f, grad: fn.grad }, maxIter);
}

function works(spec: FigureStepSizeSpec, lr: number): boolean {
  const run = runWith(spec, lr, spec.within);
  return run.converged && run.iterations <= spec.within;
}

/** The step sizes of the grid that work, as [first, last] runs of consecutive grid points. */
function goodIntervals(spec: FigureStepSizeSpec): { lo: number; hi: number; best: number; bestIterations: number }[] {
  const [a, b] = spec.lr;
  const out: { lo: number; hi: number; best: number; bestIterations: number }[] = [];
  let current: (typeof out)[number] | null = null;
  for (let i = 0; i < GRID; i++) {
    const lr = a + ((b - a) * i) / (GRID - 1);
    const run = runWith(spec, lr, spec.within);
    const ok = run.converged && run.iterations <= spec.within;
    if (ok) {
      if (!current) {
        current = { lo: lr, hi: lr, best: lr, bestIterations: run.iterations };
        out.push(current);
      }
      current.hi = lr;
      if (run.iterations < current.bestIterations) {
        current.best = lr;
        current.bestIterations = run.iterations;
      }
    } else current = null;
  }
  return out;
}

export const kind: ExerciseKind<FigureStepSizeSpec, number> = {
  kind: 'figure-step-size',
  version: 1,
  title: 'A step size chosen on the contour figure',
  description:
    'The student drags a slider over the step sizes `lr` = [min, max] (the figure draws the gradient-descent path) or types α. Correct when gradient descent from x0 with α meets the stop rule (default grad-norm, tol 0.01) within `within` iterations (default 10).',
  schema: schema as unknown as z.ZodType<FigureStepSizeSpec>,
  shape: () => 'number',
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    return (
      `Choose a step size $\\alpha$ so that gradient descent $x_{k+1} = x_k - \\alpha \\nabla f(x_k)$ on $${texFnDef(fn, spec.vars)}$ ` +
      `from $x_0 = ${texAt(spec.x0)}$ converges within ${spec.within} iterations; the count is ${stopRuleText(spec.stop as StopRule, spec.tol)}. ` +
      `Drag the slider (between ${texNumber(spec.lr[0])} and ${texNumber(spec.lr[1])}) to see the path, or type $\\alpha$.`
    );
  },
  solve(spec) {
    requirePoint('x0', spec.x0, spec.vars);
    const good = goodIntervals(spec);
    requireSpec(good.length > 0, 'lr', `no step size in [${spec.lr[0]}, ${spec.lr[1]}] makes gradient descent from x0 = (${spec.x0.join(', ')}) converge within ${spec.within} iterations`);
    const widest = good.reduce((w, g) => (g.hi - g.lo > w.hi - w.lo ? g : w));
    // The reference is shown rounded to 4 significant figures when the rounded step still works.
    const rounded = Number(short(widest.best));
    const alpha = works(spec, rounded) ? rounded : widest.best;
    const steps = [
      { title: 'The update', latex: `x_{k+1} = x_k - \\alpha\\,\\nabla f(x_k)` },
      {
        title: `Step sizes that converge within ${spec.within} iterations (a grid of ${GRID} step sizes on the slider)`,
        latex: good.map((g) => `\\alpha \\in [${texNumber(Number(short(g.lo)))},\\ ${texNumber(Number(short(g.hi)))}]`).join(',\\quad '),
      },
      { title: 'For example', latex: `\\alpha = ${texNumber(alpha)} \\text{ takes } ${runWith(spec, alpha, spec.within).iterations} \\text{ iterations}` },
    ];
    return { answer: alpha, latex: texNumber(alpha), steps };
  },
  mistakes: [],
  grade(solved, parsed) {
    const spec = solved.spec as FigureStepSizeSpec;
    const lr = parsed as number;
    if (!(lr > 0)) {
      return gradeByTest('converges', false, 'Not right: a step size is a positive number.', { id: 'not-positive', message: 'With α ≤ 0 gradient descent does not go downhill.' });
    }
    if (works(spec, lr)) {
      const n = runWith(spec, lr, spec.within).iterations;
      return gradeByTest('converges', true, `Correct: with α = ${short(lr)} gradient descent converges in ${n} iteration${n === 1 ? '' : 's'} (at most ${spec.within}).`);
    }
    const far = runWith(spec, lr, spec.within * FOLLOW);
    const last = far.path[far.path.length - 1];
    const fn = compileSpecFunction(spec.f, spec.vars);
    const diverging = !last.every(Number.isFinite) || (!far.converged && !(fn.f(last) < fn.f(spec.x0)));
    if (diverging) {
      return gradeByTest('converges', false, `Not right: with α = ${short(lr)} gradient descent diverges.`, { id: 'diverges', message: 'Your step size is too large: the iterates overshoot further at every step and run away.' });
    }
    const ref = solved.solution.answer as number;
    const slow = far.converged ? `it takes ${far.iterations} iterations` : `it has not converged after ${far.iterations} iterations`;
    return lr < ref
      ? gradeByTest('converges', false, `Not right: with α = ${short(lr)} gradient descent converges too slowly (${slow}; at most ${spec.within} allowed).`, { id: 'too-small', message: 'Your step size is too small: every step is short, so it needs many of them.' })
      : gradeByTest('converges', false, `Not right: with α = ${short(lr)} gradient descent converges too slowly (${slow}; at most ${spec.within} allowed).`, { id: 'zigzag', message: 'Your step size is large enough to zigzag across the valley: it overshoots in the steep direction, which slows it down.' });
  },
  figure(solved) {
    const spec = solved.spec as FigureStepSizeSpec;
    return {
      mode: 'step-size',
      f: spec.f,
      vars: spec.vars,
      range: plotRange(spec.range, spec.x0),
      from: spec.x0,
      lr: spec.lr,
      within: spec.within,
      accuracy: `Any α with which gradient descent converges within ${spec.within} iterations is right.`,
    };
  },
  referencePath(solved) {
    const spec = solved.spec as FigureStepSizeSpec;
    return runWith(spec, solved.solution.answer as number, spec.within).path;
  },
};
