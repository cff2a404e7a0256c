/**
 * The pure drawing maths shared by every figure: sampling a function on a square grid,
 * choosing contour levels, tracing level curves with marching squares, and mapping data
 * coordinates to SVG pixels. No React here, so the bench can time it on its own.
 */

/** [min, max] of both axes. */
export type Range = readonly [number, number];

/** Values of a function on an n×n grid over range²; values[j * n + i] is at (xs[i], xs[j]). */
export interface Grid {
  n: number;
  range: Range;
  xs: Float64Array;
  values: Float64Array;
}

/** The SVG layout of one plot: a square viewBox of `size` with `margin` left and below for the axes. */
export interface Frame {
  size: number;
  margin: number;
  range: Range;
}

/** The frame every figure panel uses. */
export function makeFrame(range: Range, size = 320, margin = 30): Frame {
  return { size, margin, range };
}

/** Width (and height) in pixels of the plotting area of a frame. */
function inner(frame: Frame): number {
  return frame.size - frame.margin - 6;
}

/** Pixel position of the data point (x, y); y grows upwards in data, downwards on screen. */
export function toPixel(frame: Frame, x: number, y: number): [number, number] {
  const [lo, hi] = frame.range;
  const w = inner(frame);
  return [frame.margin + ((x - lo) / (hi - lo)) * w, 6 + ((hi - y) / (hi - lo)) * w];
}

/** Data point under the pixel (px, py); the inverse of toPixel. */
export function toData(frame: Frame, px: number, py: number): [number, number] {
  const [lo, hi] = frame.range;
  const w = inner(frame);
  return [lo + ((px - frame.margin) / w) * (hi - lo), hi - ((py - 6) / w) * (hi - lo)];
}

/**
 * Samples fn on an n×n grid over range × range (n ≥ 2); fn gets the point as a reused
 * Float64Array [x, y, ...extra] (extra: fixed parameters such as κ). Non-finite values are
 * stored as NaN.
 */
export function sampleGrid(fn: (p: Float64Array) => number, range: Range, n = 200, extra: readonly number[] = []): Grid {
  const [lo, hi] = range;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = lo + ((hi - lo) * i) / (n - 1);
  const values = new Float64Array(n * n);
  const p = new Float64Array(2 + extra.length);
  p.set(extra, 2);
  for (let j = 0; j < n; j++) {
    p[1] = xs[j];
    for (let i = 0; i < n; i++) {
      p[0] = xs[i];
      const v = fn(p);
      values[j * n + i] = Number.isFinite(v) ? v : NaN;
    }
  }
  return { n, range, xs, values };
}

/**
 * `count` contour levels at evenly spaced quantiles of the grid's finite values, so curves
 * spread over the picture even when f spans many orders of magnitude (Rosenbrock). Levels
 * that coincide are dropped.
 */
export function contourLevels(grid: Grid, count = 14): number[] {
  // Quantiles of an evenly strided sample (about 5000 values) are as good and ten times cheaper to sort.
  const stride = Math.max(1, Math.floor(grid.values.length / 5000));
  const finite = grid.values.filter((v, k) => k % stride === 0 && !Number.isNaN(v)).sort();
  if (finite.length === 0) return [];
  const levels: number[] = [];
  for (let k = 1; k <= count; k++) {
    // Quantiles squeezed towards the low end: minima are what the figures are about.
    const q = (k / (count + 1)) ** 2;
    const v = finite[Math.min(finite.length - 1, Math.floor(q * finite.length))];
    if (levels.length === 0 || v > levels[levels.length - 1] + 1e-12 * Math.max(1, Math.abs(v))) levels.push(v);
  }
  return levels;
}

/** Units per pixel of contour path data: whole numbers print faster and shorter than decimals. */
export const CONTOUR_SCALE = 10;

/** A pixel coordinate in whole contour units (tenths of a pixel). */
function r(v: number): number {
  return Math.round(v * CONTOUR_SCALE);
}

/**
 * The level curves of the grid at each level as SVG path data in whole tenths of the
 * frame's pixels (draw them scaled by 1/CONTOUR_SCALE)
 * (marching squares with linear interpolation; the two saddle cases are split by the cell
 * centre's average). Cells with a NaN corner are skipped.
 */
export function contourPaths(grid: Grid, levels: readonly number[], frame: Frame): string[] {
  const { n, xs, values } = grid;
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    px[i] = toPixel(frame, xs[i], 0)[0];
    py[i] = toPixel(frame, 0, xs[i])[1];
  }
  return levels.map((level) => {
    const out: string[] = [];
    // Crossing points on a horizontal edge (row j, between columns i and i+1) and on a
    // vertical edge (column i, between rows j and j+1), with the corner values a and b.
    const hx = (i: number, j: number, a: number, b: number) => r(px[i] + ((level - a) / (b - a)) * (px[i + 1] - px[i])) + ' ' + r(py[j]);
    const vy = (i: number, j: number, a: number, b: number) => r(px[i]) + ' ' + r(py[j] + ((level - a) / (b - a)) * (py[j + 1] - py[j]));
    for (let j = 0; j < n - 1; j++) {
      for (let i = 0; i < n - 1; i++) {
        const a = values[j * n + i]; // (i, j)
        const b = values[j * n + i + 1]; // (i+1, j)
        const c = values[(j + 1) * n + i + 1]; // (i+1, j+1)
        const d = values[(j + 1) * n + i]; // (i, j+1)
        const code = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (c > level ? 4 : 0) | (d > level ? 8 : 0);
        if (code === 0 || code === 15 || Number.isNaN(a + b + c + d)) continue;
        switch (code) {
          case 1: case 14: out.push('M' + vy(i, j, a, d) + 'L' + hx(i, j, a, b)); break;
          case 2: case 13: out.push('M' + hx(i, j, a, b) + 'L' + vy(i + 1, j, b, c)); break;
          case 3: case 12: out.push('M' + vy(i, j, a, d) + 'L' + vy(i + 1, j, b, c)); break;
          case 4: case 11: out.push('M' + vy(i + 1, j, b, c) + 'L' + hx(i, j + 1, d, c)); break;
          case 6: case 9: out.push('M' + hx(i, j, a, b) + 'L' + hx(i, j + 1, d, c)); break;
          case 7: case 8: out.push('M' + vy(i, j, a, d) + 'L' + hx(i, j + 1, d, c)); break;
          default: {
            // Codes 5 (a, c high) and 10 (b, d high): the cell centre's average decides
            // whether the high corners join through the middle.
            const centreHigh = (a + b + c + d) / 4 > level;
            if ((code === 5) === centreHigh) {
              out.push('M' + vy(i, j, a, d) + 'L' + hx(i, j + 1, d, c));
              out.push('M' + hx(i, j, a, b) + 'L' + vy(i + 1, j, b, c));
            } else {
              out.push('M' + vy(i, j, a, d) + 'L' + hx(i, j, a, b));
              out.push('M' + vy(i + 1, j, b, c) + 'L' + hx(i, j + 1, d, c));
            }
          }
        }
      }
    }
    return out.join('');
  });
}

/** About `count` round tick values inside [lo, hi] (steps of 1, 2 or 5 × 10^k). */
export function ticks(lo: number, hi: number, count = 5): number[] {
  const raw = (hi - lo) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  // The round step whose tick count is closest to the one asked for.
  const step = [1, 2, 5, 10].map((k) => k * p).reduce((best, s) => (Math.abs((hi - lo) / s - count) < Math.abs((hi - lo) / best - count) ? s : best));
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  return out;
}

/** A number for people: up to `digits` significant digits, no trailing noise ("−" for minus). */
export function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(digits - 1).replace(/-/g, '−');
  const s = Number(v.toPrecision(digits)).toString();
  return s === '-0' ? '0' : s.replace('-', '−');
}

/** "(x, y)" with fmt. */
export function fmtPoint(p: readonly number[], digits = 3): string {
  return `(${p.map((v) => fmt(v, digits)).join(', ')})`;
}

/** The round number (1, 2 or 5 × 10^k) nearest to v > 0: the arrow keys' step. */
export function niceStep(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((k) => k * p).reduce((best, s) => (Math.abs(s - v) < Math.abs(best - v) ? s : best));
}

/** The power of ten a moved coordinate is rounded to on a plot of width `span`: the one near span/400. */
export function coordinateQuantum(span: number): number {
  return 10 ** Math.floor(Math.log10(span / 400));
}

/** Rounds a moved coordinate to coordinateQuantum(span), so the text stays readable. */
export function roundCoordinate(v: number, span: number): number {
  const q = coordinateQuantum(span);
  const r = Number((Math.round(v / q) * q).toFixed(Math.max(0, -Math.log10(q))));
  return r === 0 ? 0 : r; // never −0
}
