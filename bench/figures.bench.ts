/**
 * How long a figure redraw takes without the browser: sampling f on a 200×200 grid with
 * lib/math's compiled function, choosing the levels and tracing the contours, for the
 * course's figure functions. The bar is 50 ms per redraw. Run: npx tsx bench/figures.bench.ts
 */
import { contourLevels, contourPaths, makeFrame, sampleGrid, type Range } from '@/components/figures/plot';
import { fastFunction } from '@/components/figures/fast-eval';

const CASES: { name: string; f: string; range: Range }[] = [
  { name: 'report function', f: '85 - (1/90)*x^2*(x-6)*y^2*(y-6)', range: [-1, 7] },
  { name: 'Rosenbrock', f: '(1 - x)^2 + 100*(y - x^2)^2', range: [-2, 2] },
  { name: 'quadratic, κ = 100', f: '0.5*(x^2 + kappa*y^2)', range: [-1.5, 1.5] },
  { name: 'cubic', f: 'x^3 + y^3 + 2*x*y', range: [-3, 3] },
];
const N = 200;
const ROUNDS = 20;

for (const c of CASES) {
  const fn = fastFunction(c.f, ['x', 'y', 'kappa']);
  const frame = makeFrame(c.range);
  const redraw = () => {
    const grid = sampleGrid(fn, c.range, N, [100]);
    return contourPaths(grid, contourLevels(grid), frame);
  };
  for (let i = 0; i < 3; i++) redraw(); // warm-up (JIT)
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    redraw();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${c.name.padEnd(20)} ${N}×${N} grid + contours: median ${median.toFixed(1)} ms, worst ${times[times.length - 1].toFixed(1)} ms`);
}
