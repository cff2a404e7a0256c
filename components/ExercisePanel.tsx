'use client';
/**
 * The live part of an exercise card. The lesson page is static and shows an example
 * variant (`children`); after mount this asks the server for the signed-in student's own
 * state (their variant's question, attempts, last result, hints, and the worked answer
 * only once allowed), then lets them answer. Grading happens on the server only.
 */
import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import Link from 'next/link';
import { formatPercent } from '@/lib/format';
import type { ExerciseState, Unreadable } from '@/server/wire';
import { fetchLessonState, submitAnswer } from './exercise-requests';
import { AnswerBox, partTextsOf, wrongEntriesOf } from './AnswerBox';
import { clearLocal } from './draft-sync';
import { LocalTime } from './LocalTime';
import { Result, SolutionDetails, UnreadableResult } from './ExerciseResult';
import { PracticePanel } from './PracticePanel';

/** A trace's figure: loaded only for a trace in two variables (it brings the contour plotting). */
const TracePaths = lazy(() => import('./figures/TracePaths'));
/** A figure answer's plot (figure-point, -direction, -step-size): loaded only for such an exercise. */
const FigureInput = lazy(() => import('./figures/FigureInput'));

type Load =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'not-enrolled' }
  | { status: 'error'; message: string }
  | { status: 'ok'; state: ExerciseState };

/** 128 random bits as hex; crypto.getRandomValues works on plain-HTTP deployments too. */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The badge in the card header: correct, finished, or attempted with the best score. */
export function StatusBadge({ state }: { state: ExerciseState }) {
  if (state.status === 'correct') return <span className="badge badge-ok" data-testid="exercise-status">✓ Correct</span>;
  if (state.status === 'closed' && state.attemptsUsed > 0) {
    return <span className="badge" data-testid="exercise-status">Finished · {formatPercent(state.bestScore ?? 0)}</span>;
  }
  if (state.attemptsUsed > 0) return <span className="badge" data-testid="exercise-status">Attempted · best {formatPercent(state.bestScore ?? 0)}</span>;
  return null;
}

/** Attempts used of those allowed (as the instructor set them), and the due date when there is one. */
function Attempts({ state }: { state: ExerciseState }) {
  const text =
    state.attemptsAllowed === 0
      ? `Attempts used: ${state.attemptsUsed} (no limit).`
      : `Attempts: ${state.attemptsUsed} of ${state.attemptsAllowed} used.`;
  return (
    <p className="muted small">
      <span data-testid="attempts">{text}</span>
      {state.dueAt && (
        <span data-testid="due">
          {' '}
          Due <LocalTime iso={state.dueAt} />.
        </span>
      )}
    </p>
  );
}

/**
 * The live exercise: own question, answer box, result, hints and (when allowed) the solution.
 * In an assessment sitting the page passes the card's `initial` state and the `sitting` id
 * (answers are sent with it) instead of a lesson.
 */
export function ExercisePanel({
  course,
  lesson,
  id,
  children,
  sitting,
  initial,
}: {
  course: string;
  lesson?: string;
  id: string;
  children?: React.ReactNode;
  sitting?: string;
  initial?: ExerciseState;
}) {
  const [load, setLoad] = useState<Load>(initial ? { status: 'ok', state: initial } : { status: 'loading' });
  const [busy, setBusy] = useState(false);
  const [unreadable, setUnreadable] = useState<{ text: string; error: Unreadable } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fresh, setFresh] = useState(false);
  // After a graded answer, focus moves to its result: the answer box may be gone (a correct
  // answer closes the exercise), and a keyboard or screen-reader user should land on the verdict.
  const resultRef = useRef<HTMLDivElement>(null);
  const [gradedId, setGradedId] = useState<string | null>(null);
  useEffect(() => {
    if (gradedId) resultRef.current?.focus();
  }, [gradedId]);
  const pendingKey = useRef<{ text: string; key: string } | null>(null);
  // A trace's texts as typed, for the figure that draws the student's path (a figure answer's: its one text).
  const [texts, setTexts] = useState<Record<string, string>>({});
  // What a figure answer's moves write into the answer box.
  const [pushed, setPushed] = useState<{ text: string } | null>(null);
  const fromFigure = (text: string) => {
    setTexts({ '': text });
    setPushed({ text });
  };

  useEffect(() => {
    if (lesson === undefined) return;
    let live = true;
    fetchLessonState(course, lesson).then(
      (res) => {
        if (!live) return;
        if (res.status === 'ok') {
          const state = res.exercises.find((e) => e.key === id);
          setLoad(state ? { status: 'ok', state } : { status: 'error', message: 'This exercise is not in the course yet.' });
        } else if (res.status === 'signed-out' || res.status === 'not-enrolled') setLoad({ status: res.status });
        else setLoad({ status: 'error', message: 'This lesson could not be loaded.' });
      },
      () => live && setLoad({ status: 'error', message: 'Your work could not be loaded. Reload the page to try again.' }),
    );
    return () => {
      live = false;
    };
  }, [course, lesson, id]);

  async function submit(text: string) {
    // A retry of the same answer (after a lost response) reuses its key: one attempt is stored.
    const key = pendingKey.current?.text === text ? pendingKey.current.key : newKey();
    pendingKey.current = { text, key };
    setBusy(true);
    setNotice(null);
    try {
      const res = await submitAnswer({ course, exercise: id, answer: text, idempotencyKey: key, ...(sitting ? { sitting } : {}) });
      pendingKey.current = null;
      switch (res.status) {
        case 'graded':
          clearLocal(res.state.draftKey); // the answer is stored, and its draft with it
          setUnreadable(null);
          setFresh(true);
          setGradedId(res.result.id);
          setLoad({ status: 'ok', state: res.state });
          break;
        case 'unreadable':
          setUnreadable({ text, error: res.error });
          setLoad({ status: 'ok', state: res.state });
          break;
        case 'saved':
          clearLocal(res.state.draftKey);
          setUnreadable(null);
          setLoad({ status: 'ok', state: res.state });
          setNotice(null);
          break;
        case 'closed':
          setUnreadable(null);
          setLoad({ status: 'ok', state: res.state });
          setNotice(res.state.closedReason);
          break;
        case 'signed-out':
          setLoad({ status: 'signed-out' });
          break;
        case 'not-enrolled':
          setLoad({ status: 'not-enrolled' });
          break;
        default:
          setNotice('That answer could not be sent. Reload the page and try again.');
      }
    } catch {
      setNotice('Could not reach the server. Press Submit again: your answer will be counted once.');
    } finally {
      setBusy(false);
    }
  }

  if (load.status !== 'ok') {
    return (
      <div className="exercise-live" data-state={load.status}>
        {children}
        <p className="muted small" data-testid="exercise-note">
          {load.status === 'signed-out' ? (
            <>
              <Link href="/sign-in">Sign in</Link> to answer; your own numbers may differ from this example.
            </>
          ) : load.status === 'not-enrolled' ? (
            <>
              <Link href="/dashboard">Enrol in this course</Link> to answer; your own numbers may differ from this example.
            </>
          ) : load.status === 'error' ? (
            load.message
          ) : (
            'Your own numbers may differ from this example.'
          )}
        </p>
      </div>
    );
  }

  const { state } = load;
  const last = state.last;
  const figure = state.form.table?.figure;
  const answerFigure = state.form.figure;
  return (
    <div className="exercise-live" data-state={state.status}>
      <div className="exercise-status">
        <StatusBadge state={state} />
      </div>
      <p dangerouslySetInnerHTML={{ __html: state.promptHtml }} data-testid="own-prompt" />
      {answerFigure && (
        <Suspense fallback={null}>
          <FigureInput
            figure={answerFigure}
            text={state.status === 'open' || !last ? (texts[''] ?? '') : last.answerText}
            onText={state.status === 'open' ? fromFigure : undefined}
            reference={state.solution?.path}
          />
        </Suspense>
      )}
      <div className={figure ? 'trace-layout' : undefined}>
        {state.status === 'open' ? (
          <AnswerBox
            exerciseId={id}
            form={state.form}
            disabled={false}
            busy={busy}
            wrongEntries={last && fresh ? wrongEntriesOf(last.answerText, last) : null}
            onSubmit={submit}
            draft={{ key: state.draftKey, server: state.draft, target: { course, exercise: id, ...(sitting ? { sitting } : {}) } }}
            onTexts={figure || answerFigure ? setTexts : undefined}
            pushed={answerFigure ? pushed : undefined}
          />
        ) : (
          state.closedReason && <p className="muted">{state.closedReason}</p>
        )}
        {figure && (
          <Suspense fallback={null}>
            <TracePaths
              figure={figure}
              rows={state.form.table!.rows.length}
              texts={state.status === 'open' || !last ? texts : partTextsOf(last.answerText)}
              reference={state.solution?.path}
            />
          </Suspense>
        )}
      </div>
      <Attempts state={state} />
      {state.savedAnswer != null && (
        <p className="small" data-testid="saved-answer">
          Saved answer: <code>{state.savedAnswer}</code> — graded; the result is shown when the instructor releases the results.
        </p>
      )}
      <div aria-live="polite">
        {unreadable && <UnreadableResult text={unreadable.text} error={unreadable.error} testId="unreadable" note="This did not count as an attempt." />}
        {notice && (
          <p className="error" role="alert">
            {notice}
          </p>
        )}
        {!unreadable && last && <Result result={last} latest={fresh} resultRef={resultRef} />}
      </div>
      {state.hintsHtml.length > 0 && (
        <div className="hints" data-testid="hints">
          {state.hintsHtml.map((h, i) => (
            <p key={i}>
              <strong>Hint {i + 1}:</strong> <span dangerouslySetInnerHTML={{ __html: h }} />
            </p>
          ))}
        </div>
      )}
      {state.solution && <SolutionDetails solution={state.solution} open={fresh} testId="solution" />}
      {state.practice && <PracticePanel course={course} exercise={id} />}
    </div>
  );
}
