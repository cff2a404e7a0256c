'use server';
/**
 * Server actions of the exercise cards on the (static) lesson pages: load the signed-in
 * student's state for a lesson, and submit an answer. Both validate their input with zod,
 * act only for the session's user, and never trust the browser with a seed or a grade.
 */
import { headers } from 'next/headers';
import { z } from 'zod';
import { currentUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { lessonView, submitAttempt } from '@/server/attempts';
import type { LessonStateResponse, SubmitResponse } from './types';

const slug = z.string().max(100).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case slug');

const LessonInput = z.object({ course: slug, lesson: slug }).strict();

const SubmitInput = z
  .object({
    course: slug,
    exercise: slug,
    // lib/answers reads at most 2000 characters and reports longer text as unreadable;
    // anything far beyond that is not a student's answer.
    answer: z.string().max(10_000),
    idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/, 'expected a random key of 16–100 letters, digits, - or _'),
  })
  .strict();

function invalid(error: z.ZodError): { status: 'invalid'; message: string } {
  const issue = error.issues[0];
  return { status: 'invalid', message: `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}` };
}

/**
 * The signed-in student's view of every exercise of a lesson: their own variant's question,
 * attempts, last result, hints, and the worked answer once the exercise allows it.
 */
export async function loadLessonState(input: unknown): Promise<LessonStateResponse> {
  const parsed = LessonInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const user = await currentUser(await headers());
  if (!user) return { status: 'signed-out' };
  return lessonView(getPrisma(), user.id, parsed.data.course, parsed.data.lesson);
}

/**
 * Grades the signed-in student's answer to their own variant and stores the attempt. A
 * retried submission (same idempotency key) returns the stored result; an unreadable
 * answer says where and is not stored.
 */
export async function submitAnswer(input: unknown): Promise<SubmitResponse> {
  const parsed = SubmitInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const user = await currentUser(await headers());
  if (!user) return { status: 'signed-out' };
  return submitAttempt(getPrisma(), { userId: user.id, ...parsed.data });
}
