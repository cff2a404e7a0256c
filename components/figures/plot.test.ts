/** The shared drawing maths: grids, levels, marching squares, pixel mapping, ticks, numbers. */
import { describe, expect, it } from 'vitest';
import { CONTOUR_SCALE, contourLevels, contourPaths, fmt, fmtPoint, makeFrame, sampleGrid, ticks, toData, toPixel } from './plot';

const frame = makeFrame([-2, 2], 320, 30);
const radius = (p: [number, number]) => Math.hypot(...p);

/** Every point of a path string, back in data coordinates. */
function points(d: string): [number, number][] {
  return [...d.matchAll(/[ML](-?\d+) (-?\d+)/g)].map((m) => toData(frame, Number(m[1]) / CONTOUR_SCALE, Number(m[2]) / CONTOUR_SCALE));
}

describe('pixel mapping', () => {
  it('puts the range corners at the plotting area corners, y upwards', () => {
    expect(toPixel(frame, -2, -2)).toEqual([30, 290]);
    expect(toPixel(frame, 2, 2)).toEqual([314, 6]);
  });
  it('toData inverts toPixel', () => {
    const [x, y] = toData(frame, ...toPixel(frame, 0.7, -1.3));
    expect(x).toBeCloseTo(0.7, 12);
    expect(y).toBeCloseTo(-1.3, 12);
  });
});

describe('sampleGrid', () => {
  it('samples corners and centre, with extra parameters after x and y', () => {
    const g = sampleGrid((p) => p[0] + 10 * p[1] + 100 * p[2], [-1, 1], 3, [2]);
    expect(Array.from(g.xs)).toEqual([-1, 0, 1]);
    expect(g.values[0]).toBe(-1 - 10 + 200); // (−1, −1)
    expect(g.values[2]).toBe(1 - 10 + 200); // (1, −1)
    expect(g.values[4]).toBe(200); // (0, 0)
  });
  it('stores non-finite values as NaN', () => {
    const g = sampleGrid((p) => 1 / p[0], [-1, 1], 3);
    expect(Number.isNaN(g.values[1])).toBe(true);
  });
});

describe('contours', () => {
  it('the level-1 curve of x² + y² lies on the unit circle and goes all the way round', () => {
    const g = sampleGrid((p) => p[0] * p[0] + p[1] * p[1], [-2, 2], 200);
    const [d] = contourPaths(g, [1], frame);
    const pts = points(d);
    expect(pts.length).toBeGreaterThan(200);
    for (const p of pts) expect(Math.abs(radius(p) - 1)).toBeLessThan(0.01);
    const angles = new Set(pts.map(([x, y]) => Math.floor(((Math.atan2(y, x) + Math.PI) / (2 * Math.PI)) * 36)));
    expect(angles.size).toBe(36);
  });
  it('a level outside the values draws nothing; a level of a plane is a straight line', () => {
    const g = sampleGrid((p) => p[0] + p[1], [-2, 2], 50);
    const [none, line] = contourPaths(g, [10, 1], frame);
    expect(none).toBe('');
    for (const [x, y] of points(line)) expect(x + y).toBeCloseTo(1, 1);
  });
  it('skips cells with a NaN corner', () => {
    const g = sampleGrid((p) => (p[0] > 0 ? NaN : p[1]), [-2, 2], 41);
    for (const [x] of points(contourPaths(g, [0], frame)[0])) expect(x).toBeLessThanOrEqual(0.01);
  });
  it('levels rise, lie inside the values and crowd towards the low end', () => {
    const g = sampleGrid((p) => p[0] * p[0] + p[1] * p[1], [-2, 2], 100);
    const L = contourLevels(g, 10);
    expect(L.length).toBe(10);
    for (let k = 1; k < L.length; k++) expect(L[k]).toBeGreaterThan(L[k - 1]);
    expect(L[0]).toBeGreaterThan(0);
    expect(L[L.length - 1]).toBeLessThan(8);
    expect(L[1] - L[0]).toBeLessThan(L[9] - L[8]);
    expect(contourLevels(sampleGrid(() => NaN, [0, 1], 4))).toEqual([]);
  });
});

describe('ticks and numbers', () => {
  it('picks round ticks', () => {
    expect(ticks(-2, 2)).toEqual([-2, -1, 0, 1, 2]);
    expect(ticks(-1.5, 1.5)).toEqual([-1.5, -1, -0.5, 0, 0.5, 1, 1.5]);
    expect(ticks(0, 400)).toEqual([0, 100, 200, 300, 400]);
  });
  it('formats numbers with a true minus sign', () => {
    expect(fmt(-0.59464)).toBe('−0.595');
    expect(fmt(4.2667, 5)).toBe('4.2667');
    expect(fmt(1.5e-6)).toBe('1.50e−6');
    expect(fmt(-0)).toBe('0');
    expect(fmtPoint([1, -1])).toBe('(1, −1)');
  });
});
