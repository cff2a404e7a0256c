/**
 * The preview page's lookup (/draft/<course>/<hash>): staff of the course only (asked on
 * every request, before the draft is read), then the course's stored draft, compiled.
 */
import 'server-only';
import { compiledDraft, type LessonModule } from '@/server/courses';
import { refused, requireStaffAction, type ActionRefusal } from './guard';

const HASH = /^[0-9a-f]{64}$/;

/** The refusal, or the draft's module (undefined when there is no such draft any more). */
export async function previewDraft(course: string, hash: string): Promise<ActionRefusal | { status: 'ok'; module: LessonModule | undefined }> {
  const staff = await requireStaffAction(course);
  if (refused(staff)) return staff;
  return { status: 'ok', module: HASH.test(hash) ? await compiledDraft(staff.course.slug, hash) : undefined };
}
