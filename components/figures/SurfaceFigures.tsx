'use client';
/**
 * The figures about one function near a point: level-curves (gradient arrows),
 * curvature-slices (the cut along a direction and its curvature uᵀHu), quadratic-bowl
 * (½xᵀAx for an editable matrix with its eigenvectors), critical-points (marked and
 * classified) and taylor-model (f beside its quadratic model around a movable point).
 */
import { useId, useMemo, useState } from 'react';
import { compileFunction, definiteness, symEig, type CompiledFunction, type Mat, type Vec } from '@/lib/math';
import { Axes, GRID_N, LiveText, PathLine, Plot, useFrame, useGrid } from './Plot';
import { contourLevels, fmt, fmtPoint, sampleGrid, ticks, toPixel, type Frame } from './plot';
import { readMatrix, readPoint, readPoints, readRange, readString, readVars, type FigureProps } from './props';

/** f compiled by lib/math, or null when the text does not compile. */
function useCompiled(f: string, vars: string[]): CompiledFunction | null {
  const key = vars.join(',');
  return useMemo(() => {
    try {
      return compileFunction(f, key.split(','));
    } catch {
      return null;
    }
  }, [f, key]);
}

/** "[a, b; c, d]" for a 2×2 matrix. */
function fmtMatrix(A: Mat): string {
  return `[${A.map((row) => row.map((v) => fmt(v)).join(', ')).join('; ')}]`;
}

/** An arrow from (x, y) along (dx, dy) in data units, as SVG path data with a small head. */
function arrow(frame: Frame, x: number, y: number, dx: number, dy: number): string {
  const [x0, y0] = toPixel(frame, x, y);
  const [x1, y1] = toPixel(frame, x + dx, y + dy);
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (len < 1e-6) return '';
  const ux = (x1 - x0) / len;
  const uy = (y1 - y0) / len;
  const h = Math.min(6, len / 2);
  const a = [x1 - h * ux + h * 0.5 * uy, y1 - h * uy - h * 0.5 * ux];
  const b = [x1 - h * ux - h * 0.5 * uy, y1 - h * uy + h * 0.5 * ux];
  const p = (q: number[]) => q.map((v) => v.toFixed(1)).join(' ');
  return `M${p([x0, y0])}L${p([x1, y1])}M${p(a)}L${p([x1, y1])}L${p(b)}`;
}

/** Common props of the function figures. */
function readFunctionProps(props: FigureProps) {
  const range = readRange(props.range, [-2, 2]);
  const mid = (range[0] + range[1]) / 2;
  return {
    f: readString(props.f, 'x^2 + y^2'),
    vars: readVars(props.vars),
    range,
    point: readPoint(props.point ?? props.at, [mid, mid]),
  };
}

/** Contours of f with a field of gradient arrows and ∇f at a movable point. */
export function LevelCurves(props: FigureProps) {
  const { f, vars, range, point: initial } = readFunctionProps(props);
  const [point, setPoint] = useState(initial);
  const textId = useId();
  const fn = useCompiled(f, vars);
  const frame = useFrame(range);
  const { grid } = useGrid(f, vars, frame.range);
  const field = useMemo(() => {
    if (!fn) return '';
    const { range } = frame;
    const k = 9;
    const step = (range[1] - range[0]) / k;
    const pts: { x: number; y: number; g: Vec }[] = [];
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      const x = range[0] + (i + 0.5) * step;
      const y = range[0] + (j + 0.5) * step;
      pts.push({ x, y, g: fn.grad([x, y]) });
    }
    const big = Math.max(...pts.map((p) => Math.hypot(p.g[0], p.g[1])).filter(Number.isFinite), 1e-12);
    return pts.map((p) => arrow(frame, p.x, p.y, (p.g[0] / big) * step * 0.9, (p.g[1] / big) * step * 0.9)).join('');
  }, [fn, frame]);
  if (!fn) return <p className="figure-error">The function “{f}” could not be read.</p>;
  const g = fn.grad(point);
  const norm = Math.hypot(g[0], g[1]);
  const span = range[1] - range[0];
  return (
    <div className="figure-live-part">
      <Plot frame={frame} label={`Contour plot of f(${vars.join(', ')}) with gradient arrows.`} grid={grid} point={point} onPoint={setPoint} describedBy={textId}>
        <path d={field} className="grad-field" />
        {norm > 0 && <path d={arrow(frame, point[0], point[1], (g[0] / norm) * span * 0.12, (g[1] / norm) * span * 0.12)} className="grad-here" />}
      </Plot>
      <LiveText id={textId}>
        At {fmtPoint(point)}: f = {fmt(fn.f(point), 4)}, ∇f = {fmtPoint(g, 4)}, ‖∇f‖ = {fmt(norm, 4)}
        {norm > 0 ? `; steepest ascent along ${fmtPoint([g[0] / norm, g[1] / norm])}, at right angles to the level curve.` : '; the gradient is zero here (a critical point).'}
      </LiveText>
    </div>
  );
}

/** The cut of f through a point along a direction the student turns, with its curvature uᵀHu. */
export function CurvatureSlices(props: FigureProps) {
  const { f, vars, range, point: initial } = readFunctionProps(props);
  const [point, setPoint] = useState(initial);
  const [angle, setAngle] = useState(0);
  const textId = useId();
  const fn = useCompiled(f, vars);
  const frame = useFrame(range);
  const { grid } = useGrid(f, vars, frame.range);
  if (!fn) return <p className="figure-error">The function “{f}” could not be read.</p>;
  const th = (angle * Math.PI) / 180;
  const u = [Math.cos(th), Math.sin(th)];
  const g = fn.grad(point);
  const Hm = fn.hess(point);
  const slope = g[0] * u[0] + g[1] * u[1];
  const curv = u[0] * (Hm[0][0] * u[0] + Hm[0][1] * u[1]) + u[1] * (Hm[1][0] * u[0] + Hm[1][1] * u[1]);
  const eig = Hm.every((row) => row.every(Number.isFinite)) ? symEig(Hm) : null;
  const reach = (range[1] - range[0]) / 2;
  // The slice t ↦ f(a + t u) and its parabola f(a) + slope·t + ½ curv·t².
  const f0 = fn.f(point);
  const ts = Array.from({ length: 121 }, (_, i) => -reach + (2 * reach * i) / 120);
  const cut = ts.map((t) => fn.f([point[0] + t * u[0], point[1] + t * u[1]]));
  const para = ts.map((t) => f0 + slope * t + 0.5 * curv * t * t);
  const finite = cut.filter(Number.isFinite);
  const yMin = Math.min(...finite);
  const yMax = Math.max(...finite);
  const sw = 320;
  const sm = { left: 44, right: 8, top: 8, bottom: 26 };
  const sx = (t: number) => sm.left + ((t + reach) / (2 * reach)) * (sw - sm.left - sm.right);
  const sy = (v: number) => sm.top + ((yMax - v) / (yMax - yMin || 1)) * (sw - sm.top - sm.bottom);
  const line = (vals: number[]) =>
    vals.map((v, i) => (i === 0 ? 'M' : 'L') + sx(ts[i]).toFixed(1) + ' ' + Math.min(sw + 200, Math.max(-200, sy(v))).toFixed(1)).join('');
  return (
    <div className="figure-live-part">
      <div className="figure-controls">
        <label>
          Direction θ = {angle}°
          <input type="range" min={0} max={179} step={1} value={angle} aria-valuetext={`θ = ${angle} degrees, u = ${fmtPoint(u)}`} onChange={(e) => setAngle(Number(e.target.value))} />
        </label>
      </div>
      <div className="figure-panels">
        <Plot frame={frame} label={`Contour plot of f(${vars.join(', ')}) with the cutting line.`} grid={grid} point={point} onPoint={setPoint} describedBy={textId}>
          <PathLine frame={frame} points={[[point[0] - reach * 2 * u[0], point[1] - reach * 2 * u[1]], [point[0] + reach * 2 * u[0], point[1] + reach * 2 * u[1]]]} className="cut-line" />
        </Plot>
        <svg className="plot" viewBox={`0 0 ${sw} ${sw}`} role="img" aria-label="The cut t ↦ f(a + t u) and its parabola with curvature uᵀHu." aria-describedby={textId}>
          <Axes
            box={[sm.left, sm.top, sw - sm.right, sw - sm.bottom]}
            xTicks={ticks(-reach, reach).map((t) => [sx(t), fmt(t)])}
            yTicks={ticks(yMin, yMax).map((v) => [sy(v), fmt(v)])}
          />
          <path d={line(cut)} className="run run-gd" fill="none" />
          <path d={line(para)} className="run run-newton" strokeDasharray="6 3" fill="none" />
        </svg>
      </div>
      <p className="figure-legend">Right: the cut t ↦ f(a + t u) (solid) and the parabola with the same slope and curvature uᵀHu (dashed).</p>
      <LiveText id={textId}>
        At a = {fmtPoint(point)} along u = {fmtPoint(u)}: slope ∇f·u = {fmt(slope, 4)}, curvature uᵀHu = {fmt(curv, 4)}.
        {eig && ` The curvature ranges from λmin = ${fmt(eig.values[0], 4)} along ${fmtPoint(eig.vectors[0])} to λmax = ${fmt(eig.values[1], 4)} along ${fmtPoint(eig.vectors[1])}.`}
      </LiveText>
    </div>
  );
}

/** The shape of ½xᵀAx in words. */
function shapeOf(A: Mat): string {
  const d = definiteness(A);
  if (d === 'positive definite') return 'a bowl (positive definite): elliptic level curves around the minimum at 0';
  if (d === 'negative definite') return 'a cap (negative definite): elliptic level curves around the maximum at 0';
  if (d === 'indefinite') return 'a saddle (indefinite): hyperbolic level curves';
  return `a trough (${d}): straight level lines along the zero eigenvector`;
}

/** Contours of ½xᵀAx for a symmetric 2×2 matrix the student edits, with scaled eigenvectors. */
export function QuadraticBowl(props: FigureProps) {
  const range = readRange(props.range, [-2, 2]);
  const initial = readMatrix(props.matrix, [[2, 0], [0, 1]]);
  const [a, setA] = useState(initial[0][0]);
  const [b, setB] = useState(initial[0][1]);
  const [d, setD] = useState(initial[1][1]);
  const textId = useId();
  const frame = useFrame(range);
  const grid = useMemo(() => sampleGrid((p) => 0.5 * (a * p[0] * p[0] + 2 * b * p[0] * p[1] + d * p[1] * p[1]), frame.range, GRID_N), [a, b, d, frame]);
  const A = [[a, b], [b, d]];
  const ok = [a, b, d].every(Number.isFinite);
  const eig = ok ? symEig(A) : null;
  const big = eig ? Math.max(...eig.values.map(Math.abs), 1e-12) : 1;
  const len = (range[1] - range[0]) * 0.35;
  const entry = (label: string, value: number, set: (v: number) => void) => (
    <label>
      {label}
      <input type="number" step={0.5} value={Number.isFinite(value) ? value : ''} onChange={(e) => set(e.target.value === '' ? NaN : Number(e.target.value))} />
    </label>
  );
  return (
    <div className="figure-live-part">
      <div className="figure-controls">
        {entry('a₁₁', a, setA)}
        {entry('a₁₂ = a₂₁', b, setB)}
        {entry('a₂₂', d, setD)}
      </div>
      <Plot frame={frame} label="Contour plot of ½xᵀAx with the eigenvectors of A." grid={ok ? grid : null} describedBy={textId}>
        {eig &&
          eig.vectors.map((v, k) => (
            <path key={k} className={k === 0 ? 'eig-min' : 'eig-max'} d={arrow(frame, 0, 0, (v[0] * eig.values[k] * len) / big, (v[1] * eig.values[k] * len) / big)} />
          ))}
      </Plot>
      <LiveText id={textId}>
        {eig
          ? `A = ${fmtMatrix(A)}: eigenvalues ${fmt(eig.values[0], 4)} along ${fmtPoint(eig.vectors[0])} and ${fmt(eig.values[1], 4)} along ${fmtPoint(eig.vectors[1])}; ½xᵀAx is ${shapeOf(A)}.${
              eig.values[0] > 0 ? ` Condition number κ = ${fmt(eig.values[1] / eig.values[0], 4)}.` : ''
            }`
          : 'Enter a number in each box.'}
      </LiveText>
    </div>
  );
}

/** What the Hessian says about a point: the class of a critical point, or "not critical". */
function classify(fn: CompiledFunction, p: Vec): string {
  const g = fn.grad(p);
  if (Math.hypot(g[0], g[1]) > 1e-6) return `not a critical point (∇f = ${fmtPoint(g)})`;
  const H = fn.hess(p);
  const kind = definiteness(H, 1e-9);
  const label =
    kind === 'positive definite' ? 'a minimum' : kind === 'negative definite' ? 'a maximum' : kind === 'indefinite' ? 'a saddle point' : 'degenerate: the second-derivative test is inconclusive';
  return `${label}, Hessian ${fmtMatrix(H)}`;
}

/** Contours of f with its critical points marked and classified, and a probe the student moves. */
export function CriticalPoints(props: FigureProps) {
  const { f, vars, range } = readFunctionProps(props);
  const points = readPoints(props.points);
  const mid = (range[0] + range[1]) / 2;
  const [probe, setProbe] = useState([mid, mid]);
  const textId = useId();
  const fn = useCompiled(f, vars);
  const frame = useFrame(range);
  const { grid } = useGrid(f, vars, frame.range);
  if (!fn) return <p className="figure-error">The function “{f}” could not be read.</p>;
  const g = fn.grad(probe);
  const H = fn.hess(probe);
  return (
    <div className="figure-live-part">
      <Plot frame={frame} label={`Contour plot of f(${vars.join(', ')}) with its critical points.`} grid={grid} point={probe} onPoint={setProbe} describedBy={textId}>
        {points.map((p, k) => {
          const [cx, cy] = toPixel(frame, p[0], p[1]);
          return (
            <g key={k} className="critical-mark">
              <rect x={cx - 4} y={cy - 4} width={8} height={8} />
              <text x={cx + 7} y={cy - 6}>{fmtPoint(p)}</text>
            </g>
          );
        })}
      </Plot>
      <LiveText id={textId}>
        {points.map((p) => `${fmtPoint(p)} is ${classify(fn, p)}. `).join('')}
        Probe at {fmtPoint(probe)}: f = {fmt(fn.f(probe), 4)}, ∇f = {fmtPoint(g)}, Hessian {fmtMatrix(H)}
        {H.every((row) => row.every(Number.isFinite)) ? ` (${definiteness(H)}).` : '.'}
      </LiveText>
    </div>
  );
}

/** f beside its second-order Taylor model around a movable point, on the same contour levels. */
export function TaylorModel(props: FigureProps) {
  const { f, vars, range, point: initial } = readFunctionProps(props);
  const [point, setPoint] = useState(initial);
  const textId = useId();
  const fn = useCompiled(f, vars);
  const frame = useFrame(range);
  const { grid } = useGrid(f, vars, frame.range);
  const levels = useMemo(() => (grid ? contourLevels(grid) : []), [grid]);
  const model = useMemo(() => {
    if (!fn) return null;
    const f0 = fn.f(point);
    const g = fn.grad(point);
    const H = fn.hess(point);
    const q = (x: number, y: number) => {
      const dx = x - point[0];
      const dy = y - point[1];
      return f0 + g[0] * dx + g[1] * dy + 0.5 * (H[0][0] * dx * dx + 2 * H[0][1] * dx * dy + H[1][1] * dy * dy);
    };
    return { f0, g, H, q, grid: sampleGrid((p) => q(p[0], p[1]), frame.range, GRID_N) };
  }, [fn, point, frame]);
  if (!fn || !model) return <p className="figure-error">The function “{f}” could not be read.</p>;
  const gap = (r: number) => {
    let worst = 0;
    for (let k = 0; k < 64; k++) {
      const x = point[0] + r * Math.cos((k * Math.PI) / 32);
      const y = point[1] + r * Math.sin((k * Math.PI) / 32);
      worst = Math.max(worst, Math.abs(fn.f([x, y]) - model.q(x, y)));
    }
    return worst;
  };
  const circle = (r: number) => Array.from({ length: 65 }, (_, k) => [point[0] + r * Math.cos((k * Math.PI) / 32), point[1] + r * Math.sin((k * Math.PI) / 32)]);
  const r1 = (range[1] - range[0]) / 8;
  return (
    <div className="figure-live-part">
      <div className="figure-panels">
        <Plot frame={frame} label={`Contours of f(${vars.join(', ')}).`} grid={grid} levels={levels} point={point} onPoint={setPoint} describedBy={textId}>
          <PathLine frame={frame} points={circle(r1)} className="cut-line" dash="3 3" />
        </Plot>
        <Plot frame={frame} label="Contours of the quadratic model, on the same levels." grid={model.grid} levels={levels} point={point} onPoint={setPoint} describedBy={textId}>
          <PathLine frame={frame} points={circle(r1)} className="cut-line" dash="3 3" />
        </Plot>
      </div>
      <LiveText id={textId}>
        Model around a = {fmtPoint(point)}: q(x) = {fmt(model.f0, 4)} + {fmtPoint(model.g, 4)}·(x − a) + ½(x − a)ᵀ{fmtMatrix(model.H)}(x − a). Largest gap |f − q| at distance {fmt(r1)} from a: {fmt(gap(r1), 3)}; at distance {fmt(2 * r1)}: {fmt(gap(2 * r1), 3)}.
      </LiveText>
    </div>
  );
}
