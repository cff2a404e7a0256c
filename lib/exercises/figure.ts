/**
 * Helpers shared by the figure-answer kinds (figure-point, figure-direction,
 * figure-step-size): the plotted square, the figure descriptor the browser draws from,
 * and the grade of an answer judged by one test (a distance, an angle, a run).
 * The reference answer never enters the descriptor.
 */
import { z } from 'zod';
import { dot, norm2 } from '@/lib/math';
import { requireSpec } from './spec';
import type { Check, Diagnosis, Grade } from './types';

/** The plotted square [lo, hi] (both axes): two finite numbers with lo < hi. */
export const rangeField = z
  .tuple([z.number().finite(), z.number().finite()], { error: 'expected the plotted square as [lo, hi], e.g. [-2, 2]' })
  .refine(([lo, hi]) => lo < hi, 'the range must be [lo, hi] with lo < hi')
  .optional();

/** Two variables exactly (a figure is a plane). */
export const twoVarsField = z
  .array(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a variable is a name such as x, y or x1'), {
    error: 'expected two variable names, e.g. ["x", "y"]',
  })
  .length(2, 'a figure answer needs exactly two variables (the figure is a plane)')
  .refine((vs) => vs[0] !== vs[1], 'the variables must be distinct');

/**
 * The plotted square: the author's `range`, or one that depends only on the given point
 * (never on the answer): [−r, r] with r = 1.6·max(1, |p₁|, |p₂|).
 */
export function plotRange(range: [number, number] | undefined, given: readonly number[]): [number, number] {
  if (range) return range;
  const reach = Math.max(1, ...given.map(Math.abs)) * 1.6;
  return [-reach, reach];
}

/** Throws SpecError('range', …) unless `p` lies inside the plotted square. */
export function requireInside(p: readonly number[], range: [number, number], what: string): void {
  const [lo, hi] = range;
  requireSpec(
    p.every((v) => v >= lo && v <= hi),
    'range',
    `${what} (${p.map((v) => Number(v.toPrecision(6))).join(', ')}) lies outside the plotted square [${lo}, ${hi}]²; give a wider range`,
  );
}

/** Euclidean distance between two points. */
export function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(...a.map((v, i) => v - b[i]));
}

/** The angle in degrees between two non-zero vectors, 0..180. */
export function angleBetween(a: readonly number[], b: readonly number[]): number {
  const c = dot([...a], [...b]) / (norm2([...a]) * norm2([...b]));
  return (Math.acos(Math.max(-1, Math.min(1, c))) * 180) / Math.PI;
}

/** A number for a sentence: at most 4 significant figures. */
export function short(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/**
 * The grade of an answer judged by one test: right or wrong as a whole (score 1 or 0), the
 * check `name`, the feedback sentence, and the first mistake that also passes the test.
 */
export function gradeByTest(
  name: string,
  passed: boolean,
  feedback: string,
  mistake?: Diagnosis,
): Grade {
  const trail: Check[] = [{ name, passed }];
  const grade: Grade = { correct: passed, score: passed ? 1 : 0, feedback: [feedback], trail };
  if (!passed && mistake) {
    grade.diagnosis = mistake;
    trail.push({ name: `mistake:${mistake.id}`, passed: true });
  }
  return grade;
}
