'use client';
/**
 * "Try as student" on the exercise preview: the students' answer box, whose answer goes to
 * the tryAnswer server action, graded against the previewed variant exactly as a
 * submission would be — verdict, score, per-entry credit, feedback, diagnosis, or where the
 * answer could not be read. Nothing is stored.
 */
import { useState } from 'react';
import type { AnswerForm } from '@/server/wire';
import type { TryResponse } from '@/server/teach/preview';
import { tryAnswer } from '@/server/actions/teach-preview';
import { AnswerBox, UnreadableText, wrongEntriesOf } from '@/components/AnswerBox';
import { PartResults } from '@/components/PartResults';

const HEADLINE = { correct: 'Correct.', partly: 'Partly correct.', wrong: 'Not right.' } as const;

function entryName(index: number[]): string {
  return index.length === 1 ? `entry ${index[0] + 1}` : `(${index.map((i) => i + 1).join(', ')})`;
}

/** What the action answered, for the person trying. */
function Outcome({ text, res }: { text: string; res: TryResponse }) {
  switch (res.status) {
    case 'graded': {
      const entries = res.entries ?? [];
      const right = entries.filter((e) => e.correct).length;
      return (
        <div className={`result result-${res.verdict}`} data-testid="try-result" data-verdict={res.verdict}>
          <p>
            <strong>{HEADLINE[res.verdict]}</strong> Score {Math.round(res.score * 1000) / 10}%
            {entries.length > 0 && ` · ${right} of ${entries.length} entries right`}
          </p>
          {entries.length > 0 && (
            <p className="small" data-testid="try-entries">
              {entries.map((e, i) => (
                <span key={i}>
                  {i > 0 && ' · '}
                  {entryName(e.index)} {e.correct ? '✓' : '✗'}
                </span>
              ))}
            </p>
          )}
          {res.parts && <PartResults parts={res.parts} />}
          {!res.parts && res.feedback.length > 0 && (
            <ul className="feedback">
              {res.feedback.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          )}
          {res.diagnosis && (
            <p className="diagnosis" data-testid="try-diagnosis">
              <strong>Likely mistake:</strong> {res.diagnosis.message} <span className="muted small">({res.diagnosis.id})</span>
            </p>
          )}
          <p className="muted small">Not stored: students never see this try.</p>
        </div>
      );
    }
    case 'unreadable':
      return (
        <div className="result result-unreadable" data-testid="try-unreadable">
          <p>
            <strong>Could not read this answer:</strong> {res.error.message}
          </p>
          <p>
            <UnreadableText text={text} error={res.error} />
          </p>
          <p className="muted small">A student would not lose an attempt for this.</p>
        </div>
      );
    case 'unavailable':
      return <p className="error" role="alert">{res.message}</p>;
    case 'invalid':
      return <p className="error" role="alert">The answer could not be sent ({res.message}).</p>;
    case 'signed-out':
      return <p className="error" role="alert">Your session has ended: sign in again.</p>;
    case 'forbidden':
      return <p className="error" role="alert">{res.message}</p>;
    case 'not-found':
      return <p className="error" role="alert">This exercise is no longer in the course.</p>;
  }
}

/** The answer box and the grade of the last try, for the variant of `seed`. */
export function PreviewTry({ course, exercise, seed, form }: { course: string; exercise: string; seed: number; form: AnswerForm }) {
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<{ text: string; res: TryResponse } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(text: string) {
    setBusy(true);
    setError(null);
    try {
      setLast({ text, res: await tryAnswer({ course, exercise, seed, answer: text }) });
    } catch {
      setError('Could not reach the server. Try again.');
    } finally {
      setBusy(false);
    }
  }

  const wrong = last?.res.status === 'graded' ? wrongEntriesOf(last.text, last.res) : null;
  return (
    <div data-testid="try">
      <AnswerBox exerciseId={`try-${exercise}`} form={form} disabled={false} busy={busy} wrongEntries={wrong} onSubmit={submit} />
      <div aria-live="polite">
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {last && <Outcome text={last.text} res={last.res} />}
      </div>
    </div>
  );
}
