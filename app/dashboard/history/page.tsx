import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { currentUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { attemptHistory } from '@/server/attempts';
import { excerpt, formatPercent } from '@/lib/format';
import { LocalTime } from '@/components/LocalTime';
import { MathText } from '@/components/MathText';
import { ClosedForExam } from '@/components/ClosedForExam';
import { examClosing } from '@/server/exam-mode';

export const metadata: Metadata = { title: 'Your attempts' };

const VERDICT = { correct: 'Correct', partly: 'Partly correct', wrong: 'Not right' } as const;

/** The signed-in student's own attempts, newest first, 50 to a page. */
export default async function HistoryPage({ searchParams }: { searchParams: Promise<{ before?: string | string[] }> }) {
  const user = await currentUser(await headers());
  if (!user) redirect('/sign-in?next=/dashboard/history');
  // During an exam the answers and results of past attempts are closed (server/exam-mode.ts).
  const exam = await examClosing(await headers(), { page: '/dashboard/history', course: null });
  if (exam) return <ClosedForExam exam={exam} what="your attempt history" />;
  const { before } = await searchParams;
  const cursor = typeof before === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(before) ? before : undefined;
  const { entries, next } = await attemptHistory(getPrisma(), user.id, { limit: 50, before: cursor });
  return (
    <>
      <p className="muted">
        <Link href="/dashboard">← Your courses</Link>
      </p>
      <h1>Your attempts</h1>
      {entries.length === 0 ? (
        <p data-testid="no-attempts">{cursor ? 'No older attempts.' : 'You have not answered any exercise yet.'}</p>
      ) : (
        <div className="table-scroll">
          <table className="history" data-testid="history">
            <caption className="visually-hidden">Your attempts, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Exercise</th>
                <th scope="col">Your answer</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-verdict={e.held ? 'held' : e.verdict}>
                  <td>
                    <LocalTime iso={e.createdAt.toISOString()} short />
                  </td>
                  <td>
                    <Link href={`/courses/${e.course.slug}/${e.lesson.slug}`}>{e.lesson.title}</Link>: <MathText text={e.exercise.title} />
                  </td>
                  <td>
                    <code title={e.answerText.length > 80 ? e.answerText.slice(0, 1000) : undefined}>{excerpt(e.answerText)}</code>
                  </td>
                  {e.held ? (
                    <td data-testid="held">Saved; the result shows when the instructor releases it.</td>
                  ) : (
                    <td>
                      {VERDICT[e.verdict]}
                      {e.verdict === 'partly' && ` (${formatPercent(e.score)})`}
                      {e.diagnosis && <p className="muted small">{e.diagnosis}</p>}
                      {e.regraded && (
                        <p className="small" data-testid="regraded">
                          Regraded <LocalTime iso={e.regraded.at.toISOString()} short /> (first graded {formatPercent(e.regraded.previousScore)}).
                        </p>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <p>
          <Link href={`/dashboard/history?before=${encodeURIComponent(next)}`}>Older attempts →</Link>
        </p>
      )}
    </>
  );
}
