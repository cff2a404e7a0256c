/**
 * The browser editor's preview drafts (/draft/<course>/<hash>). A draft the editor checked
 * and that compiles is stored in the database (LessonDraft), so that whichever instance
 * behind the proxy serves the preview can render it. Drafts belong to one course: the
 * preview page asks for the course's staff and looks the draft up under that course only.
 * Bounds: a draft is at most MAX_LESSON_CHARS long (the editor's own limit), lives
 * DRAFT_TTL_MS, and a course keeps at most DRAFTS_PER_COURSE of them (the oldest go first);
 * expired drafts are deleted whenever a draft is stored. Callers check who is asking.
 */
import type { PrismaClient } from '@/server/db/client';
import { textHash } from '@/server/publish';

/** Lessons (and so drafts) are at most this long (the demo course's longest is about 25 000 characters). */
export const MAX_LESSON_CHARS = 200_000;

/** How long a preview stays available after its text was last checked. */
export const DRAFT_TTL_MS = 60 * 60 * 1000;
/** How many drafts one course keeps. */
export const DRAFTS_PER_COURSE = 100;

/** Stores (or renews) a course's draft; returns its hash. Also deletes expired drafts and a course's drafts beyond the bound. */
export async function storeDraft(prisma: PrismaClient, course: string, source: string, now = new Date()): Promise<string> {
  if (source.length > MAX_LESSON_CHARS) throw new Error(`a draft is at most ${MAX_LESSON_CHARS} characters`);
  const hash = textHash(source);
  const expiresAt = new Date(now.getTime() + DRAFT_TTL_MS);
  await prisma.lessonDraft.upsert({
    where: { courseSlug_hash: { courseSlug: course, hash } },
    create: { courseSlug: course, hash, source, createdAt: now, expiresAt },
    update: { expiresAt, createdAt: now },
  });
  await prisma.lessonDraft.deleteMany({ where: { expiresAt: { lte: now } } });
  const beyond = await prisma.lessonDraft.findMany({
    where: { courseSlug: course },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: DRAFTS_PER_COURSE,
    select: { id: true },
  });
  if (beyond.length > 0) await prisma.lessonDraft.deleteMany({ where: { id: { in: beyond.map((d) => d.id) } } });
  return hash;
}

/** The text of a course's draft that has not expired, or undefined. */
export async function draftText(prisma: PrismaClient, course: string, hash: string, now = new Date()): Promise<string | undefined> {
  const row = await prisma.lessonDraft.findUnique({ where: { courseSlug_hash: { courseSlug: course, hash } } });
  return row && row.expiresAt > now ? row.source : undefined;
}
