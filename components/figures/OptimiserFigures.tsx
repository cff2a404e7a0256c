'use client';
/**
 * optimiser-paths and loss-curve: the same runs (start points × methods, with κ, step size
 * and L-BFGS memory chosen by the student) drawn as paths on the contour plot or as the
 * loss against the iteration on a log scale.
 */
import { useId, useMemo, useState } from 'react';
import { Axes, LiveText, PathLine, Plot, useFrame, useGrid } from './Plot';
import { fmt, fmtPoint, ticks, toPixel, type Range } from './plot';
import { readNumberList, readPoints, readPositive, readRange, readString, readVars, type FigureProps } from './props';
import { METHOD_LABELS, METHODS, defaultStep, firstBelow, makeSurface, runMethod, usesKappa, type Method, type Run } from './runs';

/** Stroke style per method: colour (CSS class) and dash pattern, so colour is never the only cue. */
const DASH: Record<Method, string | undefined> = { gd: undefined, newton: '6 3', bfgs: '2 3', lbfgs: '8 3 2 3', preconditioned: '4 4' };

/** Loss values below this are drawn at this level on the log scale. */
const FLOOR = 1e-16;

/** Everything both figures share: the props read once, the student's settings and the runs. */
function useRuns(props: FigureProps) {
  const f = readString(props.f, 'x^2 + y^2');
  const vars = readVars(props.vars);
  const range = readRange(props.range, [-2, 2]);
  const kappas = usesKappa(f) ? (readNumberList(props.kappa).length ? readNumberList(props.kappa) : [10]) : [];
  const listed = Array.isArray(props.methods) ? METHODS.filter((m) => (props.methods as unknown[]).includes(m)) : [];
  const methods: Method[] = listed.length ? listed : ['gd', 'newton', 'bfgs', 'lbfgs'];
  const givenStarts = readPoints(props.start);
  const fixedLr = readPositive(props.lr);
  const steps = Math.min(2000, Math.max(1, Math.round(readPositive(props.steps) ?? 100)));

  const [kIndex, setKIndex] = useState(Math.floor(kappas.length / 2));
  const [starts, setStarts] = useState<number[][]>(givenStarts.length ? givenStarts : [[range[0] + 0.8 * (range[1] - range[0]), range[0] + 0.8 * (range[1] - range[0])]]);
  const [active, setActive] = useState(0);
  const [shown, setShown] = useState<Method[]>(methods);
  const [factor, setFactor] = useState(1);
  const [memory, setMemory] = useState(5);

  const kappa = kappas[kIndex];
  const extra = kappa === undefined ? [] : [kappa];
  const varsKey = vars.join(',');
  const methodsKey = methods.join(',');
  const surface = useMemo(() => {
    try {
      return makeSurface(f, varsKey.split(','), kappa ?? 0);
    } catch {
      return null;
    }
  }, [f, varsKey, kappa]);

  const { runs, lr } = useMemo(() => {
    if (!surface) return { runs: [] as Run[], lr: NaN };
    // One step for every run: the safest of the starts' default steps.
    const base = fixedLr ?? Math.min(...starts.map((p) => defaultStep(surface, p)));
    const out: Run[] = [];
    for (const start of starts) {
      for (const m of methodsKey.split(',') as Method[]) {
        if (!shown.includes(m)) continue;
        const stepSize = m === 'preconditioned' ? factor : base * factor;
        out.push(runMethod(surface, start, m, { lr: stepSize, m: memory, steps }));
      }
    }
    return { runs: out, lr: base * factor };
  }, [surface, fixedLr, starts, shown, factor, memory, steps, methodsKey]);

  return {
    f, vars, range, kappas, kappa, kIndex, setKIndex, extra, methods, shown, setShown, starts, setStarts, active, setActive,
    factor, setFactor, memory, setMemory, steps, runs, lr, error: surface ? undefined : `The function “${f}” could not be read.`,
  };
}

type RunState = ReturnType<typeof useRuns>;

/** The controls both figures share: κ, methods, step size, L-BFGS memory, and which start moves. */
function RunControls({ s, withStarts }: { s: RunState; withStarts: boolean }) {
  const id = useId();
  return (
    <div className="figure-controls">
      {s.kappas.length > 1 && (
        <label>
          κ = {fmt(s.kappa)}
          <input
            type="range"
            min={0}
            max={s.kappas.length - 1}
            step={1}
            value={s.kIndex}
            aria-valuetext={`κ = ${fmt(s.kappa)}`}
            onChange={(e) => s.setKIndex(Number(e.target.value))}
          />
        </label>
      )}
      <fieldset>
        <legend>Methods</legend>
        {s.methods.map((m) => (
          <label key={m} className={`method-${m}`}>
            <input
              type="checkbox"
              checked={s.shown.includes(m)}
              onChange={(e) => s.setShown(e.target.checked ? [...s.shown, m] : s.shown.filter((x) => x !== m))}
            />
            <svg width="24" height="8" aria-hidden="true" className="legend-swatch">
              <line x1="0" x2="24" y1="4" y2="4" className={`run run-${m}`} strokeDasharray={DASH[m]} />
            </svg>
            {METHOD_LABELS[m]}
          </label>
        ))}
      </fieldset>
      <label>
        Step size × {s.factor.toFixed(2)}
        <input
          type="range"
          min={0.05}
          max={2.5}
          step={0.05}
          value={s.factor}
          aria-valuetext={`${s.factor.toFixed(2)} times the default step, α = ${fmt(s.lr)}`}
          onChange={(e) => s.setFactor(Number(e.target.value))}
        />
      </label>
      {s.methods.includes('lbfgs') && (
        <label>
          L-BFGS memory m = {s.memory}
          <input type="range" min={1} max={10} step={1} value={s.memory} onChange={(e) => s.setMemory(Number(e.target.value))} />
        </label>
      )}
      {withStarts && s.starts.length > 1 && (
        <fieldset>
          <legend>Point that moves</legend>
          {s.starts.map((p, k) => (
            <label key={k}>
              <input type="radio" name={`${id}-start`} checked={s.active === k} onChange={() => s.setActive(k)} />
              start {k + 1} {fmtPoint(p)}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}

/** One run in words: where it starts, how many steps, where it ends and why it stopped. */
function describeRun(r: Run, lr: number): string {
  const end = r.path[r.path.length - 1];
  const nit = r.path.length - 1;
  const step = r.method === 'gd' ? ` (α = ${fmt(lr)})` : '';
  const steps = `${nit} step${nit === 1 ? '' : 's'}`;
  const why = r.message.startsWith('maximum number') || r.message.startsWith('stopped after') ? '' : ` (${r.message})`;
  const how = r.converged ? `converges in ${steps}` : `stops after ${steps}${why}`;
  return `${METHOD_LABELS[r.method]}${step} from ${fmtPoint(r.start)} ${how} at ${fmtPoint(end)}, f = ${fmt(r.values[r.values.length - 1], 4)}.`;
}

/** Contour plot of f with the optimiser paths; the start moves by click or arrow keys. */
export function OptimiserPaths(props: FigureProps) {
  const s = useRuns(props);
  const textId = useId();
  const frame = useFrame(s.range);
  const { grid } = useGrid(s.f, s.vars, frame.range, s.extra, s.kappa === undefined ? [] : ['kappa']);
  if (s.error) return <p className="figure-error">{s.error}</p>;
  const moveStart = (p: number[]) => s.setStarts(s.starts.map((q, k) => (k === s.active ? p : q)));
  return (
    <div className="figure-live-part">
      <RunControls s={s} withStarts />
      <Plot frame={frame} label="Contour plot of f with optimiser paths." grid={grid} point={s.starts[s.active]} onPoint={moveStart} describedBy={textId}>
        {s.runs.map((r, k) => (
          <PathLine key={k} frame={frame} points={r.path} className={`run run-${r.method}`} dash={DASH[r.method]} />
        ))}
        {s.starts.map((p, k) => {
          const [cx, cy] = toPixel(frame, p[0], p[1]);
          return <circle key={`s${k}`} cx={cx} cy={cy} r={3.5} className="start-mark" />;
        })}
      </Plot>
      <LiveText id={textId}>
        {s.kappa !== undefined && `κ = ${fmt(s.kappa)}. `}
        {s.runs.length ? s.runs.map((r) => describeRun(r, s.lr)).join(' ') : 'No method is selected.'}
      </LiveText>
    </div>
  );
}

/** Chart size and margins of the loss plot. */
const W = 480;
const H = 260;
const M = { left: 52, right: 10, top: 10, bottom: 30 };

/** Loss (f, or f − the best f seen when f goes negative) against iteration on a log scale. */
export function LossCurve(props: FigureProps) {
  const s = useRuns(props);
  const textId = useId();
  if (s.error) return <p className="figure-error">{s.error}</p>;
  const all = s.runs.flatMap((r) => r.values.filter(Number.isFinite));
  const offset = all.length && Math.min(...all) < 0 ? Math.min(...all) : 0;
  const loss = (v: number) => Math.max(FLOOR, v - offset);
  const logs = all.map((v) => Math.log10(loss(v)));
  const yTop = logs.length ? Math.ceil(Math.max(...logs)) : 1;
  const yBottom = Math.max(yTop - 20, logs.length ? Math.floor(Math.min(...logs)) : -1);
  const yLo = yBottom === yTop ? yTop - 1 : yBottom;
  const kMax = Math.max(1, ...s.runs.map((r) => r.path.length - 1));
  const xRange: Range = [0, kMax];
  const px = (k: number) => M.left + (k / kMax) * (W - M.left - M.right);
  const py = (lg: number) => M.top + ((yTop - Math.min(yTop, Math.max(yLo, lg))) / (yTop - yLo)) * (H - M.top - M.bottom);
  const decades = ticks(yLo, yTop, 6).filter(Number.isInteger);
  const label = offset ? 'f − f_best' : 'loss f';
  return (
    <div className="figure-live-part">
      <RunControls s={s} withStarts={false} />
      <svg className="plot plot-wide" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label} against iteration, log scale.`} aria-describedby={textId}>
        <Axes
          box={[M.left, M.top, W - M.right, H - M.bottom]}
          xTicks={ticks(xRange[0], xRange[1]).filter(Number.isInteger).map((k) => [px(k), String(k)])}
          yTicks={decades.map((d) => [py(d), `1e${d}`])}
        />
        {s.runs.map((r, k) => (
          <path
            key={k}
            className={`run run-${r.method}`}
            strokeDasharray={DASH[r.method]}
            fill="none"
            d={r.values.map((v, i) => (i === 0 ? 'M' : 'L') + px(i).toFixed(1) + ' ' + py(Math.log10(loss(Number.isFinite(v) ? v : 1e300))).toFixed(1)).join('')}
          />
        ))}
      </svg>
      <LiveText id={textId}>
        {s.kappa !== undefined && `κ = ${fmt(s.kappa)}. `}
        {s.runs.length
          ? s.runs
              .map((r) => {
                const below = firstBelow(r.values.map(loss), 1e-4);
                const last = loss(r.values[r.values.length - 1]);
                const reach = below === undefined ? `it is not below 1e-4 after ${r.values.length - 1} steps` : `it falls below 1e-4 after ${below} step${below === 1 ? '' : 's'}`;
                return `${METHOD_LABELS[r.method]}${r.method === 'gd' ? ` (α = ${fmt(s.lr)})` : ''}: ${label} starts at ${fmt(loss(r.values[0]))}, ${reach}, and ends ${last <= FLOOR ? `below ${fmt(FLOOR)}` : `at ${fmt(last)}`}.`;
              })
              .join(' ')
          : 'No method is selected.'}
      </LiveText>
    </div>
  );
}

