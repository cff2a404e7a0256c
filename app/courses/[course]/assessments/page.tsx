import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { currentUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { assessmentList, type AssessmentListItem } from '@/server/assessments';
import { LocalTime } from '@/components/LocalTime';
import { weightText } from '@/lib/content/assessments';

export const metadata: Metadata = { title: 'Assessments' };
export const dynamic = 'force-dynamic';

const STATUS: Record<AssessmentListItem['status'], string> = {
  upcoming: 'Not open yet',
  open: 'Open',
  'in-progress': 'In progress',
  finished: 'Finished',
  closed: 'Closed',
};

function limitText(item: AssessmentListItem): string {
  if (item.timeLimitMinutes === null) return 'No time limit';
  return `${item.timeLimitMinutes} min${item.extraMinutes ? ` + ${item.extraMinutes} min extra time` : ''}`;
}

export default async function AssessmentsPage({ params }: { params: Promise<{ course: string }> }) {
  const { course } = await params;
  const user = await currentUser(await headers());
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/courses/${course}/assessments`)}`);
  const list = await assessmentList(getPrisma(), user.id, course);
  if (list.status !== 'ok') {
    if (list.status === 'not-enrolled') redirect('/dashboard');
    return notFound();
  }
  return (
    <article>
      <p className="muted">
        <Link href="/dashboard">{list.course.title}</Link>
      </p>
      <h1>Assessments</h1>
      {list.items.length === 0 ? (
        <p>This course has no assessments.</p>
      ) : (
        <div className="table-scroll">
          <table className="progress" data-testid="assessments">
            <thead>
              <tr>
                <th scope="col">Assessment</th>
                <th scope="col">Status</th>
                <th scope="col">Opens</th>
                <th scope="col">Due</th>
                <th scope="col">Time</th>
                <th scope="col">Score</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((a) => (
                <tr key={a.slug} data-assessment={a.slug}>
                  <th scope="row">
                    <Link href={`/courses/${course}/assessments/${a.slug}`}>{a.title}</Link> <span className="muted small">({a.type})</span>{' '}
                    <span className="muted small" data-testid="weight">{weightText(a.weight)}</span>
                  </th>
                  <td data-testid="status">{STATUS[a.status]}</td>
                  <td>{a.opensAt ? <LocalTime iso={a.opensAt.toISOString()} short /> : '—'}</td>
                  <td data-testid="due">{a.deadline ? <LocalTime iso={a.deadline.toISOString()} short /> : a.closesAt ? <LocalTime iso={a.closesAt.toISOString()} short /> : '—'}</td>
                  <td>{limitText(a)}</td>
                  <td data-testid="score">{a.score ? `${a.score.points} / ${a.score.total}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
