/**
 * `figure-direction`: a direction drawn on the contour figure as an arrow from the point
 * `at` (or typed as a vector) — the steepest-descent direction, the Newton direction, or a
 * direction of negative curvature. Only the direction counts, never the length.
 *
 * - `steepest-descent` (−∇f) and `newton` (−H⁻¹∇f): correct when the angle between the
 *   answer and the reference is at most `angle` degrees (default 8); the sign matters.
 * - `negative-curvature`: with λmin < 0 the most negative eigenvalue of H(at) and v its unit
 *   eigenvector, d is correct when its curvature r(d) = dᵀHd / ‖d‖² is at most λmin / 10
 *   (clearly negative: a tenth of the most negative curvature or more), or when d is within
 *   `angle` of ±v and r(d) < 0. Either sign of d is right (−d has the same curvature).
 * The zero vector is not a direction: it cannot be read (and is not an attempt).
 */
import { z } from 'zod';
import { readShaped } from '@/lib/answers';
import { dot, matVec, norm2, scale, symEig } from '@/lib/math';
import { baseSpec, fnField, requireSpec, vecField } from '../spec';
import { texMatrix, texNumber, texVector } from '../latex';
import { compileSpecFunction, evaluateAt, texAt, texFnDef } from '../calculus';
import { newtonAt } from '../newton-step';
import { angleBetween, gradeByTest, plotRange, rangeField, requireInside, short, twoVarsField } from '../figure';
import type { Diagnosis, ExerciseKind, Step } from '../types';

const TARGETS = ['negative-curvature', 'steepest-descent', 'newton'] as const;

const schema = baseSpec.extend({
  kind: z.literal('figure-direction'),
  f: fnField,
  vars: twoVarsField,
  at: vecField(2),
  target: z.enum(TARGETS, { error: `expected one of ${TARGETS.map((t) => `"${t}"`).join(', ')}` }),
  angle: z.number({ error: 'expected an angle in degrees, e.g. 8' }).positive('must be positive').max(45, 'at most 45 degrees').optional(),
  range: rangeField,
});
export type FigureDirectionSpec = z.infer<typeof schema>;

/** The default angle tolerance, in degrees. */
export const DEFAULT_ANGLE = 8;
/** A negative-curvature answer needs dᵀHd/‖d‖² ≤ λmin · this. */
export const CURVATURE_MARGIN = 0.1;

interface Local {
  g: number[];
  H: number[][];
}

function localAt(spec: FigureDirectionSpec): Local {
  const fn = compileSpecFunction(spec.f, spec.vars);
  const g = evaluateAt('at', 'the gradient', () => fn.grad(spec.at));
  const H = evaluateAt('at', 'the Hessian', () => fn.hess(spec.at));
  return { g, H };
}

function unit(v: number[]): number[] {
  return scale(v, 1 / norm2(v));
}

/** Curvature of f along d at the point: dᵀHd / ‖d‖². */
export function curvatureAlong(H: number[][], d: number[]): number {
  return dot(d, matVec(H, d)) / dot(d, d);
}

function negativeEigen(H: number[][]): { lmin: number; v: number[]; lmax: number; w: number[] } {
  const { values, vectors } = symEig(H);
  return { lmin: values[0], v: vectors[0], lmax: values[values.length - 1], w: vectors[vectors.length - 1] };
}

/** The reference unit direction of a spec (SpecError when it is not defined). */
function reference(spec: FigureDirectionSpec): number[] {
  const { g, H } = localAt(spec);
  const where = `(${spec.at.join(', ')})`;
  if (spec.target === 'negative-curvature') {
    const { lmin, v } = negativeEigen(H);
    requireSpec(lmin < -1e-9, 'at', `the Hessian at ${where} has no negative eigenvalue, so there is no direction of negative curvature`);
    return v;
  }
  requireSpec(norm2(g) > 1e-12, 'at', `the gradient vanishes at ${where}, so no ${spec.target === 'newton' ? 'Newton' : 'steepest-descent'} direction is defined`);
  if (spec.target === 'steepest-descent') return unit(scale(g, -1));
  return unit(newtonAt(compileSpecFunction(spec.f, spec.vars), spec.at, 'at').p);
}

function angleOf(spec: FigureDirectionSpec): number {
  return spec.angle ?? DEFAULT_ANGLE;
}

const MISTAKES: { id: string; message: string; applies: FigureDirectionSpec['target'][]; direction(spec: FigureDirectionSpec, l: Local): number[] }[] = [
  { id: 'ascent', message: 'Your arrow points uphill, along +∇f: the steepest-descent direction is −∇f.', applies: ['steepest-descent'], direction: (_s, l) => l.g },
  { id: 'newton-direction', message: 'You drew the Newton direction −H⁻¹∇f; steepest descent is −∇f, across the contours.', applies: ['steepest-descent'], direction: (s) => newtonAt(compileSpecFunction(s.f, s.vars), s.at, 'at').p },
  { id: 'gradient-direction', message: 'You drew −∇f, the steepest-descent direction; Newton scales it by H⁻¹.', applies: ['newton'], direction: (_s, l) => scale(l.g, -1) },
  { id: 'wrong-sign', message: 'Your arrow points the wrong way: the Newton direction is −H⁻¹∇f, not +H⁻¹∇f.', applies: ['newton'], direction: (s) => scale(newtonAt(compileSpecFunction(s.f, s.vars), s.at, 'at').p, -1) },
  { id: 'hessian-not-inverse', message: 'You drew −H∇f: the Newton direction solves H p = −∇f (it uses H⁻¹, not H).', applies: ['newton'], direction: (_s, l) => scale(matVec(l.H, l.g), -1) },
];

function worked(spec: FigureDirectionSpec, ref: number[]): Step[] {
  const { g, H } = localAt(spec);
  const at = texAt(spec.at);
  const first = { title: 'Gradient and Hessian at the point', latex: `\\nabla f${at} = ${texVector(g)},\\quad H${at} = ${texMatrix(H)}` };
  if (spec.target === 'negative-curvature') {
    const { lmin } = negativeEigen(H);
    return [
      first,
      { title: 'The most negative eigenvalue and its eigenvector', latex: `\\lambda_{\\min} = ${texNumber(lmin)},\\quad v = \\pm${texVector(ref)}` },
      { title: 'Any d with clearly negative curvature is right', latex: `\\frac{d^\\top H d}{d^\\top d} \\le ${texNumber(lmin * CURVATURE_MARGIN)} \\text{ or } \\angle(d, \\pm v) \\le ${angleOf(spec)}^\\circ \\text{ with } d^\\top H d < 0` },
    ];
  }
  const step =
    spec.target === 'steepest-descent'
      ? { title: 'Steepest descent is against the gradient', latex: `-\\nabla f${at} = ${texVector(scale(g, -1))} \\;\\propto\\; ${texVector(ref)}` }
      : { title: 'Solve H p = −∇f for the Newton direction', latex: `p = ${texVector(newtonAt(compileSpecFunction(spec.f, spec.vars), spec.at, 'at').p)} \\;\\propto\\; ${texVector(ref)}` };
  return [first, step, { title: 'Only the direction counts', latex: `\\angle(d, p) \\le ${angleOf(spec)}^\\circ` }];
}

export const kind: ExerciseKind<FigureDirectionSpec, number[]> = {
  kind: 'figure-direction',
  version: 1,
  title: 'A direction on the contour figure',
  description:
    'The student draws an arrow from `at` on the contour plot (or types a vector): the steepest-descent direction, the Newton direction, or a direction of negative curvature. Only the direction counts; within `angle` degrees (default 8).',
  schema,
  shape: () => 'vector',
  prompt(spec) {
    const fn = compileSpecFunction(spec.f, spec.vars);
    const on = `of $${texFnDef(fn, spec.vars)}$ at $${texAt(spec.at)}$`;
    const how = ' Place the tip of the arrow on the figure (click or tap; arrow keys move it) or type the direction as a vector; its length does not matter.';
    const what =
      spec.target === 'negative-curvature'
        ? `Give a direction of negative curvature ${on}: a $d$ with $d^\\top H d < 0$.`
        : spec.target === 'steepest-descent'
          ? `Give the direction of steepest descent ${on}.`
          : `Give the direction of the Newton step ${on}.`;
    return what + how;
  },
  solve(spec) {
    requireInside(spec.at, plotRange(spec.range, spec.at), 'at');
    const ref = reference(spec);
    return { answer: ref, latex: spec.target === 'negative-curvature' ? `\\pm${texVector(ref)}` : texVector(ref), steps: worked(spec, ref) };
  },
  mistakes: [],
  read(solved, text) {
    const read = readShaped(text, { shape: 'vector', size: [2], vars: [], labels: {} });
    if (!read.ok) return read;
    const d = read.value as number[];
    if (d.every((v) => v === 0)) {
      return { ok: false, message: 'The zero vector has no direction: give a non-zero vector such as [1, -2].', start: 0, end: text.length };
    }
    return { ok: true, value: d };
  },
  grade(solved, parsed) {
    const spec = solved.spec as FigureDirectionSpec;
    const d = parsed as number[];
    const ref = solved.solution.answer as number[];
    const limit = angleOf(spec);
    const local = localAt(spec);
    if (spec.target === 'negative-curvature') {
      const { lmin, w } = negativeEigen(local.H);
      const r = curvatureAlong(local.H, d);
      const near = Math.min(angleBetween(d, ref), angleBetween(d, scale(ref, -1))) <= limit;
      const passed = r <= lmin * CURVATURE_MARGIN || (near && r < 0);
      if (passed) return gradeByTest('curvature', true, `Correct: the curvature along your direction is dᵀHd/‖d‖² = ${short(r)} < 0.`);
      if (r <= 0) {
        return gradeByTest('curvature', false, `Not right: the curvature along your direction, ${short(r)}, is too close to zero; turn it towards the eigenvector of the most negative eigenvalue.`, { id: 'nearly-flat', message: 'Your direction has almost zero curvature: it lies near the boundary between the directions of positive and negative curvature.' });
      }
      const mistake: Diagnosis =
        Math.min(angleBetween(d, w), angleBetween(d, scale(w, -1))) <= limit
          ? { id: 'largest-eigenvector', message: 'You drew the eigenvector of the largest eigenvalue: along it f curves upward the most.' }
          : { id: 'positive-curvature', message: 'Along your direction dᵀHd > 0: f curves upward there; negative curvature is where it curves downward.' };
      return gradeByTest('curvature', false, `Not right: the curvature along your direction is dᵀHd/‖d‖² = ${short(r)} > 0.`, mistake);
    }
    const passed = angleBetween(d, ref) <= limit;
    let mistake: Diagnosis | undefined;
    if (!passed) {
      for (const m of MISTAKES) {
        if (!m.applies.includes(spec.target)) continue;
        let wrong: number[];
        try {
          wrong = m.direction(spec, local);
        } catch {
          continue;
        }
        if (norm2(wrong) > 0 && angleBetween(wrong, ref) > limit && angleBetween(d, wrong) <= limit) {
          mistake = { id: m.id, message: m.message };
          break;
        }
      }
    }
    const what = spec.target === 'newton' ? 'the Newton direction' : 'the steepest-descent direction';
    return gradeByTest('angle', passed, passed ? `Correct: your direction is within ${limit}° of ${what}.` : `Not right: your direction is more than ${limit}° from ${what}.`, mistake);
  },
  figure(solved) {
    const spec = solved.spec as FigureDirectionSpec;
    return { mode: 'direction', f: spec.f, vars: spec.vars, range: plotRange(spec.range, spec.at), from: spec.at, accuracy: spec.target === 'negative-curvature' ? 'Any direction of clearly negative curvature is right; its length does not matter.' : `Within ${angleOf(spec)}° of the direction; its length does not matter.` };
  },
  referencePath(solved) {
    const spec = solved.spec as FigureDirectionSpec;
    const [lo, hi] = plotRange(spec.range, spec.at);
    const tip = (solved.solution.answer as number[]).map((v, i) => spec.at[i] + v * 0.25 * (hi - lo));
    return [spec.at, tip];
  },
};
