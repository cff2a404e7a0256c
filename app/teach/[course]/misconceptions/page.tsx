import type { Metadata } from 'next';
import { requireStaffPage } from '@/server/teach/guard';
import { getPrisma } from '@/server/db/client';
import { misconceptionReport } from '@/server/teach/misconceptions';
import { MisconceptionFilter, MisconceptionReport } from '@/components/teach/MisconceptionReport';

export const metadata: Metadata = { title: 'Misconceptions' };

/** What students get wrong, course-wide and per exercise (?lesson=<slug> limits it to one lesson). */
export default async function MisconceptionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ course: string }>;
  searchParams: Promise<{ lesson?: string | string[] }>;
}) {
  const { course: slug } = await params;
  const { lesson } = await searchParams;
  const lessonSlug = typeof lesson === 'string' && lesson !== '' ? lesson : undefined;
  const base = `/teach/${slug}`;
  const { course } = await requireStaffPage(slug, `${base}/misconceptions${lessonSlug ? `?lesson=${encodeURIComponent(lessonSlug)}` : ''}`);
  const report = await misconceptionReport(getPrisma(), course.id, lessonSlug);
  return (
    <>
      <h1>Misconceptions</h1>
      <p className="muted">What the students of {course.title} get wrong, and how often — to plan the next lecture.</p>
      <MisconceptionFilter base={`${base}/misconceptions`} lessons={report.lessons} current={report.status === 'ok' ? (report.lesson?.slug ?? null) : null} />
      {report.status === 'ok' ? (
        <MisconceptionReport report={report} base={base} />
      ) : (
        <p className="error" role="alert" data-testid="lesson-not-found">
          This course has no lesson “{lessonSlug}”. Choose one above.
        </p>
      )}
    </>
  );
}
