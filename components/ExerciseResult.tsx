/**
 * What a grade shows a student — the verdict, per-part results, feedback and diagnosis — and
 * the reference answer with its worked steps. Used by the exercise card and by practice.
 */
import { excerpt, formatPercent } from '@/lib/format';
import type { AttemptResult, GradeView, Solution, Unreadable } from '@/server/wire';
import { UnreadableText } from './AnswerBox';
import { PartResults } from './PartResults';

/** The verdict, feedback and diagnosis of a graded attempt. */
export function Result({ result, latest, resultRef }: { result: GradeView & Pick<AttemptResult, 'answerText'>; latest: boolean; resultRef?: React.Ref<HTMLDivElement> }) {
  const entries = result.entries ?? [];
  const right = entries.filter((e) => e.correct).length;
  const headline =
    result.verdict === 'correct'
      ? 'Correct.'
      : result.verdict === 'partly'
        ? entries.length
          ? `Partly correct: ${right} of ${entries.length} entries right.`
          : `Partly correct (${formatPercent(result.score)}).`
        : 'Not right.';
  return (
    <div className={`result result-${result.verdict}`} data-testid="result" data-verdict={result.verdict} ref={resultRef} tabIndex={-1}>
      <p>
        <strong>{headline}</strong> {!latest && <span className="muted">(your last answer: <code>{excerpt(result.answerText)}</code>)</span>}
      </p>
      {result.parts && <PartResults parts={result.parts} />}
      {!result.parts && result.verdict !== 'correct' && result.feedback.length > 0 && (
        <ul className="feedback">
          {result.feedback.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
      {result.diagnosis && (
        <p className="diagnosis" data-testid="diagnosis">
          <strong>Likely mistake:</strong> {result.diagnosis.message}
        </p>
      )}
    </div>
  );
}

/** A reference answer and its worked steps, folded away unless `open`. */
export function SolutionDetails({ solution, open, testId }: { solution: Solution; open: boolean; testId: string }) {
  return (
    <details className="solution" data-testid={testId} open={open}>
      <summary>Answer and worked steps</summary>
      <div dangerouslySetInnerHTML={{ __html: solution.answerHtml }} />
      <WorkedSteps steps={solution.steps} />
    </details>
  );
}

/** Worked steps as a numbered list: each step's title and its math. */
export function WorkedSteps({ steps, className, testId }: { steps: Solution['steps']; className?: string; testId?: string }) {
  return (
    <ol className={className} data-testid={testId}>
      {steps.map((step, i) => (
        <li key={i}>
          <p>{step.title}</p>
          <div dangerouslySetInnerHTML={{ __html: step.html }} />
        </li>
      ))}
    </ol>
  );
}

/** Why an answer could not be read, with the place marked in what was typed; it did not count. */
export function UnreadableResult({ text, error, testId, note }: { text: string; error: Unreadable; testId: string; note?: string }) {
  return (
    <div className="result result-unreadable" data-testid={testId}>
      <p>
        <strong>Could not read your answer:</strong> {error.message}
      </p>
      <p>
        <UnreadableText text={text} error={error} />
      </p>
      {note && <p className="muted small">{note}</p>}
    </div>
  );
}
