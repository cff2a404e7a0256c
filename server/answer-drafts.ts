/**
 * Drafts (issue 21): a student's unsent answer in parts (a trace, a multi-part exercise) kept
 * on the server as they type, so that it can be resumed on any device. One draft per student,
 * exercise and place (the lesson page, or one assessment sitting). A draft is never read or
 * graded and never counts as an attempt; the student's next stored answer to the exercise in
 * the same place removes it (server/attempts.ts submitAttempt). Drafts come back to their
 * owner only, inside their own lesson state or sitting page (server/attempts.ts lessonView,
 * server/assessments.ts sittingView).
 */
import type { PrismaClient } from '@/server/db/client';
import { submitTarget } from '@/server/attempts';
import { sittingContext } from '@/server/assessments';
import type { DraftOutcome } from '@/server/wire';

/** The longest draft kept: as long as an answer may be (server/exercise-api.ts SubmitInput). */
export const MAX_DRAFT_CHARS = 10_000;

/** The place of a draft: "lesson" on the lesson page, else the sitting's id. */
export function draftPlace(sittingId: string | null | undefined): string {
  return sittingId ?? 'lesson';
}

/** The texts by part id of a draft's text, or null when it is not a JSON object of strings. */
export function draftTexts(text: string): Record<string, string> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  if (!Object.values(value).every((v) => typeof v === 'string')) return null;
  return value as Record<string, string>;
}

export interface DraftInput {
  userId: string;
  course: string;
  exercise: string;
  /** The assessment sitting it is typed in; absent on the lesson page. */
  sitting?: string;
  /** The texts by part id, as JSON. Every text blank: the draft is removed. */
  text: string;
  now?: Date;
}

/**
 * Keeps `text` as the student's draft of the exercise (replacing the one before), or removes
 * it when every part is blank. Refused when the exercise is not found, the student is not
 * enrolled in its course, the sitting is not theirs or takes no more answers, or the text is
 * too long or not an answer in parts.
 */
export async function saveDraft(prisma: PrismaClient, input: DraftInput): Promise<DraftOutcome> {
  if (input.text.length > MAX_DRAFT_CHARS) {
    return { status: 'too-large', message: `text: the draft has ${input.text.length} characters; at most ${MAX_DRAFT_CHARS} are kept` };
  }
  const texts = draftTexts(input.text);
  if (!texts) return { status: 'invalid', message: 'text: expected a JSON object of the texts typed, by part id' };
  const now = input.now ?? new Date();
  const target = await submitTarget(prisma, input.userId, input.course, input.exercise);
  if (!target) return { status: 'not-found' };
  if (!target.role) return { status: 'not-enrolled' };
  let sittingId: string | null = null;
  if (input.sitting) {
    const sitting = await sittingContext(prisma, input.userId, input.sitting, target.key, target.settings, now);
    if (!sitting) return { status: 'not-found' };
    if (sitting.closedReason) return { status: 'closed', message: sitting.closedReason };
    sittingId = sitting.sittingId;
  }
  const key = { userId: input.userId, exerciseId: target.id, place: draftPlace(sittingId) };
  if (Object.values(texts).every((t) => t.trim() === '')) {
    await prisma.draft.deleteMany({ where: key });
    return { status: 'saved', savedAt: now.toISOString() };
  }
  const row = await prisma.draft.upsert({
    where: { userId_exerciseId_place: key },
    create: { ...key, sittingId, text: input.text, updatedAt: now },
    update: { text: input.text, updatedAt: now },
    select: { updatedAt: true },
  });
  return { status: 'saved', savedAt: row.updatedAt.toISOString() };
}

/** Removes the student's draft of an exercise in one place (after an answer to it was stored). */
export async function removeDraft(prisma: PrismaClient, userId: string, exerciseId: string, sittingId: string | null): Promise<void> {
  await prisma.draft.deleteMany({ where: { userId, exerciseId, place: draftPlace(sittingId) } });
}
