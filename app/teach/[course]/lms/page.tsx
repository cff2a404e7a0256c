import type { Metadata } from 'next';
import { LocalTime } from '@/components/LocalTime';
import { ResendScore, SyncRoster } from '@/components/teach/LmsPanel';
import { formatPercent } from '@/lib/format';
import { getPrisma } from '@/server/db/client';
import { requireStaffPage } from '@/server/teach/guard';
import { lmsOverview } from '@/server/teach/lms';

export const metadata: Metadata = { title: 'LMS' };
export const dynamic = 'force-dynamic';

/** /teach/<course>/lms: the linked LMS courses and the scores sent to their gradebooks. */
export default async function LmsPage({ params }: { params: Promise<{ course: string }> }) {
  const { course: slug } = await params;
  const { course } = await requireStaffPage(slug, `/teach/${slug}/lms`);
  const overview = await lmsOverview(getPrisma(), course.id);
  return (
    <>
      <h1>LMS</h1>
      <p>
        Students who open this course from an LMS (LTI 1.3) get their scores in the LMS gradebook by themselves: after every graded attempt and every regrade that
        changes a score. An exercise&apos;s column gets the student&apos;s best score; a lesson&apos;s column the mean of the best scores of its exercises. Set-up:
        docs/lti.md.
      </p>
      <h2>Linked LMS courses</h2>
      {overview.contexts.length === 0 ? (
        <p>None yet: a course appears here after its first launch from an LMS.</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="lms-contexts">
            <thead>
              <tr>
                <th scope="col">LMS</th>
                <th scope="col">Course</th>
                <th scope="col">Members</th>
                <th scope="col">Gradebook columns</th>
                <th scope="col">Services</th>
              </tr>
            </thead>
            <tbody>
              {overview.contexts.map((c) => (
                <tr key={`${c.platform}-${c.contextId}`}>
                  <td>{c.platform}</td>
                  <th scope="row">{c.title}</th>
                  <td>{c.members}</td>
                  <td>{c.lineItems}</td>
                  <td>{[c.grades ? 'grades' : 'no grades (turn on Assignment and Grade Services)', c.roster ? 'roster' : 'no roster'].join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <SyncRoster course={course.slug} />
      <h2>Scores sent to the LMS</h2>
      <p data-testid="lms-counts">
        {overview.counts.sent} sent, {overview.counts.pending} waiting, {overview.counts.failed} failed.
      </p>
      {overview.scores.length > 0 && (
        <div className="table-scroll">
          <table data-testid="lms-scores">
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">LMS course</th>
                <th scope="col">Column</th>
                <th scope="col">Score</th>
                <th scope="col">Status</th>
                <th scope="col">LMS answer</th>
                <th scope="col"></th>
              </tr>
            </thead>
            <tbody>
              {overview.scores.map((s) => (
                <tr key={s.id} data-status={s.status}>
                  <th scope="row">
                    {s.student.name} <span className="muted small">{s.student.email}</span>
                  </th>
                  <td>{s.context}</td>
                  <td>{s.lineItem}</td>
                  <td>{formatPercent(s.score)}</td>
                  <td>
                    {s.status === 'sent' && s.sentAt ? (
                      <>
                        sent <LocalTime iso={s.sentAt} />
                      </>
                    ) : s.status === 'pending' ? (
                      <>
                        waiting{s.tries > 0 ? ` (try ${s.tries + 1} at ` : ''}
                        {s.tries > 0 && <LocalTime iso={s.nextAttemptAt} />}
                        {s.tries > 0 ? ')' : ''}
                      </>
                    ) : (
                      `failed after ${s.tries} ${s.tries === 1 ? 'try' : 'tries'}`
                    )}
                  </td>
                  <td className="small">{s.lastError ?? ''}</td>
                  <td>{s.status !== 'pending' || s.tries > 0 ? <ResendScore course={course.slug} scoreId={s.id} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
