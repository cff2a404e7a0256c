import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getPrisma } from '@/server/db/client';
import { contentRoot } from '@/server/publish';
import { requireStaffPage } from '@/server/teach/guard';
import { assessmentTemplate, courseExerciseIds, historyKey, lessonHistory, lessonText } from '@/server/teach/editor';
import { LessonEditor } from '@/components/teach/LessonEditor';

export const metadata: Metadata = { title: 'Edit assessment' };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TYPES = ['homework', 'quiz', 'exam'] as const;

/**
 * /teach/<course>/edit/assessments/<slug>: the editor of one assessment definition
 * (assessments/<slug>.json; a new one, from the template of ?type=homework|quiz|exam, when
 * the file does not exist yet). The same editor as a lesson's: problems at their line as
 * you type, save with conflict detection, history and revert.
 */
export default async function EditAssessment({ params, searchParams }: { params: Promise<{ course: string; assessment: string }>; searchParams: Promise<{ type?: string }> }) {
  const { course: slug, assessment } = await params;
  const { course } = await requireStaffPage(slug, `/teach/${slug}/edit/assessments/${assessment}`);
  if (!SLUG.test(assessment)) notFound();
  const root = contentRoot();
  const { source, hash } = await lessonText(root, course.slug, assessment, 'assessment');
  const history = await lessonHistory(getPrisma(), course.slug, historyKey('assessment', assessment));
  const wanted = (await searchParams).type;
  const type = TYPES.find((t) => t === wanted) ?? 'homework';
  const initial = source ?? assessmentTemplate(type, assessment, await courseExerciseIds(root, course.slug));
  return (
    <>
      <p className="muted">
        <Link href={`/teach/${course.slug}/edit`}>All lessons and assessments</Link> · <code>{course.slug}/assessments/{assessment}.json</code>
        {hash && (
          <>
            {' '}
            · <Link href={`/teach/${course.slug}/assessments`}>Results</Link>
          </>
        )}
      </p>
      <h1>{hash ? `Edit assessment ${assessment}` : `New assessment ${assessment}`}</h1>
      <p className="muted">
        An assessment is JSON: its title, type, times (with a zone, e.g. <code>2026-03-06T09:00:00Z</code>) and slots naming the
        course&rsquo;s exercise ids. The keys are explained in the content guide (content/README.md, Assessments).
      </p>
      <LessonEditor
        course={course.slug}
        lesson={assessment}
        type="assessment"
        initialSource={initial}
        initialHash={hash}
        kinds={[]}
        history={history.map((h) => ({ ...h, at: h.at.toISOString() }))}
      />
    </>
  );
}
