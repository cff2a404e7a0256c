import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireStaffPage } from '@/server/teach/guard';
import { getPrisma } from '@/server/db/client';
import { auditLog } from '@/server/teach/audit-log';
import { LocalTime } from '@/components/LocalTime';

export const metadata: Metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ course: string; assessment: string }>; searchParams: Promise<{ student?: string; page?: string }> };

/** An assessment's audit log for its instructors: server time in the reader's zone, student, action, detail; by student; 100 a page; CSV. */
export default async function AuditLogPage({ params, searchParams }: Props) {
  const { course: slug, assessment } = await params;
  const { student, page } = await searchParams;
  const { course } = await requireStaffPage(slug, `/teach/${slug}/assessments/${assessment}/log`);
  const who = typeof student === 'string' && student ? student.slice(0, 200) : undefined;
  const log = await auditLog(getPrisma(), course.id, assessment, { student: who, page: Number(page) || 1 });
  if (!log) notFound();
  const base = `/teach/${course.slug}/assessments/${log.assessment.slug}/log`;
  const query = (p: number) => `${base}?${new URLSearchParams({ ...(who ? { student: who } : {}), page: String(p) })}`;
  return (
    <article>
      <p className="muted">
        <Link href={`/teach/${course.slug}/assessments`}>Assessments</Link>
      </p>
      <h1>Audit log: {log.assessment.title}</h1>
      <form method="get" action={base} className="inline-form">
        <label>
          Student{' '}
          <select name="student" defaultValue={who ?? ''}>
            <option value="">everyone</option>
            {log.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.email})
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>{' '}
        <a href={`${base}.csv${who ? `?student=${encodeURIComponent(who)}` : ''}`} download>
          Download CSV
        </a>
      </form>
      <p className="muted small" data-testid="log-count">
        {log.total} event{log.total === 1 ? '' : 's'}, newest first{log.pages > 1 ? ` — page ${log.page} of ${log.pages}` : ''}.
      </p>
      <div className="table-scroll">
        <table data-testid="audit-log">
          <thead>
            <tr>
              <th scope="col">Server time</th>
              <th scope="col">Student</th>
              <th scope="col">Action</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {log.entries.map((e) => (
              <tr key={e.id} data-action={e.action}>
                <td>
                  <LocalTime iso={e.at.toISOString()} short />
                </td>
                <td>
                  {e.user.name} <span className="muted small">{e.user.email}</span>
                </td>
                <td>{e.action}</td>
                <td className="small">{e.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {log.pages > 1 && (
        <p>
          {log.page > 1 && <Link href={query(log.page - 1)}>Newer</Link>} {log.page < log.pages && <Link href={query(log.page + 1)}>Older</Link>}
        </p>
      )}
    </article>
  );
}
