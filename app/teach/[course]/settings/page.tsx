import type { Metadata } from 'next';
import { getPrisma } from '@/server/db/client';
import { findCourse } from '@/server/courses';
import { requireStaffPage } from '@/server/teach/guard';
import { courseSettings, REVEAL_LABELS } from '@/server/teach/settings';
import { EnrolmentSettings, ExtensionsPanel, LessonSettingsForm } from '@/components/teach/SettingsForms';

export const metadata: Metadata = { title: 'Course settings' };

/** /teach/<course>/settings: enrolment, each lesson's due date and overrides, and students' extensions. */
export default async function SettingsPage({ params }: { params: Promise<{ course: string }> }) {
  const { course: slug } = await params;
  const { course } = await requireStaffPage(slug, `/teach/${slug}/settings`);
  const settings = await courseSettings(getPrisma(), course.id);
  // Lessons still in the content, in its order; the database keeps retired ones.
  const listed = (await findCourse(course.slug))?.lessons;
  const lessons = listed ? settings.lessons.filter((l) => listed.includes(l.slug)) : settings.lessons;
  return (
    <>
      <h1>Settings</h1>

      <section aria-labelledby="enrolment">
        <h2 id="enrolment">Enrolment</h2>
        <EnrolmentSettings course={course.slug} openEnrollment={settings.openEnrollment} joinCode={settings.joinCode} />
      </section>

      <section aria-labelledby="lessons">
        <h2 id="lessons">Lessons</h2>
        <p className="muted">
          Times are in your browser&apos;s time zone. After the due date, answers set to be revealed then are shown and no more
          answers are graded. The attempts and reveal settings here replace the authored ones for every exercise of the lesson.
        </p>
        {lessons.map((l) => (
          <LessonSettingsForm key={l.id} course={course.slug} lesson={l} revealLabels={REVEAL_LABELS} />
        ))}
      </section>

      <section aria-labelledby="extensions">
        <h2 id="extensions">Extensions</h2>
        <p className="muted">A student with an extension has that due date for the lesson instead of the lesson&apos;s own.</p>
        <ExtensionsPanel course={course.slug} settings={{ lessons, students: settings.students, extensions: settings.extensions }} />
      </section>
    </>
  );
}
