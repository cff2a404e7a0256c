/**
 * A horizontal bar chart drawn on the server as inline SVG (no chart library, no client
 * JavaScript). The SVG is hidden from screen readers; the same numbers follow in a table
 * that only they read. Labels are trusted text (kind sentences, exercise titles), placed
 * as React text, never as HTML.
 */

/** One bar. */
export interface ChartBar {
  key: string;
  /** The label above the bar (plain text; cut in the picture when long, whole in the table). */
  label: string;
  value: number;
  /** How the value is written, e.g. "12 students" or "33%". */
  shown: string;
}

const WIDTH = 640;
const ROW = 36;
const BAR = 13;
const LABEL_CHARS = 95;
/** Room right of the longest bar for its value. */
const VALUE_ROOM = 110;

function cut(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}

/**
 * The chart `title` of `bars`, each scaled against `max` (a bar of `max` spans the chart).
 * `columns` names the table's two columns for screen readers.
 */
export function MisconceptionChart({
  id,
  title,
  bars,
  max,
  columns,
}: {
  id: string;
  title: string;
  bars: ChartBar[];
  max: number;
  columns: [string, string];
}) {
  const span = WIDTH - VALUE_ROOM;
  const height = bars.length * ROW + 4;
  return (
    <figure className="card" data-testid={id} style={{ margin: '1rem 0' }}>
      <figcaption id={`${id}-title`}>
        <strong>{title}</strong>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={{ maxWidth: `${WIDTH}px`, display: 'block', fontFamily: 'var(--ui-font)' }}
        aria-hidden="true"
        focusable="false"
      >
        {bars.map((b, i) => {
          const y = i * ROW;
          const w = max > 0 ? Math.max(b.value > 0 ? 2 : 0, (b.value / max) * span) : 0;
          return (
            <g key={b.key} data-bar={b.key}>
              <title>{`${b.label}: ${b.shown}`}</title>
              <text x={0} y={y + 13} fontSize={12} style={{ fill: 'currentColor' }}>
                {cut(b.label)}
              </text>
              <rect x={0} y={y + 18} width={span} height={BAR} rx={2} style={{ fill: 'var(--border)', opacity: 0.45 }} />
              <rect x={0} y={y + 18} width={w} height={BAR} rx={2} style={{ fill: 'var(--accent)' }} />
              <text x={w + 6} y={y + 29} fontSize={12} fontWeight={600} style={{ fill: 'currentColor' }}>
                {b.shown}
              </text>
            </g>
          );
        })}
      </svg>
      {/* The wrapper is hidden, not the table: a table ignores a 1 px width and would widen the page. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{columns[0]}</th>
              <th scope="col">{columns[1]}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.key}>
                <th scope="row">{b.label}</th>
                <td>{b.shown}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
