/**
 * The misconceptions page's body (a server component): the lesson filter, the course-wide
 * summary (mistakes ranked by students affected, the hardest exercises at the first try,
 * two bar charts) and one section per exercise with its shares, diagnoses and most common
 * wrong answers. Students' answers are shown as inert text (React text children in <code>).
 */
import Link from 'next/link';
import type { CourseMistake, ExerciseInsight, MisconceptionReport as Report } from '@/server/teach/misconceptions';
import { formatPercent } from '@/lib/format';
import { MathText } from '@/components/MathText';
import { MisconceptionChart } from './MisconceptionChart';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A title with $…$ math as plain text (for the SVG chart, which has no KaTeX). */
const plainTitle = (title: string) => title.replace(/\$/g, '');

/** The GET form that limits the report to one lesson. */
export function MisconceptionFilter({ base, lessons, current }: { base: string; lessons: { slug: string; title: string }[]; current: string | null }) {
  return (
    <form method="get" action={base} className="inline-form" aria-label="Limit to a lesson">
      <div style={{ display: 'grid', gap: '0.25rem' }}>
        <label htmlFor="lesson-filter">Lesson</label>
        <select id="lesson-filter" name="lesson" defaultValue={current ?? ''}>
          <option value="">All lessons</option>
          {lessons.map((l) => (
            <option key={l.slug} value={l.slug}>
              {l.title}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">Show</button>
    </form>
  );
}

function mistakeSentence(m: CourseMistake): string {
  return `${plural(m.students, 'student')} in ${plural(m.exercises.length, 'exercise')} (${plural(m.attempts, 'attempt')})`;
}

function shareText(part: number, whole: number, share: number | null): string {
  return share === null ? '—' : `${formatPercent(share)} (${part} of ${whole})`;
}

/** The course-wide part: totals, ranked mistakes, hardest exercises and the charts. */
function Summary({ report, base }: { report: Report; base: string }) {
  const anchor = (key: string) => `#exercise-${key}`;
  const tried = report.exercises.filter((e) => e.students > 0);
  return (
    <section aria-labelledby="summary-title" data-testid="summary">
      <h2 id="summary-title">Summary</h2>
      <p data-testid="totals">
        {plural(report.students, 'student')} of {report.enrolled} enrolled answered {plural(report.attempts, 'time')}
        {report.lesson ? ` in ${report.lesson.title}` : ''}.
      </p>
      {report.attempts === 0 ? (
        <p className="muted">No answers yet: come back after students have worked on the exercises.</p>
      ) : (
        <>
          <h3>Most common mistakes</h3>
          {report.mistakes.length === 0 ? (
            <p className="muted">No known mistake was diagnosed.</p>
          ) : (
            <ol data-testid="summary-mistakes">
              {report.mistakes.map((m) => (
                <li key={`${m.kind} ${m.id}`} data-mistake={m.id}>
                  <strong>{mistakeSentence(m)}:</strong> {m.message} <span className="muted small">({m.kindTitle}: </span>
                  {m.exercises.map((key, i) => (
                    <span key={key} className="muted small">
                      {i > 0 && ', '}
                      <a href={anchor(key)}>{key}</a>
                    </span>
                  ))}
                  <span className="muted small">)</span>
                </li>
              ))}
            </ol>
          )}
          {report.mistakes.length > 0 && (
            <MisconceptionChart
              id="chart-mistakes"
              title="Students who made each mistake"
              columns={['Mistake', 'Students']}
              max={Math.max(...report.mistakes.map((m) => m.students))}
              bars={report.mistakes.slice(0, 10).map((m) => ({
                key: `${m.kind}-${m.id}`,
                label: m.message,
                value: m.students,
                shown: plural(m.students, 'student'),
              }))}
            />
          )}
          <h3>Hardest at the first try</h3>
          <ol data-testid="summary-hardest">
            {report.hardest.map((e) => (
              <li key={e.key}>
                <a href={anchor(e.key)}>
                  <MathText text={e.title} />
                </a>{' '}
                <span className="muted small">({e.lesson.title})</span>: {formatPercent(e.firstTryShare!)} right at the first try,{' '}
                {formatPercent(e.eventualShare!)} in the end ({plural(e.students, 'student')})
              </li>
            ))}
          </ol>
          <MisconceptionChart
            id="chart-first-try"
            title="Share of students right at their first try"
            columns={['Exercise', 'Right at the first try']}
            max={1}
            bars={tried.map((e) => ({
              key: e.key,
              label: `${plainTitle(e.title)} (${e.key})`,
              value: e.firstTryShare!,
              shown: formatPercent(e.firstTryShare!),
            }))}
          />
        </>
      )}
      <p className="muted small">
        Counted: the attempts of enrolled students, each with its newest regrade when there is one. <Link href={`${base}/preview`}>Preview the exercises</Link>.
      </p>
    </section>
  );
}

/** One exercise: shares, the kind's diagnoses, the most common wrong answers (one line when nobody answered). */
function ExerciseSection({ e, base }: { e: ExerciseInsight; base: string }) {
  const preview = `${base}/preview/${encodeURIComponent(e.key)}`;
  if (e.students === 0) {
    return (
      <section id={`exercise-${e.key}`} data-exercise={e.key} aria-labelledby={`exercise-${e.key}-title`} style={{ margin: '0.75rem 0' }}>
        <h3 id={`exercise-${e.key}-title`} style={{ fontSize: '1rem', margin: 0 }}>
          <MathText text={e.title} /> <span className="muted small">· {e.kindTitle} · {e.lesson.title}</span>
        </h3>
        <p className="muted small" data-testid="no-answers" style={{ margin: 0 }}>
          Nobody has answered this yet · <Link href={preview}>Preview</Link> · <code>{e.key}</code>
        </p>
      </section>
    );
  }
  return (
    <section id={`exercise-${e.key}`} className="card" data-exercise={e.key} aria-labelledby={`exercise-${e.key}-title`}>
      <h3 id={`exercise-${e.key}-title`} style={{ marginTop: 0 }}>
        <MathText text={e.title} /> <span className="muted small">· {e.kindTitle} · {e.lesson.title}</span>
      </h3>
      <p className="small">
        <Link href={preview}>Preview</Link> · <code>{e.key}</code>
      </p>
      <p data-testid="shares">
        {plural(e.students, 'student')}, {plural(e.attempts, 'attempt')}. Right at the first try: {shareText(e.firstTryRight, e.students, e.firstTryShare)}. Right in the
        end: {shareText(e.eventuallyRight, e.students, e.eventualShare)}.
      </p>
      {e.diagnoses.length > 0 && (
        <div className="table-scroll">
          <table className="history" data-testid="diagnoses">
            <caption className="visually-hidden">Known mistakes in this exercise</caption>
            <thead>
              <tr>
                <th scope="col">Likely mistake</th>
                <th scope="col">Students</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {e.diagnoses.map((d) => (
                <tr key={d.id} data-diagnosis={d.id} className={d.students === 0 ? 'muted' : undefined}>
                  <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>
                    {d.message}
                    {!d.known && <span className="muted small"> (id “{d.id}”, no longer known to the grader)</span>}
                  </th>
                  <td>{d.students}</td>
                  <td>{d.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small">
        {plural(e.wrongAttempts, 'wrong attempt')}; {e.undiagnosed} not explained by a known mistake.
      </p>
      {e.wrongAnswers.length > 0 && (
        <div className="table-scroll">
          <table className="history" data-testid="wrong-answers">
            <caption style={{ textAlign: 'left', fontWeight: 600 }}>Most common wrong answers</caption>
            <thead>
              <tr>
                <th scope="col">Answer (as typed, spaces tidied)</th>
                <th scope="col">Attempts</th>
                <th scope="col">Students</th>
              </tr>
            </thead>
            <tbody>
              {e.wrongAnswers.map((w) => (
                <tr key={w.text}>
                  <td>
                    <code style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{w.cut ? `${w.text}…` : w.text}</code>
                  </td>
                  <td>{w.attempts}</td>
                  <td>{w.students}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The whole report. `base` is /teach/<course>. */
export function MisconceptionReport({ report, base }: { report: Report; base: string }) {
  return (
    <>
      <Summary report={report} base={base} />
      <h2>By exercise</h2>
      {report.exercises.length === 0 && <p className="muted">This course has no exercises.</p>}
      {report.exercises.map((e) => (
        <ExerciseSection key={e.key} e={e} base={base} />
      ))}
    </>
  );
}
