'use server';
/**
 * Server actions of an assessment's page: a student starts their sitting (with the access
 * code when there is one) or submits it. Both act only for the session's user and go back
 * to the page, which reads the sitting again (server time decides everything).
 */
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { currentUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { startSitting, submitSitting } from '@/server/assessments';

const slug = z.string().max(100).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const Form = z.object({ course: slug, assessment: slug, accessCode: z.string().max(100).optional() });

function read(form: FormData) {
  return Form.safeParse(Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string')));
}

/** Starts (or resumes) the signed-in student's sitting, then shows it; a refusal comes back as ?refused=…. */
export async function startAssessment(form: FormData): Promise<void> {
  const parsed = read(form);
  if (!parsed.success) redirect('/dashboard');
  const { course, assessment, accessCode } = parsed.data;
  const user = await currentUser(await headers());
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/courses/${course}/assessments/${assessment}`)}`);
  const out = await startSitting(getPrisma(), user.id, course, assessment, { accessCode, sessionId: user.sessionId });
  const page = `/courses/${course}/assessments/${assessment}`;
  if (out.status === 'started' || out.status === 'resumed') redirect(page);
  redirect(`${page}?refused=${out.status}${'retryAfter' in out && out.retryAfter !== undefined ? `&wait=${out.retryAfter}` : ''}`);
}

/** Submits the signed-in student's sitting (no more answers are taken). */
export async function submitAssessment(form: FormData): Promise<void> {
  const parsed = read(form);
  if (!parsed.success) redirect('/dashboard');
  const { course, assessment } = parsed.data;
  const user = await currentUser(await headers());
  if (!user) redirect('/sign-in');
  await submitSitting(getPrisma(), user.id, course, assessment, new Date(), user.sessionId);
  redirect(`/courses/${course}/assessments/${assessment}`);
}
