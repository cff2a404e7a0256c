'use server';
/**
 * The server action of the exercise preview (/teach/<course>/preview/<exercise>): "try as
 * student". It checks its input with zod, asks requireStaffAction on every call (instructor
 * of the course or admin), then reads and grades the answer against the variant of the
 * chosen seed as a student's submission would be graded — and stores nothing.
 */
import { z } from 'zod';
import { getPrisma } from '@/server/db/client';
import { refused, requireStaffAction } from '@/server/teach/guard';
import { SEED_LIMIT } from '@/lib/content';
import { tryAnswer as gradeTry, type TryResponse } from '@/server/teach/preview';

const slug = z.string().max(100).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case slug');

const TryInput = z
  .object({
    course: slug,
    exercise: slug,
    seed: z.number().int().min(0).max(SEED_LIMIT - 1),
    // The same bound as a student's submission (lib/answers reads at most 2000 characters).
    answer: z.string().max(10_000),
  })
  .strict();

/**
 * Grades `answer` against the variant of `exercise` for `seed` (input: { course, exercise,
 * seed, answer }) and returns the verdict, score, per-entry credit, feedback and diagnosis,
 * or where the answer could not be read. Only staff of the course may call it; it never
 * writes to the database.
 */
export async function tryAnswer(input: unknown): Promise<TryResponse> {
  const parsed = TryInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: 'invalid', message: `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}` };
  }
  const { course, exercise, seed, answer } = parsed.data;
  const staff = await requireStaffAction(course);
  if (refused(staff)) return staff;
  return gradeTry(getPrisma(), staff.course.id, exercise, seed, answer);
}
