import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireStaffPage } from '@/server/teach/guard';
import { getPrisma } from '@/server/db/client';
import { studentWork, type ResultView, type StudentAttempt } from '@/server/teach/gradebook';
import { formatPercent } from '@/lib/format';
import { LocalTime } from '@/components/LocalTime';
import { MathText } from '@/components/MathText';
import styles from './student.module.css';

export const metadata: Metadata = { title: 'Student' };

const VERDICT = { correct: 'Correct', partly: 'Partly correct', wrong: 'Not right' } as const;

type Search = Record<string, string | string[] | undefined>;

/** "Partly correct, 50%, grader 1" */
function resultLine(r: ResultView): string {
  return `${VERDICT[r.verdict]}, ${formatPercent(r.score)}, grader ${r.graderVersion}`;
}

function Attempt({ a }: { a: StudentAttempt }) {
  const r = a.result;
  return (
    <li className={styles.attempt} data-testid="attempt" data-attempt={a.id} data-exercise={a.exercise.key} data-verdict={r.verdict}>
      <h3>
        {a.exercise.lesson.title}: <MathText text={a.exercise.title} /> <code className="muted small">{a.exercise.key}</code>
      </h3>
      <p className="muted small">
        <LocalTime iso={a.createdAt.toISOString()} short /> · seed {a.seed}
      </p>
      <p>Answer exactly as typed:</p>
      <pre className={styles.answer} data-testid="answer-text">
        <code>{a.answerText}</code>
      </pre>
      <p data-testid="verdict">
        <strong>{VERDICT[r.verdict]}</strong> — score {formatPercent(r.score)}
        {a.regrades.length > 0 && ' (after a regrade)'}
      </p>
      {r.diagnosis && (
        <p data-testid="diagnosis">
          <strong>Likely mistake:</strong> {r.diagnosis} <code className="muted small">{r.diagnosisId}</code>
        </p>
      )}
      {r.feedback.length > 0 && (
        <ul className="feedback" data-testid="feedback">
          {r.feedback.map((f, i) => (
            <li key={i}>{f}</li>
          ))}
        </ul>
      )}
      {a.regrades.length > 0 && (
        <>
          <p className="small">Results, oldest first:</p>
          <ol className={styles.history} data-testid="grade-history">
            <li>
              Original: {resultLine(a.original)}
              {a.original.diagnosis && ` — ${a.original.diagnosis}`}
            </li>
            {a.regrades.map((g, i) => (
              <li key={i}>
                Regraded <LocalTime iso={g.at.toISOString()} short /> (“{g.reason}”): {resultLine(g)}
                {g.diagnosis && ` — ${g.diagnosis}`}
              </li>
            ))}
          </ol>
        </>
      )}
    </li>
  );
}

/**
 * One member's attempts in the course, newest first (?exercise=<key> limits them to one
 * exercise, ?before=<id> pages back): each answer exactly as typed, its result, diagnosis,
 * feedback and, when regraded, every earlier result. Someone who is not a member of this
 * course is not found (404).
 */
export default async function StudentPage({ params, searchParams }: { params: Promise<{ course: string; userId: string }>; searchParams: Promise<Search> }) {
  const { course: slug, userId } = await params;
  const courseBase = `/teach/${slug}`;
  const base = `${courseBase}/students/${encodeURIComponent(userId)}`;
  const { course } = await requireStaffPage(slug, base);
  const search = await searchParams;
  const exercise = typeof search.exercise === 'string' && search.exercise !== '' ? search.exercise : undefined;
  const before = typeof search.before === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(search.before) ? search.before : undefined;
  const work = await studentWork(getPrisma(), course.id, userId, { exercise, before, limit: 100 });
  if (work.status === 'not-found') notFound();
  const { student, summary } = work;
  const olderHref = work.next ? `${base}?${new URLSearchParams({ ...(exercise ? { exercise } : {}), before: work.next })}` : null;
  return (
    <>
      <p className="muted">
        <a href={`${courseBase}/gradebook`}>← Gradebook</a>
      </p>
      <h1 data-testid="student-name">{student.name || student.email}</h1>
      <p>
        <span className="user-email" data-testid="student-email">
          {student.email}
        </span>
        {student.role !== 'student' && <> · {student.role} of this course</>}
      </p>
      <p data-testid="student-summary">
        Attempted {summary.attempted} of {summary.exercises} exercises ({summary.attempts} {summary.attempts === 1 ? 'attempt' : 'attempts'});
        total {summary.total === null ? '—' : formatPercent(summary.total)} (mean best score, unattempted exercises counting 0).
      </p>

      <form method="get" action={base} className="inline-form" aria-label="Limit to an exercise">
        <label>
          Exercise
          <select name="exercise" defaultValue={work.exercise ?? ''}>
            <option value="">All exercises</option>
            {work.exercises.map((e) => (
              <option key={e.key} value={e.key}>
                {e.lesson.title}: {e.key}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>
      </form>

      <h2 id="attempts">{work.exercise ? `Attempts at ${work.exercise}` : 'Attempts'}, newest first</h2>
      {work.attempts.length === 0 ? (
        <p data-testid="no-attempts">{before ? 'No older attempts.' : 'No attempts yet.'}</p>
      ) : (
        <ol className={styles.attempts} aria-labelledby="attempts">
          {work.attempts.map((a) => (
            <Attempt key={a.id} a={a} />
          ))}
        </ol>
      )}
      {olderHref && (
        <p>
          <a href={olderHref}>Older attempts →</a>
        </p>
      )}
    </>
  );
}
