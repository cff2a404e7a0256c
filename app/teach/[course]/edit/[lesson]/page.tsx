import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getPrisma } from '@/server/db/client';
import { contentRoot } from '@/server/publish';
import { requireStaffPage } from '@/server/teach/guard';
import { COURSE_JSON, historyKey, kindChoices, lessonHistory, lessonText } from '@/server/teach/editor';
import { LessonEditor } from '@/components/teach/LessonEditor';

export const metadata: Metadata = { title: 'Edit lesson' };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The text a new lesson starts with. */
function newLessonText(slug: string): string {
  const title = slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return `export const meta = {\n  title: "${title}",\n  summary: "One sentence for the course page.",\n  objectives: ["What a student can do after this lesson."]\n}\n\n## ${title}\n\nWrite Markdown here, with math such as $f(x) = x^2$.\n`;
}

/**
 * /teach/<course>/edit/course.json: the course's outline (title, description, the lessons in
 * order) in the same editor, as JSON — how a course whose course.json keeps it from being
 * published is fixed in the browser. (A lesson slug never holds a dot, so no lesson is hidden.)
 */
async function CourseJsonEditor({ course }: { course: string }) {
  const { source, hash } = await lessonText(contentRoot(), course, COURSE_JSON, 'course');
  const history = await lessonHistory(getPrisma(), course, historyKey('course', COURSE_JSON));
  if (source === null) notFound();
  return (
    <>
      <p className="muted">
        <Link href={`/teach/${course}/edit`}>All lessons and assessments</Link> · <code>{course}/course.json</code>
      </p>
      <h1>Edit course.json</h1>
      <p className="muted">
        The course&rsquo;s outline: <code>slug</code> (the folder&rsquo;s name), <code>title</code>, <code>description</code> and{' '}
        <code>lessons</code>, the lesson file names without .mdx in course order.
      </p>
      <LessonEditor course={course} lesson="course" type="course" initialSource={source} initialHash={hash} kinds={[]} history={history.map((h) => ({ ...h, at: h.at.toISOString() }))} />
    </>
  );
}

/** /teach/<course>/edit/<lesson>: the editor of one lesson (a new one when the file does not exist yet). */
export default async function EditLesson({ params }: { params: Promise<{ course: string; lesson: string }> }) {
  const { course: slug, lesson } = await params;
  const { course } = await requireStaffPage(slug, `/teach/${slug}/edit/${lesson}`);
  if (lesson === COURSE_JSON) return <CourseJsonEditor course={course.slug} />;
  if (!SLUG.test(lesson)) notFound();
  const { source, hash } = await lessonText(contentRoot(), course.slug, lesson);
  const history = await lessonHistory(getPrisma(), course.slug, lesson);
  return (
    <>
      <p className="muted">
        <Link href={`/teach/${course.slug}/edit`}>All lessons</Link> · <code>{course.slug}/{lesson}.mdx</code>
        {hash && (
          <>
            {' '}
            · <Link href={`/courses/${course.slug}/${lesson}`}>Published page</Link>
          </>
        )}
      </p>
      <h1>{hash ? `Edit ${lesson}` : `New lesson ${lesson}`}</h1>
      <LessonEditor
        course={course.slug}
        lesson={lesson}
        initialSource={source ?? newLessonText(lesson)}
        initialHash={hash}
        kinds={kindChoices()}
        history={history.map((h) => ({ ...h, at: h.at.toISOString() }))}
      />
    </>
  );
}
