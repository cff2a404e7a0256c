import type { Metadata } from 'next';
import Link from 'next/link';
import { requireStaffPage } from '@/server/teach/guard';
import { getPrisma } from '@/server/db/client';
import { previewIndex } from '@/server/teach/preview';
import { MathText } from '@/components/MathText';

export const metadata: Metadata = { title: 'Preview exercises' };

/** Every exercise of the course by lesson, each linking to its preview. */
export default async function PreviewIndexPage({ params }: { params: Promise<{ course: string }> }) {
  const { course: slug } = await params;
  const { course } = await requireStaffPage(slug, `/teach/${slug}/preview`);
  const lessons = await previewIndex(getPrisma(), course.id);
  const base = `/teach/${course.slug}/preview`;
  return (
    <>
      <h1>Preview exercises</h1>
      <p className="muted">
        See any variant of an exercise with its answer and worked steps, and try answers as a student would — nothing you try is stored.
      </p>
      {lessons.length === 0 && <p>This course has no lessons yet.</p>}
      {lessons.map((lesson) => (
        <section key={lesson.slug} aria-labelledby={`lesson-${lesson.slug}`} data-lesson={lesson.slug}>
          <h2 id={`lesson-${lesson.slug}`}>{lesson.title}</h2>
          {lesson.exercises.length === 0 ? (
            <p className="muted">No exercises.</p>
          ) : (
            <ul data-testid="preview-list">
              {lesson.exercises.map((e) => (
                <li key={e.key} data-exercise={e.key}>
                  <Link href={`${base}/${encodeURIComponent(e.key)}`}>
                    <MathText text={e.title} />
                  </Link>{' '}
                  <span className="muted small">
                    · {e.kindTitle} (<code>{e.kind}</code>) · <code>{e.key}</code>
                    {e.randomised && ' · randomised'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}
