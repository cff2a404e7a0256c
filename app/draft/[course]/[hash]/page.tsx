import type { Metadata } from 'next';
import { forbidden, notFound, redirect } from 'next/navigation';
import { previewDraft } from '@/server/teach/draft-preview';
import { lessonComponents } from '@/components/lesson-components';

export const metadata: Metadata = { title: 'Lesson preview', robots: { index: false } };

/**
 * /draft/<course>/<hash>: the editor's live preview of a draft, rendered by the server as
 * students will see it (exercise cards show the example variant). Only staff of the course;
 * the draft is one the editor checked, stored in the database (any instance can serve it).
 */
export default async function DraftPreview({ params }: { params: Promise<{ course: string; hash: string }> }) {
  const { course, hash } = await params;
  const out = await previewDraft(course, hash);
  if (out.status === 'signed-out') redirect(`/sign-in?next=${encodeURIComponent(`/draft/${course}/${hash}`)}`);
  if (out.status === 'forbidden') forbidden();
  if (out.status === 'not-found') notFound();
  const mod = out.module;
  if (!mod) return <p className="muted">This preview is no longer available: type in the editor to refresh it.</p>;
  return (
    <article data-testid="draft-preview">
      <h1>{mod.meta.title}</h1>
      <mod.default components={lessonComponents} />
    </article>
  );
}
