'use server';
/**
 * Server actions of the dashboard's enrolment forms: a student joins a course (open
 * enrolment or join code); an instructor of the course sets its enrolment options.
 * Both validate the form with zod and act only for the session's user.
 */
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { currentUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { enrol, setEnrolmentOptions, JOIN_CODE } from '@/server/enrolment';
import type { FormState } from './types';

const slug = z.string().max(100).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

const EnrolForm = z.object({ course: slug, code: z.string().max(100).optional() });

const OptionsForm = z.object({
  course: slug,
  openEnrollment: z.enum(['on']).optional(),
  joinCode: z
    .string()
    .trim()
    .max(32)
    .refine((c) => c === '' || JOIN_CODE.test(c), 'A join code has 4–32 letters, digits or dashes.'),
});

const ENROL_MESSAGES = {
  enrolled: 'You are enrolled.',
  'already-enrolled': 'You are already enrolled.',
  'wrong-code': 'That join code is not right for this course.',
  'not-found': 'There is no such course.',
} as const;

const OPTIONS_MESSAGES = {
  saved: 'Saved.',
  forbidden: 'Only an instructor of this course can change its enrolment.',
  'bad-code': 'A join code has 4–32 letters, digits or dashes.',
  'code-taken': 'Another course uses that join code; choose another.',
  'not-found': 'There is no such course.',
} as const;

function formValues(form: FormData): Record<string, string> {
  return Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Enrols the signed-in user in a course (form fields: course, code?). */
export async function enrolInCourse(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = EnrolForm.safeParse(formValues(form));
  if (!parsed.success) return { status: 'error', message: 'The form was not filled in correctly.' };
  const user = await currentUser(await headers());
  if (!user) return { status: 'error', message: 'Sign in first.' };
  const code = parsed.data.code?.trim() || undefined;
  const outcome = await enrol(getPrisma(), user.id, parsed.data.course, code);
  if (outcome === 'enrolled') revalidatePath('/dashboard');
  return { status: outcome === 'enrolled' || outcome === 'already-enrolled' ? 'ok' : 'error', message: ENROL_MESSAGES[outcome] };
}

/** Sets a course's open enrolment and join code (form fields: course, openEnrollment?, joinCode). */
export async function saveEnrolmentOptions(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = OptionsForm.safeParse(formValues(form));
  if (!parsed.success) return { status: 'error', message: parsed.error.issues[0]?.message ?? 'The form was not filled in correctly.' };
  const user = await currentUser(await headers());
  if (!user) return { status: 'error', message: 'Sign in first.' };
  const outcome = await setEnrolmentOptions(getPrisma(), user, parsed.data.course, {
    openEnrollment: parsed.data.openEnrollment === 'on',
    joinCode: parsed.data.joinCode === '' ? null : parsed.data.joinCode,
  });
  if (outcome === 'saved') revalidatePath('/dashboard');
  return { status: outcome === 'saved' ? 'ok' : 'error', message: OPTIONS_MESSAGES[outcome] };
}
