/**
 * The results of an answer in several parts, one line per part: its verdict, what was not
 * right and the likely mistake. Shared by the exercise card and the instructor's try.
 */
import { formatPercent } from '@/lib/format';
import type { PartView } from '@/server/wire';

const VERDICT = { correct: 'correct', partly: 'partly correct', wrong: 'not right' } as const;

export function PartResults({ parts }: { parts: PartView[] }) {
  return (
    <ol className="part-results" data-testid="part-results">
      {parts.map((p) => (
        <li key={p.id} data-part={p.id} data-verdict={p.verdict}>
          <strong>{p.label}</strong>: {VERDICT[p.verdict]}
          {p.verdict === 'partly' && ` (${formatPercent(p.score)})`}
          {p.verdict !== 'correct' && p.feedback.length > 0 && <span className="muted"> — {p.feedback.join(' ')}</span>}
          {/* A right part checked from the student's own earlier wrong answer (a trace row) says so. */}
          {p.verdict === 'correct' && p.feedback.some((f) => f !== 'Correct.') && (
            <span className="muted" data-testid="part-note">
              {' '}
              — {p.feedback.join(' ')}
            </span>
          )}
          {p.diagnosis && (
            <span className="diagnosis" data-testid="part-diagnosis">
              {' '}
              <strong>Likely mistake:</strong> {p.diagnosis.message}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
