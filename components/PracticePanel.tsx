'use client';
/**
 * Practice on new variants of a finished exercise (server/practice.ts): the student asks for
 * one, answers it as often as they like, sees the grade and the worked answer, and may ask for
 * another. Nothing is stored and nothing counts towards their grade.
 */
import { useState } from 'react';
import type { GradeView, PracticeResponse, Solution, Unreadable, AnswerForm } from '@/server/wire';
import { AnswerBox } from './AnswerBox';
import { Result, SolutionDetails, UnreadableResult } from './ExerciseResult';
import { practise } from './exercise-requests';

type Variant = { token: string; promptHtml: string; form: AnswerForm; n: number };
type Outcome = { kind: 'graded'; text: string; grade: GradeView; solution: Solution } | { kind: 'unreadable'; text: string; error: Unreadable } | null;

/** What to tell the student when a practice request did not give a variant or a grade. */
function problemOf(res: PracticeResponse): string {
  switch (res.status) {
    case 'signed-out':
      return 'You are signed out. Sign in again to practise.';
    case 'not-finished':
      return 'Finish this exercise first: practice opens once your own variant is done.';
    case 'closed-for-exam':
      return 'Closed during the exam: practice reopens when it ends.';
    case 'stale':
      return 'This exercise has changed since this variant was made. Ask for a new one.';
    case 'not-enrolled':
      return 'You are no longer enrolled in this course.';
    default:
      return 'Practice is not available for this exercise.';
  }
}

export function PracticePanel({ course, exercise }: { course: string; exercise: string }) {
  const [variant, setVariant] = useState<Variant | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function request(body: { token?: string; answer?: string }, text = '') {
    setBusy(true);
    setProblem(null);
    try {
      const res = await practise({ course, exercise, ...body });
      if (res.status === 'variant') {
        setVariant((v) => ({ token: res.token, promptHtml: res.promptHtml, form: res.form, n: (v?.n ?? 0) + 1 }));
        setOutcome(null);
      } else if (res.status === 'graded') setOutcome({ kind: 'graded', text, grade: res.grade, solution: res.solution });
      else if (res.status === 'unreadable') setOutcome({ kind: 'unreadable', text, error: res.error });
      else setProblem(problemOf(res));
    } catch {
      setProblem('Could not reach the server. Try again.');
    } finally {
      setBusy(false);
    }
  }

  const another = (
    <button type="button" className="link-button" onClick={() => request({})} disabled={busy}>
      {variant ? 'Another variant' : 'Practise on a new variant'}
    </button>
  );
  return (
    <section className="practice" data-testid="practice" aria-label="Practice">
      {!variant ? (
        <p className="muted small">
          {another} — new numbers, as often as you like; practice is not graded or stored.
        </p>
      ) : (
        <>
          <h4>
            Practice variant {variant.n} <span className="muted small">(not graded)</span>
          </h4>
          <p dangerouslySetInnerHTML={{ __html: variant.promptHtml }} data-testid="practice-prompt" />
          <AnswerBox
            key={variant.token}
            exerciseId={`${exercise}-practice`}
            form={variant.form}
            disabled={false}
            busy={busy}
            wrongEntries={null}
            onSubmit={(text) => request({ token: variant.token, answer: text }, text)}
          />
          <div aria-live="polite">
            {outcome?.kind === 'unreadable' && <UnreadableResult text={outcome.text} error={outcome.error} testId="practice-unreadable" />}
            {outcome?.kind === 'graded' && <Result result={{ ...outcome.grade, answerText: outcome.text }} latest />}
          </div>
          {outcome?.kind === 'graded' && <SolutionDetails solution={outcome.solution} open={false} testId="practice-solution" />}
          <p>{another}</p>
        </>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
