'use client';
/**
 * A figure answer (figure-point, figure-direction, figure-step-size): the contour plot of f on
 * which the student places a point, draws an arrow from the given point, or picks a step size α
 * on a slider and watches gradient descent run with it. The answer box under it is the text
 * alternative and holds what is graded: every move writes its text there (rounded to the
 * figure's resolution), and whatever the student types that can be read moves the figure.
 * After grading, once the worked answer may be shown, the reference is drawn too.
 */
import { useId, useMemo, useState } from 'react';
import type { AnswerForm } from '@/server/wire';
import { LiveText, PathLine, Plot, useFrame, useGrid } from './Plot';
import { fmt, fmtPoint, toPixel, type Frame } from './plot';
import { alphaText, directionOf, readNumber, readVector, sliderStep, tipOf, vectorText } from './figure-answer';
import { makeSurface, runMethod } from './runs';
import './figures.css';

type Figure = NonNullable<AnswerForm['figure']>;

interface Props {
  figure: Figure;
  /** The answer box's text (or, once answered, the last answer's). */
  text: string;
  /** Writes a text into the answer box; absent when the exercise takes no answer now. */
  onText?: (text: string) => void;
  /** The reference drawing (the solution's path), only once the worked answer may be shown. */
  reference?: number[][];
}

/** Arrow keys: a 200th of the plot width, with Shift a 40th. */
const KEY_STEPS = [1 / 200, 1 / 40] as const;
const KEYS_HELP = 'Arrow keys move it; with Shift, further.';

/** The last value read from the text, kept while the text cannot be read (half typed). */
function useHeld<T>(read: T | null, initial: T): T {
  const [held, setHeld] = useState<T>(read ?? initial);
  if (read !== null && JSON.stringify(read) !== JSON.stringify(held)) setHeld(read);
  return read ?? held;
}

/** An arrow from a to b in data coordinates: its shaft and a filled head. */
function Arrow({ frame, from, to, className, dash, testId }: { frame: Frame; from: readonly number[]; to: readonly number[]; className: string; dash?: string; testId?: string }) {
  const [x1, y1] = toPixel(frame, from[0], from[1]);
  const [x2, y2] = toPixel(frame, to[0], to[1]);
  const len = Math.hypot(x2 - x1, y2 - y1);
  if (len < 1) return null;
  const [ux, uy] = [(x2 - x1) / len, (y2 - y1) / len];
  const head = Math.min(10, len / 2);
  const [bx, by] = [x2 - ux * head, y2 - uy * head];
  const points = [
    [x2, y2],
    [bx - uy * head * 0.45, by + ux * head * 0.45],
    [bx + uy * head * 0.45, by - ux * head * 0.45],
  ]
    .map((q) => q.map((v) => v.toFixed(1)).join(','))
    .join(' ');
  return (
    <g className={className} data-testid={testId}>
      <line x1={x1} y1={y1} x2={bx} y2={by} strokeDasharray={dash} />
      <polygon points={points} />
    </g>
  );
}

function StartMark({ frame, at }: { frame: Frame; at: readonly number[] }) {
  const [cx, cy] = toPixel(frame, at[0], at[1]);
  return <rect className="start-mark" x={cx - 3.5} y={cy - 3.5} width={7} height={7} />;
}

function PointMode({ figure, text, onText, reference, liveId }: Props & { liveId: string }) {
  const frame = useFrame(figure.range);
  const { grid, error } = useGrid(figure.f, figure.vars, figure.range);
  const typed = readVector(text);
  const point = useHeld(typed, figure.from);
  const ref = reference?.[1];
  const at = fmtPoint(point);
  const label = typed ? `Your point, at ${at}. ${KEYS_HELP}` : `Your point, not placed yet: it starts at x₀ = ${fmtPoint(figure.from)}. ${KEYS_HELP}`;
  if (error) return <p className="error">{error}</p>;
  return (
    <>
      <Plot
        frame={frame}
        label={`Contours of f(${figure.vars.join(', ')}) with the start point x₀.`}
        grid={grid}
        point={point}
        onPoint={onText ? (p) => onText(vectorText(p)) : undefined}
        pointLabel={onText ? label : undefined}
        keySteps={KEY_STEPS}
        describedBy={liveId}
      >
        <StartMark frame={frame} at={figure.from} />
        {ref && <ReferencePoint frame={frame} at={ref} />}
      </Plot>
      <LiveText id={liveId}>
        <span data-testid="figure-answer">{typed ? `Your point: ${at}.` : 'No point placed yet.'}</span> Start x₀ = {fmtPoint(figure.from)}.
        {ref && <span data-testid="figure-reference-text"> Reference point: {fmtPoint(ref)}.</span>}
      </LiveText>
    </>
  );
}

function ReferencePoint({ frame, at }: { frame: Frame; at: readonly number[] }) {
  const [cx, cy] = toPixel(frame, at[0], at[1]);
  return (
    <g className="figure-reference" data-testid="figure-reference">
      <circle cx={cx} cy={cy} r={8} />
      <line x1={cx - 5} y1={cy} x2={cx + 5} y2={cy} />
      <line x1={cx} y1={cy - 5} x2={cx} y2={cy + 5} />
    </g>
  );
}

function DirectionMode({ figure, text, onText, reference, liveId }: Props & { liveId: string }) {
  const frame = useFrame(figure.range);
  const { grid, error } = useGrid(figure.f, figure.vars, figure.range);
  const typed = readVector(text);
  const from = figure.from;
  const tip = useHeld(typed ? tipOf(from, typed, figure.range) : null, [...from] as [number, number]);
  const d = typed ?? directionOf(from, tip, figure.range);
  const drawn = d[0] !== 0 || d[1] !== 0;
  const label = drawn
    ? `Tip of your arrow from ${fmtPoint(from)}, at ${fmtPoint(tip)}: direction ${fmtPoint(d)}. ${KEYS_HELP}`
    : `Tip of your arrow from ${fmtPoint(from)}, not drawn yet. ${KEYS_HELP}`;
  if (error) return <p className="error">{error}</p>;
  return (
    <>
      <Plot
        frame={frame}
        label={`Contours of f(${figure.vars.join(', ')}) with the point ${fmtPoint(from)} the arrow starts from.`}
        grid={grid}
        point={tip}
        onPoint={onText ? (p) => onText(vectorText(directionOf(from, p, figure.range))) : undefined}
        pointLabel={onText ? label : undefined}
        keySteps={KEY_STEPS}
        describedBy={liveId}
      >
        <StartMark frame={frame} at={from} />
        {reference && reference.length === 2 && <Arrow frame={frame} from={reference[0]} to={reference[1]} className="figure-reference-arrow" dash="5 3" testId="figure-reference" />}
        {drawn && <Arrow frame={frame} from={from} to={tip} className="figure-arrow" />}
      </Plot>
      <LiveText id={liveId}>
        <span data-testid="figure-answer">{drawn ? `Your direction: ${fmtPoint(d)}.` : 'No arrow drawn yet.'}</span> It starts at {fmtPoint(from)}.
        {reference && reference.length === 2 && (
          <span data-testid="figure-reference-text">
            {' '}
            Reference direction: {fmtPoint(reference[1].map((v, i) => v - reference[0][i]))}.
          </span>
        )}
      </LiveText>
    </>
  );
}

function StepSizeMode({ figure, text, onText, reference, liveId }: Props & { liveId: string }) {
  const frame = useFrame(figure.range);
  const { grid, error } = useGrid(figure.f, figure.vars, figure.range);
  const inputId = useId();
  const [min, max] = figure.lr ?? [0, 1];
  const step = sliderStep([min, max]);
  const typed = readNumber(text);
  const alpha = useHeld(typed === null ? null : Math.min(max, Math.max(min, typed)), min);
  const steps = figure.within ?? 10;
  const surface = useMemo(() => {
    try {
      return makeSurface(figure.f, figure.vars, 1);
    } catch {
      return null;
    }
  }, [figure.f, figure.vars]);
  const run = useMemo(() => (surface ? runMethod(surface, figure.from, 'gd', { lr: alpha, m: 5, steps }) : null), [surface, figure.from, alpha, steps]);
  if (error) return <p className="error">{error}</p>;
  const end = run?.path[run.path.length - 1];
  return (
    <>
      <div className="figure-controls">
        <label htmlFor={inputId}>
          Step size α
          <input
            id={inputId}
            type="range"
            min={min}
            max={max}
            step={step}
            value={alpha}
            disabled={!onText}
            aria-valuetext={`α = ${alphaText(alpha, step)}`}
            onChange={(e) => onText?.(alphaText(Number(e.target.value), step))}
          />
        </label>
        <output htmlFor={inputId} data-testid="figure-alpha">
          α = {alphaText(alpha, step)}
        </output>
      </div>
      <Plot frame={frame} label={`Contours of f(${figure.vars.join(', ')}) with gradient descent from x₀ for the chosen step size.`} grid={grid} describedBy={liveId}>
        {reference && <PathLine frame={frame} points={reference} className="run run-newton" dash="6 3" />}
        {run && <PathLine frame={frame} points={run.path} className="run run-gd" />}
        <StartMark frame={frame} at={figure.from} />
      </Plot>
      <LiveText id={liveId}>
        <span data-testid="figure-answer">
          {run && end
            ? `With α = ${alphaText(alpha, step)}, ${run.path.length - 1} steps of gradient descent from ${fmtPoint(figure.from)} end at ${fmtPoint(end)}, where f = ${fmt(run.values[run.values.length - 1])}.`
            : 'Gradient descent cannot be drawn for this function.'}
        </span>
        {reference && <span data-testid="figure-reference-text"> The reference run ends at {fmtPoint(reference[reference.length - 1])}.</span>}
      </LiveText>
    </>
  );
}

export default function FigureInput(props: Props) {
  const liveId = useId();
  const { mode } = props.figure;
  return (
    <figure className="card figure figure-answer" data-testid="figure-input" data-mode={mode}>
      {mode === 'point' ? <PointMode {...props} liveId={liveId} /> : mode === 'direction' ? <DirectionMode {...props} liveId={liveId} /> : <StepSizeMode {...props} liveId={liveId} />}
      <figcaption className="muted small">
        {props.onText
          ? mode === 'step-size'
            ? 'Move the slider (or use its arrow keys), or type α in the box below.'
            : `${mode === 'point' ? 'Click or tap to place the point' : 'Click or tap where the arrow should point'}; focus the marker to move it with the arrow keys, or type the ${mode === 'point' ? 'coordinates' : 'direction'} in the box below.`
          : props.reference
            ? 'Your answer, and the reference (dashed).'
            : 'Your answer.'}
      </figcaption>
    </figure>
  );
}
