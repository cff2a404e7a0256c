/**
 * What the hardening tests share: the demo course's exercises and their right answers
 * (computed with lib/exercises for each student's own variant, never copied from the app),
 * students made through the real sign-up route, submissions through the real
 * submit route (POST /api/attempts), and a bounded worker pool.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { loadContentCourses } from '@/server/content';
import { createPrisma, type PrismaClient } from '@/server/db/client';
import { resolveDatabase } from '@/server/db/config';
import type { ExerciseData } from '@/server/db/seed';
import { variantSeed } from '@/lib/content';
import { solveVariant } from '@/lib/exercises';
import type { SubmitResponse } from '@/server/wire';
import type { Answer, Solved } from '@/lib/exercises';
import { Client, ROOT } from '@/tests/support/app';

/** The demo course every test runs on. */
export const COURSE = 'curvature';
/** Its Hessian lesson. */
export const HESSIAN_LESSON = 'hessian';

/** The exercises of a lesson of the demo course, as content/ defines them. */
export async function lessonExercises(lesson: string): Promise<ExerciseData[]> {
  const courses = await loadContentCourses(path.join(ROOT, 'content'));
  const course = courses.find((c) => c.slug === COURSE);
  const found = course?.lessons.find((l) => l.slug === lesson);
  if (!found) throw new Error(`no lesson ${lesson} in content/${COURSE}`);
  return found.exercises;
}

/** Every exercise of the demo course. */
export async function courseExercises(): Promise<ExerciseData[]> {
  const courses = await loadContentCourses(path.join(ROOT, 'content'));
  const course = courses.find((c) => c.slug === COURSE);
  if (!course) throw new Error(`no course ${COURSE} in content/`);
  return course.lessons.flatMap((l) => l.exercises);
}

/** A student's own variant of an exercise, solved by lib/exercises (the same seed rule the app uses). */
export function variantOf(exercise: ExerciseData, userId: string): Solved {
  return solveVariant(exercise.spec, variantSeed(userId, exercise.key));
}

/** An answer as a student types it: `3`, `[1, 2]`, `[6, 2; 2, 12]`, or a label. */
export function answerText(answer: Answer): string {
  if (!Array.isArray(answer)) return String(answer);
  if (answer.length > 0 && Array.isArray(answer[0])) return `[${(answer as unknown[][]).map((row) => row.join(', ')).join('; ')}]`;
  return `[${answer.join(', ')}]`;
}

/** The right answer of a student's variant, as text. */
export function rightAnswer(exercise: ExerciseData, userId: string): string {
  return answerText(variantOf(exercise, userId).solution.answer);
}

/**
 * A wrong but readable answer to a numeric matrix exercise: the right one with 1 added to
 * its first entry, so exactly one entry of the matrix is wrong (credit (n² − 1)/n²).
 */
export function oneEntryOff(exercise: ExerciseData, userId: string): string {
  const answer = variantOf(exercise, userId).solution.answer;
  if (!Array.isArray(answer) || !Array.isArray(answer[0])) throw new Error(`${exercise.key} is not a matrix exercise`);
  const m = (answer as number[][]).map((row) => [...row]);
  m[0][0] += 1;
  return answerText(m);
}

/** A fresh idempotency key, as the browser makes one per submission. */
export function newKey(): string {
  return randomUUID();
}

/** A Prisma client of the test itself on the app's database (to set up and to check). */
export function openDatabase(databaseUrl: string): PrismaClient {
  return createPrisma(resolveDatabase({ DATABASE_URL: databaseUrl }));
}

export interface Student {
  email: string;
  password: string;
  id: string;
  client: Client;
}

/**
 * Makes `count` student accounts through the app's sign-up route (a few at a time: each
 * costs a password hash on the server), signed in. `origin` is the public URL the app
 * trusts (default: `baseUrl`).
 */
export async function signUpStudents(baseUrl: string, count: number, tag: string, origin = baseUrl): Promise<Student[]> {
  const made: Student[] = [];
  await pool(
    Array.from({ length: count }, (_, i) => i),
    4,
    async (i) => {
      const email = `${tag}-${i}-${randomUUID().slice(0, 8)}@example.com`;
      const password = `stress-password-${i}`;
      const client = new Client(baseUrl, origin);
      const res = await client.signUp(`Student ${i}`, email, password);
      const body = (await res.json()) as { user?: { id?: string } };
      if (res.status !== 200 || !body.user?.id) throw new Error(`sign-up of ${email} answered ${res.status}: ${JSON.stringify(body)}`);
      made[i] = { email, password, id: body.user.id, client };
    },
  );
  return made;
}

/** Enrols users in the demo course as students (set-up, straight into the database). */
export async function enrol(prisma: PrismaClient, userIds: string[]): Promise<void> {
  const course = await prisma.course.findUniqueOrThrow({ where: { slug: COURSE } });
  for (const userId of userIds) {
    await prisma.enrollment.upsert({
      where: { userId_courseId: { userId, courseId: course.id } },
      create: { userId, courseId: course.id, role: 'student' },
      update: {},
    });
  }
}

/**
 * Sets the instructor's override "unlimited attempts" on lessons of the demo course (all
 * when `lessons` is omitted), so that wrong answers never close an exercise and every
 * readable answer is graded and stored.
 */
export async function unlimitedAttempts(prisma: PrismaClient, lessons?: string[]): Promise<void> {
  const course = await prisma.course.findUniqueOrThrow({ where: { slug: COURSE } });
  await prisma.lesson.updateMany({ where: { courseId: course.id, ...(lessons ? { slug: { in: lessons } } : {}) }, data: { attempts: 0 } });
}

export interface Submitted {
  /** HTTP status; 0 when the request failed (connection refused or cut). */
  status: number;
  /** The JSON body (undefined when there was none, e.g. a 500 from the framework). */
  outcome: SubmitResponse | undefined;
  body: string;
  ms: number;
  /** The network error, when status is 0. */
  error?: string;
}

/** Sends an answer as the lesson page does (POST /api/attempts). */
export async function submit(client: Client, exercise: string, answer: string, idempotencyKey: string, timeoutMs?: number): Promise<Submitted> {
  const started = performance.now();
  try {
    const call = client.submit({ course: COURSE, exercise, answer, idempotencyKey });
    const res = timeoutMs === undefined ? await call : await withTimeout(call, timeoutMs);
    return { status: res.status, outcome: res.value as SubmitResponse | undefined, body: res.body, ms: performance.now() - started };
  } catch (err) {
    return { status: 0, outcome: undefined, body: '', ms: performance.now() - started, error: err instanceof Error ? `${err.message} ${String(err.cause ?? '')}` : String(err) };
  }
}

/** The promise's value, or a rejection after `ms` milliseconds. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs `work` on every item with at most `concurrency` at once; rejects with the first error. */
export async function pool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every 200 ms until it returns true; false if `ms` passed first. */
export async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(200);
  }
  return false;
}
