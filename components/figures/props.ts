/**
 * Reading a figure's lesson props (JSON literals checked only by name in check-content)
 * into the shapes the figures need, with safe defaults for anything missing or malformed.
 */
import type { Range } from './plot';

/** The props a lesson gives a figure, as they arrive from the MDX. */
export type FigureProps = Record<string, unknown>;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `range` as [min, max] with min < max, else the fallback. */
export function readRange(v: unknown, fallback: Range = [-2, 2]): Range {
  return Array.isArray(v) && v.length === 2 && isNum(v[0]) && isNum(v[1]) && v[0] < v[1] ? [v[0], v[1]] : fallback;
}

/** A point [x, y], else the fallback. */
export function readPoint(v: unknown, fallback: number[]): number[] {
  return Array.isArray(v) && v.length === 2 && v.every(isNum) ? [v[0], v[1]] : fallback;
}

/** One point or a list of points, always as a list (empty when malformed). */
export function readPoints(v: unknown): number[][] {
  if (Array.isArray(v) && v.length === 2 && v.every(isNum)) return [[v[0], v[1]]];
  return Array.isArray(v) ? v.filter((p) => Array.isArray(p) && p.length === 2 && p.every(isNum)).map((p) => [p[0], p[1]]) : [];
}

/** `vars`, default ["x", "y"]. */
export function readVars(v: unknown): string[] {
  return Array.isArray(v) && v.length === 2 && v.every((s) => typeof s === 'string') ? [v[0], v[1]] : ['x', 'y'];
}

/** A string prop, else the fallback. */
export function readString(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

/** A positive number, else undefined. */
export function readPositive(v: unknown): number | undefined {
  return isNum(v) && v > 0 ? v : undefined;
}

/** A number or a list of numbers, as a list of the positive ones. */
export function readNumberList(v: unknown): number[] {
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x): x is number => isNum(x) && x > 0);
}

/** A 2×2 numeric matrix, else the fallback. */
export function readMatrix(v: unknown, fallback: number[][]): number[][] {
  const ok = Array.isArray(v) && v.length === 2 && v.every((row) => Array.isArray(row) && row.length === 2 && row.every(isNum));
  return ok ? (v as number[][]).map((row) => [...row]) : fallback;
}
