'use server';
/**
 * Server actions of the course editor (/teach/<course>/edit): sync the course, check a draft
 * (and compile a lesson's preview), save a lesson or an assessment (`type`), revert to a
 * saved text, and try an exercise tag in the sandbox. Each asks requireStaffAction on every
 * call (an instructor of the course, or an admin) — reading only the course's slug first —
 * before it reads the rest of its input with zod or touches anything.
 */
import path from 'node:path';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { parseLesson, SEED_LIMIT } from '@/lib/content';
import { getPrisma } from '@/server/db/client';
import { compileAndRun } from '@/server/courses';
import { contentRoot, syncCourseFolder, textHash } from '@/server/publish';
import { refused, requireStaffAction, type ActionRefusal } from '@/server/teach/guard';
import {
  checkAssessmentDraft,
  checkCourseJsonDraft,
  checkDraft,
  historyKey,
  MAX_LESSON_CHARS,
  saveLesson,
  savedText,
  type DraftOutcome,
  type SaveOutcome,
  type SyncOutcome,
} from '@/server/teach/editor';
import { storeDraft } from '@/server/drafts';
import { sandboxPreview, type SandboxOutcome } from '@/server/teach/preview';

const slug = z.string().max(100).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case name, e.g. "line-search"');
const hash = z.string().regex(/^[0-9a-f]{64}$/);

function refusal(r: ActionRefusal): { status: 'error'; message: string } {
  if (r.status === 'signed-out') return { status: 'error', message: 'Sign in first.' };
  if (r.status === 'forbidden') return { status: 'error', message: r.message };
  return { status: 'error', message: 'There is no such course.' };
}

function invalid(error: z.ZodError): { status: 'error'; message: string } {
  const issue = error.issues[0];
  return { status: 'error', message: `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}` };
}

/** The caller, when they may manage the course `input.course` names; asked before the rest of the input is read. */
async function staffFirst(input: unknown) {
  const course = slug.safeParse((input as { course?: unknown } | null)?.course);
  if (!course.success) return { status: 'error', message: 'course: expected a kebab-case name' } as const;
  const staff = await requireStaffAction(course.data);
  return refused(staff) ? refusal(staff) : staff;
}

/** Which file `lesson` names: a lesson, an assessment (assessments/<lesson>.json), or course.json (`lesson` then ignored). */
const fileType = z.enum(['lesson', 'assessment', 'course']).default('lesson');

/** Publishes the course folder now (check-content first). */
export async function syncCourseNow(input: unknown): Promise<SyncOutcome> {
  const staff = await staffFirst(input);
  if ('status' in staff) return staff;
  const parsed = z.object({ course: slug }).strict().safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const root = contentRoot();
  const r = await syncCourseFolder(getPrisma(), root, path.join(root, staff.course.slug), { by: staff.user.id });
  revalidatePath(`/teach/${staff.course.slug}/edit`);
  return { status: 'ok', sync: { status: r.status, problems: r.problems, ms: r.ms } };
}

const Draft = z.object({ course: slug, lesson: slug, type: fileType, source: z.string().max(MAX_LESSON_CHARS) }).strict();

/**
 * The problems of a draft (as check-content finds them, with fewer seeds) and, when a
 * lesson compiles, its preview's hash. An assessment (`type: "assessment"`, `lesson` its
 * slug) is checked against the exercises of the course's lessons on disk, course.json
 * (`type: "course"`) against the lesson files; neither has a preview.
 */
export async function checkLessonDraft(input: unknown): Promise<DraftOutcome> {
  const staff = await staffFirst(input);
  if ('status' in staff) return staff;
  const parsed = Draft.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { lesson, source, type } = parsed.data;
  if (type === 'assessment') return { status: 'ok', problems: await checkAssessmentDraft(contentRoot(), staff.course.slug, lesson, source), previewHash: null };
  if (type === 'course') return { status: 'ok', problems: await checkCourseJsonDraft(contentRoot(), staff.course.slug, source), previewHash: null };
  const problems = await checkDraft(staff.course.slug, lesson, source);
  const h = textHash(source);
  const compiled = await compileAndRun(h, source, `${staff.course.slug}/${lesson}.mdx`);
  // Stored where every instance finds it: the preview may be served by another one.
  if (compiled.ok) await storeDraft(getPrisma(), staff.course.slug, source);
  return { status: 'ok', problems, previewHash: compiled.ok ? h : null };
}

const Save = z
  .object({ course: slug, lesson: slug, type: fileType, source: z.string().max(MAX_LESSON_CHARS), baseHash: hash.nullable() })
  .strict();

/** Saves a lesson or an assessment (refused as a conflict when the file changed since `baseHash`), then syncs the course. */
export async function saveLessonText(input: unknown): Promise<SaveOutcome | { status: 'error'; message: string }> {
  const staff = await staffFirst(input);
  if ('status' in staff) return staff;
  const parsed = Save.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const out = await saveLesson(getPrisma(), contentRoot(), { ...parsed.data, course: staff.course.slug, userId: staff.user.id });
  revalidatePath(`/teach/${staff.course.slug}/edit`);
  return out;
}

const Revert = z.object({ course: slug, lesson: slug, type: fileType, editId: z.string().max(100), baseHash: hash.nullable() }).strict();

/** Saves the text an earlier save of the file wrote (recorded as a revert). */
export async function revertLesson(input: unknown): Promise<SaveOutcome | { status: 'error'; message: string }> {
  const staff = await staffFirst(input);
  if ('status' in staff) return staff;
  const parsed = Revert.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { lesson, type, editId, baseHash } = parsed.data;
  const text = await savedText(getPrisma(), staff.course.slug, historyKey(type, lesson), editId);
  if (text === null) return { status: 'error', message: `That version is not in this ${type === 'course' ? 'course.json' : type}’s history.` };
  const out = await saveLesson(getPrisma(), contentRoot(), { course: staff.course.slug, lesson, type, source: text, baseHash, userId: staff.user.id, action: 'revert' });
  revalidatePath(`/teach/${staff.course.slug}/edit`);
  return out;
}

const Sandbox = z
  .object({ course: slug, tag: z.string().max(20_000), seed: z.number().int().min(0).max(SEED_LIMIT - 1), answer: z.string().max(10_000).nullable() })
  .strict();

/** The sandbox: the exercise an `<Exercise … />` tag describes, at a seed, and the grade of a test answer. */
export async function trySandbox(input: unknown): Promise<SandboxOutcome | { status: 'error'; message: string }> {
  const staff = await staffFirst(input);
  if ('status' in staff) return staff;
  const parsed = Sandbox.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { tag, seed, answer } = parsed.data;
  // The tag is read exactly as a lesson's would be (static literals only, never evaluated).
  const read = parseLesson(`export const meta = { title: "t", summary: "s", objectives: ["o"] }\n\n${tag}\n`, 'tag');
  const problems = read.problems.map((p) => `line ${(p.line ?? 3) - 2}: ${p.message}`);
  if (read.exercises.length !== 1) problems.push('write exactly one <Exercise … /> tag');
  if (problems.length > 0) return { status: 'error', message: problems.join('; ') };
  return sandboxPreview(read.exercises[0].spec, seed, answer);
}
