'use server';
/**
 * Server actions of the instructor's assessments page: release an assessment's results, set
 * one student's accommodation (extra minutes, a later close) and grade one attempt by hand
 * with a comment, reset a student's session of a sitting. Each checks on every call that the session's user teaches the course.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getPrisma } from '@/server/db/client';
import { refused, requireStaffAction } from '@/server/teach/guard';
import { COMMENT_MAX, overrideGrade, releaseResults, resetSitting, setAccommodation } from '@/server/teach/assessments';

const slug = z.string().max(100).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

function values(form: FormData): Record<string, string> {
  return Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Who asks, when they may manage `course`; the signed-out are sent to sign in first. Asked before the form is read. */
async function staffFor(course: unknown) {
  const s = slug.safeParse(course);
  if (!s.success) return null;
  const who = await requireStaffAction(s.data);
  // Signed out: to the sign-in page, and back to the assessments page after.
  if (refused(who) && who.status === 'signed-out') redirect(`/sign-in?next=${encodeURIComponent(`/teach/${s.data}/assessments`)}`);
  return refused(who) ? null : who;
}

/** The page again, with what happened in ?done=…. */
function back(course: string, done: string): never {
  revalidatePath(`/teach/${course}/assessments`);
  redirect(`/teach/${course}/assessments?done=${encodeURIComponent(done)}`);
}

const ReleaseForm = z.object({ course: slug, assessment: slug });

/** Releases the results of one assessment (form: course, assessment). */
export async function releaseAssessment(form: FormData): Promise<void> {
  const fields = values(form);
  const who = await staffFor(fields.course);
  if (!who) redirect('/dashboard');
  const parsed = ReleaseForm.safeParse(fields);
  if (!parsed.success) back(who.course.slug, 'bad-form');
  const a = await getPrisma().assessment.findUnique({ where: { courseId_slug: { courseId: who.course.id, slug: parsed.data.assessment } } });
  if (!a) back(who.course.slug, 'not-found');
  await releaseResults(getPrisma(), a.id, who.user.id);
  back(who.course.slug, 'released');
}

const AccommodationForm = z.object({
  course: slug,
  assessment: slug,
  email: z.string().trim().toLowerCase().max(200),
  extraMinutes: z.coerce.number().int().min(0).max(10_000),
  closesAt: z.string().trim().max(40).optional(),
});

/** Sets one student's extra time and later close (form: course, assessment, email, extraMinutes, closesAt as an ISO time or empty). */
export async function saveAccommodation(form: FormData): Promise<void> {
  const fields = values(form);
  const who = await staffFor(fields.course);
  if (!who) redirect('/dashboard');
  const parsed = AccommodationForm.safeParse(fields);
  if (!parsed.success) back(who.course.slug, 'bad-form');
  const prisma = getPrisma();
  const a = await prisma.assessment.findUnique({ where: { courseId_slug: { courseId: who.course.id, slug: parsed.data.assessment } } });
  const student = await prisma.enrollment.findFirst({ where: { courseId: who.course.id, user: { email: parsed.data.email } }, select: { userId: true } });
  if (!a || !student) back(who.course.slug, 'no-student');
  const closesAt = parsed.data.closesAt ? new Date(parsed.data.closesAt) : null;
  if (closesAt && Number.isNaN(closesAt.getTime())) back(who.course.slug, 'bad-form');
  await setAccommodation(prisma, a, student.userId, { extraMinutes: parsed.data.extraMinutes, closesAt }, who.user.id);
  back(who.course.slug, 'accommodation');
}

const OverrideForm = z.object({ course: slug, attempt: z.string().max(100), score: z.coerce.number().min(0).max(100), comment: z.string().max(COMMENT_MAX) });

/** A manual grade of one attempt (form: course, attempt, score in percent, comment). */
export async function overrideAttempt(form: FormData): Promise<void> {
  const fields = values(form);
  const who = await staffFor(fields.course);
  if (!who) redirect('/dashboard');
  const parsed = OverrideForm.safeParse(fields);
  if (!parsed.success) back(who.course.slug, 'bad-form');
  const out = await overrideGrade(getPrisma(), who.course.id, { attemptId: parsed.data.attempt, score: parsed.data.score / 100, comment: parsed.data.comment, byUserId: who.user.id });
  back(who.course.slug, out === 'saved' ? 'graded' : out);
}

const ResetForm = z.object({ course: slug, assessment: slug, email: z.string().trim().toLowerCase().max(200) });

/** Resets one student's session of their sitting, so they continue from a new one (form: course, assessment, email). */
export async function resetSession(form: FormData): Promise<void> {
  const fields = values(form);
  const who = await staffFor(fields.course);
  if (!who) redirect('/dashboard');
  const parsed = ResetForm.safeParse(fields);
  if (!parsed.success) back(who.course.slug, 'bad-form');
  const prisma = getPrisma();
  const a = await prisma.assessment.findUnique({ where: { courseId_slug: { courseId: who.course.id, slug: parsed.data.assessment } } });
  const student = await prisma.enrollment.findFirst({ where: { courseId: who.course.id, user: { email: parsed.data.email } }, select: { userId: true } });
  if (!a || !student) back(who.course.slug, 'no-student');
  const out = await resetSitting(prisma, a.id, student.userId, who.user.id);
  back(who.course.slug, out === 'reset' ? 'session-reset' : 'no-sitting');
}
