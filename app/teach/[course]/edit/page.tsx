import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getPrisma } from '@/server/db/client';
import { contentRoot } from '@/server/publish';
import { formatProblem } from '@/lib/content';
import { requireStaffPage } from '@/server/teach/guard';
import { editorAssessments, editorLessons } from '@/server/teach/editor';
import { LocalTime } from '@/components/LocalTime';
import { SyncButton } from '@/components/teach/SyncButton';
import type { Problem } from '@/lib/content';

export const metadata: Metadata = { title: 'Edit lessons and assessments' };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const TYPES = ['homework', 'quiz', 'exam'] as const;

/**
 * /teach/<course>/edit: the course's lessons and assessments to edit, a new lesson, a new
 * assessment from a template, and the Sync button with the last sync's problems.
 */
export default async function EditIndex({
  params,
  searchParams,
}: {
  params: Promise<{ course: string }>;
  searchParams: Promise<{ new?: string; newAssessment?: string; type?: string }>;
}) {
  const { course: slug } = await params;
  const { course } = await requireStaffPage(slug, `/teach/${slug}/edit`);
  const query = await searchParams;
  const wanted = query.new?.trim();
  const badName = wanted !== undefined && !SLUG.test(wanted);
  if (wanted && !badName) redirect(`/teach/${course.slug}/edit/${wanted}`);
  const wantedAssessment = query.newAssessment?.trim();
  const badAssessment = wantedAssessment !== undefined && !SLUG.test(wantedAssessment);
  const type = TYPES.find((t) => t === query.type) ?? 'homework';
  if (wantedAssessment && !badAssessment) redirect(`/teach/${course.slug}/edit/assessments/${wantedAssessment}?type=${type}`);
  const prisma = getPrisma();
  const { lessons } = await editorLessons(contentRoot(), course.slug);
  const assessments = await editorAssessments(contentRoot(), course.slug);
  const latest = await prisma.courseVersion.findFirst({ where: { courseSlug: course.slug }, orderBy: { createdAt: 'desc' }, select: { status: true, problems: true, createdAt: true } });
  const published = await prisma.course.findUnique({ where: { slug: course.slug }, select: { publishedVersionId: true } });
  const publishedAt = published?.publishedVersionId
    ? (await prisma.courseVersion.findUnique({ where: { id: published.publishedVersionId }, select: { createdAt: true } }))?.createdAt
    : null;
  const refused = latest?.status === 'refused' ? ((latest.problems as unknown as Problem[]) ?? []) : [];
  return (
    <>
      <h1>Edit lessons and assessments</h1>
      <p className="muted">
        Lessons and assessments are files in the course folder on the server. Saving one writes its file and publishes the course when
        it has no problems; students keep seeing the last published version until then.
        {publishedAt && (
          <>
            {' '}
            Published version from <LocalTime iso={publishedAt.toISOString()} />.
          </>
        )}
      </p>
      {!publishedAt && (
        <p className="error" data-testid="never-published">
          This course has not been published yet: students do not see it. Fix the problems below, then save or sync.
        </p>
      )}
      <SyncButton course={course.slug} />
      {refused.length > 0 && (
        <section className="card" aria-labelledby="refused" data-testid="refused">
          <h2 id="refused">The last sync was refused</h2>
          <p>These problems keep the course folder from being published; students see the last published version.</p>
          <ul className="problems">
            {refused.map((p, i) => (
              <li key={i}>
                <code>{formatProblem(p)}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="lessons">
        <h2 id="lessons">Lessons</h2>
        <p>
          <Link href={`/teach/${course.slug}/edit/course.json`}>Edit course.json</Link>{' '}
          <span className="muted small">the course&rsquo;s title, description and the order of its lessons</span>
        </p>
        <ol>
          {lessons.map((l) => (
            <li key={l.slug}>
              <Link href={`/teach/${course.slug}/edit/${l.slug}`}>{l.title ?? l.slug}</Link> <span className="muted small">{l.slug}.mdx</span>
            </li>
          ))}
        </ol>
        <form method="get" action={`/teach/${course.slug}/edit`} className="inline-form" aria-label="New lesson">
          <label>
            New lesson (file name)
            <input name="new" required pattern="[a-z0-9]+(-[a-z0-9]+)*" placeholder="line-search" defaultValue={badName ? wanted : ''} />
          </label>
          <button type="submit">Create lesson</button>
          {badName && (
            <p role="alert" className="error">
              A lesson name is kebab-case: lower-case letters and digits joined by single hyphens, e.g. line-search.
            </p>
          )}
        </form>
      </section>
      <section aria-labelledby="assessments">
        <h2 id="assessments">Assessments</h2>
        {assessments.length === 0 ? (
          <p className="muted">No assessments yet.</p>
        ) : (
          <ol data-testid="assessment-files">
            {assessments.map((a) => (
              <li key={a.slug}>
                <Link href={`/teach/${course.slug}/edit/assessments/${a.slug}`}>{a.title ?? a.slug}</Link>{' '}
                <span className="muted small">
                  {a.type ? `${a.type} · ` : ''}assessments/{a.slug}.json
                </span>
              </li>
            ))}
          </ol>
        )}
        <form method="get" action={`/teach/${course.slug}/edit`} className="inline-form" aria-label="New assessment">
          <label>
            New assessment (file name)
            <input name="newAssessment" required pattern="[a-z0-9]+(-[a-z0-9]+)*" placeholder="homework-2" defaultValue={badAssessment ? wantedAssessment : ''} />
          </label>
          <label>
            Template
            <select name="type" defaultValue={type}>
              <option value="homework">Homework</option>
              <option value="quiz">Quiz (10 minutes)</option>
              <option value="exam">Exam (60 minutes)</option>
            </select>
          </label>
          <button type="submit">Create assessment</button>
          {badAssessment && (
            <p role="alert" className="error">
              An assessment name is kebab-case: lower-case letters and digits joined by single hyphens, e.g. homework-2.
            </p>
          )}
        </form>
      </section>
    </>
  );
}
