import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { headers } from 'next/headers';
import { findCourse, loadLesson } from '@/server/courses';
import { examClosing } from '@/server/exam-mode';
import { lessonComponentsFor } from '@/components/lesson-components';
import { ClosedForExam } from '@/components/ClosedForExam';

type Params = { course: string; lesson: string };

// Lessons are data: the published version is read from the database on each request.
export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { course, lesson } = await params;
  const meta = (await findCourse(course))?.lessonInfo.find((l) => l.slug === lesson);
  return meta ? { title: meta.title, description: meta.summary } : {};
}

export default async function LessonPage({ params }: { params: Promise<Params> }) {
  const { course: courseSlug, lesson } = await params;
  const course = await findCourse(courseSlug);
  const index = course?.lessons.indexOf(lesson) ?? -1;
  if (!course || index < 0) notFound();
  // A student sitting an exam meets no lesson until it ends (server/exam-mode.ts).
  const asked = await headers();
  const exam = await examClosing(asked, { page: `/courses/${courseSlug}/${lesson}`, course: courseSlug });
  if (exam) return <ClosedForExam exam={exam} what="the lessons" />;
  const mod = await loadLesson(course, lesson);
  if (!mod) notFound();
  const { default: Body } = mod;
  const meta = course.lessonInfo[index];
  const prev = index > 0 ? course.lessons[index - 1] : undefined;
  const next = index < course.lessons.length - 1 ? course.lessons[index + 1] : undefined;
  const prevMeta = prev ? course.lessonInfo[index - 1] : undefined;
  const nextMeta = next ? course.lessonInfo[index + 1] : undefined;
  return (
    <article>
      <p className="muted">
        <Link href="/">{course.title}</Link> · Lesson {index + 1} of {course.lessons.length}
      </p>
      <h1>{meta.title}</h1>
      {meta.objectives && meta.objectives.length > 0 && (
        <section className="objectives" aria-label="Learning objectives">
          <p>
            <strong>After this lesson you can:</strong>
          </p>
          <ul>
            {meta.objectives.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </section>
      )}
      {/* A client-side navigation asks for the React payload only (header RSC: 1); a full load gets the prose in its HTML alone. */}
      <Body components={lessonComponentsFor(courseSlug, lesson, { fullPage: asked.get('rsc') !== '1' })} />
      <nav className="lesson-nav" aria-label="Lessons">
        {prev && prevMeta ? <Link href={`/courses/${courseSlug}/${prev}`}>← {prevMeta.title}</Link> : <span />}
        {next && nextMeta ? <Link href={`/courses/${courseSlug}/${next}`}>{nextMeta.title} →</Link> : <span />}
      </nav>
    </article>
  );
}
