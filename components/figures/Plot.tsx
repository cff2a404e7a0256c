'use client';
/**
 * The one SVG panel every figure draws on: axes with ticks, the level curves of a sampled
 * grid, overlays placed by the figure (in pixels, via toPixel), and optionally a point the
 * student moves with the pointer or the arrow keys (Shift for finer steps, or for bigger ones
 * where the figure says so: a figure answer).
 */
import { useId, useMemo, useRef, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { fastFunction } from './fast-eval';
import { CONTOUR_SCALE, contourLevels, contourPaths, fmt, makeFrame, niceStep, roundCoordinate, sampleGrid, ticks, toData, toPixel, type Frame, type Grid, type Range } from './plot';

/** Grid points per axis of every contour plot. */
export const GRID_N = 200;

/**
 * The sampled grid of f over range² (κ etc. as `extra` values of extra variables), or the
 * error message when f does not compile. Recomputed only when an input changes.
 */
export function useGrid(f: string, vars: readonly string[], range: Range, extra: readonly number[] = [], extraVars: readonly string[] = []): { grid: Grid | null; error?: string } {
  const key = `${f}|${vars.join(',')}|${range.join(',')}|${extra.join(',')}|${extraVars.join(',')}`;
  return useMemo(() => {
    try {
      const fn = fastFunction(f, [...vars, ...extraVars]);
      return { grid: sampleGrid(fn, range, GRID_N, extra) };
    } catch (err) {
      return { grid: null, error: err instanceof Error ? err.message : String(err) };
    }
    // The key holds every input by value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
}

/** The panel frame of a range, the same object while the range's numbers stay the same. */
export function useFrame(range: Range): Frame {
  const [lo, hi] = range;
  return useMemo(() => makeFrame([lo, hi]), [lo, hi]);
}

interface PlotProps {
  frame: Frame;
  /** What the panel shows, for screen readers (the figure's live text says the numbers). */
  label: string;
  grid: Grid | null;
  /** Contour levels; default: quantiles of the grid. */
  levels?: readonly number[];
  /** The movable point and what to do when it moves. */
  point?: readonly number[];
  onPoint?: (p: number[]) => void;
  /**
   * With onPoint: the point itself is the focusable control (tab stop, arrow keys) and this
   * names it, e.g. "Your point, at (0.5, 0)"; without it the whole panel takes the keys.
   */
  pointLabel?: string;
  /** The arrow keys' steps as fractions of the plot width: [plain, with Shift]; default [1/40, 1/200]. */
  keySteps?: readonly [number, number];
  /** Id of the live text that describes the panel. */
  describedBy?: string;
  children?: ReactNode;
}

/**
 * A contour panel with axes; a point moved by the pointer and the arrow keys when onPoint is
 * given. Mouse and pen place the point on press (and drag a figure answer's point); a touch places it on a tap
 * (a touch that scrolls the page does not), so the page still scrolls on a phone.
 */
export function Plot({ frame, label, grid, levels, point, onPoint, pointLabel, keySteps = [1 / 40, 1 / 200], describedBy, children }: PlotProps) {
  const paths = useMemo(() => (grid ? contourPaths(grid, levels ?? contourLevels(grid), frame) : []), [grid, levels, frame]);
  const [lo, hi] = frame.range;
  const span = hi - lo;
  const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
  const dragging = useRef<number | null>(null);
  const pointIsControl = onPoint !== undefined && pointLabel !== undefined;
  const panelIsControl = onPoint !== undefined && !pointIsControl;
  const marker = useRef<SVGGElement>(null);

  const place = (e: PointerEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const [x, y] = toData(frame, ((e.clientX - box.left) / box.width) * frame.size, ((e.clientY - box.top) / box.height) * frame.size);
    onPoint!([roundCoordinate(clamp(x), span), roundCoordinate(clamp(y), span)]);
  };
  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (!onPoint || e.button !== 0) return;
    dragging.current = e.pointerId;
    if (e.pointerType === 'touch') return; // placed on pointerup, unless the touch scrolls (pointercancel)
    e.preventDefault(); // no text selection while dragging; focus goes to the point below
    e.currentTarget.setPointerCapture?.(e.pointerId);
    place(e);
    (marker.current ?? e.currentTarget).focus({ preventScroll: true });
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    // Dragging: only a figure answer's point (the other figures rerun optimisers on every move).
    if (onPoint && pointIsControl && dragging.current === e.pointerId && e.pointerType !== 'touch') place(e);
  };
  const onPointerUp = (e: PointerEvent<SVGSVGElement>) => {
    if (onPoint && dragging.current === e.pointerId && e.pointerType === 'touch') place(e);
    dragging.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<SVGElement>) => {
    if (!onPoint || !point) return;
    const step = niceStep(span * (e.shiftKey ? keySteps[1] : keySteps[0]));
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    onPoint([roundCoordinate(clamp(point[0] + m[0]), span), roundCoordinate(clamp(point[1] + m[1]), span)]);
  };

  const tickValues = ticks(lo, hi);
  const [left, bottom] = toPixel(frame, lo, lo);
  const [right, top] = toPixel(frame, hi, hi);
  const p = point ? toPixel(frame, point[0], point[1]) : undefined;
  const clipId = `clip${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  return (
    <svg
      className={onPoint ? 'plot plot-interactive' : 'plot'}
      viewBox={`0 0 ${frame.size} ${frame.size}`}
      role={panelIsControl ? 'application' : pointIsControl ? 'group' : 'img'}
      aria-label={panelIsControl ? `${label} Click, or focus and use the arrow keys, to move the point.` : label}
      aria-describedby={describedBy}
      tabIndex={panelIsControl ? 0 : undefined}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => (dragging.current = null)}
      onKeyDown={panelIsControl ? onKeyDown : undefined}
    >
      <defs>
        <clipPath id={clipId}>
          <rect x={left} y={top} width={right - left} height={bottom - top} />
        </clipPath>
      </defs>
      <rect x={left} y={top} width={right - left} height={bottom - top} className="plot-bg" />
      <g className="plot-contours" clipPath={`url(#${clipId})`}>
        <g transform={`scale(${1 / CONTOUR_SCALE})`}>
          {paths.map((d, k) => (
            <path key={k} d={d} />
          ))}
        </g>
      </g>
      <Axes
        box={[left, top, right, bottom]}
        xTicks={tickValues.map((t) => [toPixel(frame, t, lo)[0], fmt(t)])}
        yTicks={tickValues.map((t) => [toPixel(frame, lo, t)[1], fmt(t)])}
      />
      <g clipPath={`url(#${clipId})`}>{children}</g>
      {p &&
        (pointIsControl ? (
          <g ref={marker} className="plot-marker" tabIndex={0} role="application" aria-roledescription="movable point" aria-label={pointLabel} onKeyDown={onKeyDown}>
            <circle className="plot-marker-ring" cx={p[0]} cy={p[1]} r={9} />
            <circle className="plot-point" cx={p[0]} cy={p[1]} r={5} />
          </g>
        ) : (
          <circle className="plot-point" cx={p[0]} cy={p[1]} r={5} />
        ))}
    </svg>
  );
}

/**
 * A plot's frame and tick marks: `box` is [left, top, right, bottom] in pixels; ticks are
 * [pixel position, label]. Shared by the contour panels and the loss chart.
 */
export function Axes({ box, xTicks, yTicks }: { box: [number, number, number, number]; xTicks: [number, string][]; yTicks: [number, string][] }) {
  const [left, top, right, bottom] = box;
  return (
    <g className="plot-axes" aria-hidden="true">
      {xTicks.map(([x, text]) => (
        <g key={`x${text}`}>
          <line x1={x} x2={x} y1={bottom} y2={bottom + 4} />
          <text x={x} y={bottom + 14} textAnchor="middle">{text}</text>
        </g>
      ))}
      {yTicks.map(([y, text]) => (
        <g key={`y${text}`}>
          <line x1={left - 4} x2={left} y1={y} y2={y} />
          <text x={left - 6} y={y + 3} textAnchor="end">{text}</text>
        </g>
      ))}
      <rect x={left} y={top} width={right - left} height={bottom - top} fill="none" />
    </g>
  );
}

/** SVG path data through data points (non-finite points dropped, far ones pinned just off the panel). */
export function pathData(frame: Frame, points: readonly (readonly number[])[]): string {
  const pin = (v: number) => Math.min(frame.size + 500, Math.max(-500, v)).toFixed(1);
  return points
    .filter((q) => q.every(Number.isFinite))
    .map((q, k) => (k === 0 ? 'M' : 'L') + toPixel(frame, q[0], q[1]).map(pin).join(' '))
    .join('');
}

/** An SVG polyline through data points; the panel clips it to the plotting area. */
export function PathLine({ frame, points, className, dash }: { frame: Frame; points: readonly (readonly number[])[]; className?: string; dash?: string }) {
  const d = pathData(frame, points);
  return <path className={className} d={d} strokeDasharray={dash} fill="none" />;
}

/** The live text alternative of a figure: read out politely whenever it changes. */
export function LiveText({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="figure-live" aria-live="polite">
      {children}
    </p>
  );
}
