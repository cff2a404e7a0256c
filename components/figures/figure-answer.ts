/**
 * The pure part of a figure answer (components/figures/FigureInput.tsx): the text the figure
 * writes into the answer box, and the figure state it reads back from what the student typed.
 * The text box holds what is graded; the figure only ever writes text the server reads the
 * same way (lib/answers). No React here.
 */
import { readShaped } from '@/lib/answers';
import { niceStep, roundCoordinate, type Range } from './plot';

/** A number as the box shows it: no exponent for the figure's round values, never "−0". */
function num(v: number): string {
  return String(v === 0 ? 0 : v);
}

/** "(x, y)": a point or a direction, already rounded. */
export function vectorText(p: readonly number[]): string {
  return `(${p.map(num).join(', ')})`;
}

/** The two numbers of a typed point or direction, or null while the text cannot be read as one. */
export function readVector(text: string): [number, number] | null {
  if (text.trim() === '') return null;
  const r = readShaped(text, { shape: 'vector', size: [2], vars: [], labels: {} });
  if (!r.ok) return null;
  const v = r.value as number[];
  return v.every(Number.isFinite) ? [v[0], v[1]] : null;
}

/** The number of a typed step size, or null while it cannot be read as one. */
export function readNumber(text: string): number | null {
  if (text.trim() === '') return null;
  const r = readShaped(text, { shape: 'number', size: [], vars: [], labels: {} });
  return r.ok && Number.isFinite(r.value as number) ? (r.value as number) : null;
}

/** The direction an arrow from `from` to `tip` gives, rounded like the figure's coordinates. */
export function directionOf(from: readonly number[], tip: readonly number[], range: Range): [number, number] {
  const span = range[1] - range[0];
  return [roundCoordinate(tip[0] - from[0], span), roundCoordinate(tip[1] - from[1], span)];
}

/**
 * Where the arrow for direction d from `from` ends on the figure: from + d, shortened (same
 * direction: only the direction counts) so that the tip stays inside the plotted square.
 */
export function tipOf(from: readonly number[], d: readonly number[], range: Range): [number, number] {
  const [lo, hi] = range;
  let t = 1;
  for (let i = 0; i < 2; i++) {
    if (d[i] > 0) t = Math.min(t, (hi - from[i]) / d[i]);
    if (d[i] < 0) t = Math.min(t, (lo - from[i]) / d[i]);
  }
  t = Math.max(0, t);
  return [from[0] + t * d[0], from[1] + t * d[1]];
}

/** The slider's step over the step sizes [min, max]: a round number near a 500th of the range. */
export function sliderStep(lr: readonly [number, number]): number {
  return niceStep((lr[1] - lr[0]) / 500);
}

/** A step size on the slider's grid, as the box shows it (as many decimals as the step has). */
export function alphaText(alpha: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return num(Number(alpha.toFixed(decimals)));
}
