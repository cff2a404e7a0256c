import type { Metadata } from 'next';
import { requireStaffPage } from '@/server/teach/guard';
import { compiledDraft } from '@/server/courses';
import { lessonComponents } from '@/components/lesson-components';

export const metadata: Metadata = { title: 'Lesson preview', robots: { index: false } };

/**
 * /draft/<course>/<hash>: the editor's live preview of a draft, rendered by the server as
 * students will see it (exercise cards show the example variant). Only staff of the course;
 * the draft is the one the editor just checked (kept in this server's cache by its hash).
 */
export default async function DraftPreview({ params }: { params: Promise<{ course: string; hash: string }> }) {
  const { course, hash } = await params;
  await requireStaffPage(course, `/draft/${course}/${hash}`);
  const mod = /^[0-9a-f]{64}$/.test(hash) ? await compiledDraft(hash) : undefined;
  if (!mod) return <p className="muted">This preview is no longer available: type in the editor to refresh it.</p>;
  return (
    <article data-testid="draft-preview">
      <h1>{mod.meta.title}</h1>
      <mod.default components={lessonComponents} />
    </article>
  );
}
