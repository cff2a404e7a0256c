import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { headers } from 'next/headers';
import { findCourse, loadLesson } from '@/server/courses';
import { currentUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { openExam } from '@/server/assessments';
import { lessonComponentsFor } from '@/components/lesson-components';

type Params = { course: string; lesson: string };

/** The exam the signed-in student is sitting in this course, if any (staff and visitors: none). */
async function examInProgress(courseSlug: string): Promise<{ slug: string; title: string } | null> {
  const user = await currentUser(await headers());
  if (!user) return null;
  const prisma = getPrisma();
  const course = await prisma.course.findUnique({ where: { slug: courseSlug }, select: { id: true, enrollments: { where: { userId: user.id }, select: { role: true } } } });
  if (!course || course.enrollments[0]?.role !== 'student') return null;
  return openExam(prisma, user.id, course.id);
}

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
  // A student sitting an exam of this course meets no lesson until it ends (server/assessments.ts openExam).
  const exam = await examInProgress(courseSlug);
  if (exam) {
    return (
      <article>
        <h1>Closed during the exam</h1>
        <p data-testid="closed-for-exam">
          You are sitting <a href={`/courses/${courseSlug}/assessments/${exam.slug}`}>{exam.title}</a>: the course&apos;s lessons reopen when it ends.
        </p>
      </article>
    );
  }
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
      <Body components={lessonComponentsFor(courseSlug, lesson)} />
      <nav className="lesson-nav" aria-label="Lessons">
        {prev && prevMeta ? <Link href={`/courses/${courseSlug}/${prev}`}>← {prevMeta.title}</Link> : <span />}
        {next && nextMeta ? <Link href={`/courses/${courseSlug}/${next}`}>{nextMeta.title} →</Link> : <span />}
      </nav>
    </article>
  );
}
