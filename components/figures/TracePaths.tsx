'use client';
/**
 * The figure beside a trace in two variables: the contours of f with the student's path (the
 * x_k they typed, from the given x₀) and, once the solution is shown, the reference path.
 * Styles differ by colour and by dash, and the live text lists both paths' points.
 */
import { useEffect, useId, useState } from 'react';
import type { AnswerForm } from '@/server/wire';
import { LiveText, PathLine, Plot, useFrame, useGrid } from './Plot';
import { fmtPoint, toPixel } from './plot';
import './figures.css';

type Figure = NonNullable<NonNullable<AnswerForm['table']>['figure']>;
type ReadVector = (text: string) => number[] | null;

/** The reader of vectors (lib/answers), loaded on first use: it is not in the lesson's first JavaScript. */
function useVectorReader(): ReadVector | null {
  const [read, setRead] = useState<ReadVector | null>(null);
  useEffect(() => {
    let live = true;
    import('@/lib/answers').then(
      ({ readShaped }) => {
        if (!live) return;
        setRead(() => (text: string) => {
          const r = readShaped(text, { shape: 'vector', size: [2], vars: [], labels: {} });
          return r.ok ? (r.value as number[]) : null;
        });
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return read;
}

/** The student's iterates: x₀, then each row's x_k while they can be read (the path stops at the first gap). */
export function studentPath(figure: Figure, rows: number, texts: Record<string, string>, read: ReadVector | null): number[][] {
  const path = [figure.x0];
  if (!read || !figure.xColumn) return path;
  for (let k = 1; k < rows; k++) {
    const text = texts[`r${k + 1}-${figure.xColumn}`];
    const x = text ? read(text) : null;
    if (!x || !x.every(Number.isFinite)) break;
    path.push(x);
  }
  return path;
}

export default function TracePaths({ figure, rows, texts, reference }: { figure: Figure; rows: number; texts: Record<string, string>; reference?: number[][] }) {
  const frame = useFrame(figure.range);
  const { grid, error } = useGrid(figure.f, figure.vars, figure.range);
  const read = useVectorReader();
  const mine = studentPath(figure, rows, texts, read);
  const liveId = useId();
  const dots = (points: number[][], className: string) =>
    points.map((p, i) => {
      const [cx, cy] = toPixel(frame, p[0], p[1]);
      return <circle key={`${className}${i}`} className={className} cx={cx} cy={cy} r={3.5} />;
    });
  return (
    <figure className="card figure trace-figure" data-testid="trace-figure">
      {error ? (
        <p className="error">{error}</p>
      ) : (
        <Plot frame={frame} label="Contours of f with your path and, once shown, the reference path." grid={grid} describedBy={liveId}>
          {reference && <PathLine frame={frame} points={reference} className="run run-newton" dash="6 3" />}
          {reference && dots(reference, 'trace-dot-reference')}
          <PathLine frame={frame} points={mine} className="run run-gd" />
          {dots(mine, 'trace-dot-student')}
        </Plot>
      )}
      <figcaption>
        <span className="legend-student">— your path</span>
        {reference && <span className="legend-reference"> · - - the reference path</span>}
      </figcaption>
      <LiveText id={liveId}>
        <span data-testid="student-path" data-points={mine.length}>
          Your path: {mine.map((p) => fmtPoint(p)).join(' → ')}.
        </span>{' '}
        {reference && (
          <span data-testid="reference-path" data-points={reference.length}>
            Reference path: {reference.map((p) => fmtPoint(p)).join(' → ')}.
          </span>
        )}
      </LiveText>
    </figure>
  );
}
