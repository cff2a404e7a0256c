import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getPrisma } from '@/server/db/client';
import { contentRoot } from '@/server/publish';
import { requireStaffPage } from '@/server/teach/guard';
import { kindChoices, lessonHistory, lessonText } from '@/server/teach/editor';
import { LessonEditor } from '@/components/teach/LessonEditor';

export const metadata: Metadata = { title: 'Edit lesson' };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The text a new lesson starts with. */
function newLessonText(slug: string): string {
  const title = slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return `export const meta = {\n  title: "${title}",\n  summary: "One sentence for the course page.",\n  objectives: ["What a student can do after this lesson."]\n}\n\n## ${title}\n\nWrite Markdown here, with math such as $f(x) = x^2$.\n`;
}

/** /teach/<course>/edit/<lesson>: the editor of one lesson (a new one when the file does not exist yet). */
export default async function EditLesson({ params }: { params: Promise<{ course: string; lesson: string }> }) {
  const { course: slug, lesson } = await params;
  const { course } = await requireStaffPage(slug, `/teach/${slug}/edit/${lesson}`);
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
