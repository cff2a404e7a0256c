/**
 * A course's settings as its instructors change them: enrolment (open enrolment, join code),
 * per-lesson due date and overrides of the authored attempts and reveal policy, and
 * per-student extensions of a lesson's due date. server/attempts.ts (rulesFor) applies them.
 *
 * The form checks (zod) are here so tests can run them; the server actions in
 * server/actions/teach-manage.ts check access, parse with these and call the writers.
 * Every writer takes the course id from the access check and refuses ids of other courses.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { REVEAL_POLICIES, type RevealPolicy } from '@/lib/content';
import type { PrismaClient } from '@/server/db/client';
import { settingsOf } from '@/lib/content';
import { setEnrolmentOptions, JOIN_CODE, type Actor, type OptionsOutcome } from '@/server/enrolment';

// ─── what the page shows ───────────────────────────────────────────────────────

/** Each reveal policy in words, for the override menu. */
export const REVEAL_LABELS: Record<RevealPolicy, string> = {
  'after-correct': 'After a correct answer (or the due date)',
  'after-last-attempt': 'After a correct answer or the last attempt (or the due date)',
  'after-due': 'Only after the due date',
  always: 'Always (practice)',
  never: 'Never',
};

/** One lesson's settings, and what its exercises' authors chose. */
export interface LessonSettings {
  id: string;
  slug: string;
  title: string;
  /** ISO time in UTC, or null. */
  dueAt: string | null;
  /** Override of the attempts allowed (0 = unlimited); null = as authored. */
  attempts: number | null;
  /** Override of the reveal policy; null = as authored. */
  reveal: RevealPolicy | null;
  /** The distinct authored values over the lesson's exercises, for "as authored" hints. */
  authored: { attempts: number[]; reveal: RevealPolicy[] };
}

/** One student's extension of one lesson. */
export interface ExtensionRow {
  id: string;
  lessonId: string;
  lessonTitle: string;
  userId: string;
  name: string;
  email: string;
  /** ISO time in UTC. */
  dueAt: string;
}

/** Everything the settings page shows. */
export interface CourseSettings {
  openEnrollment: boolean;
  joinCode: string | null;
  lessons: LessonSettings[];
  /** The course's students (for the extension form), by name. */
  students: { id: string; name: string; email: string }[];
  extensions: ExtensionRow[];
}

const sortedUnique = <T>(values: T[]): T[] => [...new Set(values)].sort();

/** The settings of a course, in course order. */
export async function courseSettings(prisma: PrismaClient, courseId: string): Promise<CourseSettings> {
  const [course, lessons, students, extensions] = await Promise.all([
    prisma.course.findUniqueOrThrow({ where: { id: courseId }, select: { openEnrollment: true, joinCode: true } }),
    prisma.lesson.findMany({ where: { courseId }, orderBy: { position: 'asc' }, include: { exercises: { select: { settings: true } } } }),
    prisma.enrollment.findMany({
      where: { courseId, role: 'student' },
      select: { user: { select: { id: true, name: true, email: true } } },
      orderBy: [{ user: { name: 'asc' } }, { user: { email: 'asc' } }],
    }),
    prisma.extension.findMany({
      where: { lesson: { courseId } },
      orderBy: [{ lesson: { position: 'asc' } }, { dueAt: 'asc' }],
      include: { lesson: { select: { title: true } }, user: { select: { name: true, email: true } } },
    }),
  ]);
  return {
    openEnrollment: course.openEnrollment,
    joinCode: course.joinCode,
    lessons: lessons.map((l) => {
      const authored = l.exercises.map((e) => settingsOf(e.settings));
      return {
        id: l.id,
        slug: l.slug,
        title: l.title,
        dueAt: l.dueAt?.toISOString() ?? null,
        attempts: l.attempts,
        reveal: isRevealPolicy(l.reveal) ? l.reveal : null,
        authored: { attempts: sortedUnique(authored.map((s) => s.attempts)).sort((a, b) => a - b), reveal: sortedUnique(authored.map((s) => s.reveal)) },
      };
    }),
    students: students.map((s) => s.user),
    extensions: extensions.map((x) => ({
      id: x.id,
      lessonId: x.lessonId,
      lessonTitle: x.lesson.title,
      userId: x.userId,
      name: x.user.name,
      email: x.user.email,
      dueAt: x.dueAt.toISOString(),
    })),
  };
}

function isRevealPolicy(value: unknown): value is RevealPolicy {
  return typeof value === 'string' && (REVEAL_POLICIES as readonly string[]).includes(value);
}

// ─── the forms ─────────────────────────────────────────────────────────────────

/** A checked form: its data, or one message per bad field (and `message`: that message, or how many fields are wrong). */
export type Checked<T> = { ok: true; data: T } | { ok: false; fieldErrors: Record<string, string>; message: string };

/** What a settings form shows after a save. */
export interface ManageState {
  status: 'idle' | 'ok' | 'error';
  message: string;
  /** Field name → what is wrong with it. */
  fieldErrors?: Record<string, string>;
  /** A join code the server made (generate code). */
  joinCode?: string;
}

const id = z.string({ error: 'Missing.' }).min(1, 'Missing.').max(100, 'Not a valid id.');

/** An ISO time in UTC as the browser sends it ("2030-01-15T09:00:00.000Z") between the years 2000 and 2100, else null. */
function isoTime(s: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(s)) return null;
  const d = new Date(s);
  // Date rolls 30 February over into March; a real date prints back as itself.
  const real = !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 16) === s.slice(0, 16);
  return real && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100 ? d : null;
}

const LessonForm = z.object({
  lessonId: id,
  dueAt: z
    .string({ error: 'Pick a date and time, or clear it for no due date.' })
    .default('')
    .refine((s) => s === '' || isoTime(s) !== null, 'Pick a date and time between the years 2000 and 2100, or clear it for no due date.'),
  attempts: z
    .string()
    .trim()
    .default('')
    .refine((s) => s === '' || (/^\d{1,4}$/.test(s) && Number(s) <= 1000), 'Attempts is a whole number from 0 (unlimited) to 1000, or blank for as authored.'),
  reveal: z
    .string()
    .default('')
    .refine((s) => s === '' || isRevealPolicy(s), 'Choose one of the listed reveal policies, or "as authored".'),
});

const ExtensionForm = z.object({
  lessonId: z.string().min(1, 'Choose a lesson.').max(100, 'Choose a lesson.'),
  userId: z.string().min(1, 'Choose a student.').max(100, 'Choose a student.'),
  dueAt: z.string({ error: 'Pick the new due date and time.' }).refine((s) => isoTime(s) !== null, 'Pick the new due date and time (between the years 2000 and 2100).'),
});

const EnrolmentForm = z.object({
  openEnrollment: z.boolean({ error: 'Open enrolment is on or off.' }),
  joinCode: z
    .string()
    .trim()
    .max(32, 'A join code has at most 32 characters.')
    .refine((c) => c === '' || JOIN_CODE.test(c), 'A join code has 4–32 letters, digits or dashes.'),
});

function check<S extends z.ZodType>(schema: S, values: unknown): Checked<z.output<S>> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
  const messages = Object.values(fieldErrors);
  const message = messages.length === 1 ? messages[0] : `${messages.length} fields need a fix; see the note beside each.`;
  return { ok: false, fieldErrors, message };
}

/** A lesson's new settings: due date (null = none), attempts and reveal overrides (null = as authored). */
export interface LessonInput {
  lessonId: string;
  dueAt: Date | null;
  attempts: number | null;
  reveal: RevealPolicy | null;
}

/** Checks the lesson form (all strings: lessonId, dueAt as ISO UTC or '', attempts, reveal). */
export function parseLessonForm(values: unknown): Checked<LessonInput> {
  const c = check(LessonForm, values);
  if (!c.ok) return c;
  const { lessonId, dueAt, attempts, reveal } = c.data;
  return {
    ok: true,
    data: { lessonId, dueAt: dueAt === '' ? null : isoTime(dueAt), attempts: attempts === '' ? null : Number(attempts), reveal: reveal === '' ? null : (reveal as RevealPolicy) },
  };
}

/** One student's extension: lesson, student and new due date. */
export interface ExtensionInput {
  lessonId: string;
  userId: string;
  dueAt: Date;
}

/** Checks the extension form (lessonId, userId, dueAt as ISO UTC). */
export function parseExtensionForm(values: unknown): Checked<ExtensionInput> {
  const c = check(ExtensionForm, values);
  if (!c.ok) return c;
  return { ok: true, data: { lessonId: c.data.lessonId, userId: c.data.userId, dueAt: isoTime(c.data.dueAt)! } };
}

/** Checks the enrolment form (openEnrollment: boolean, joinCode: '' = none). */
export function parseEnrolmentForm(values: unknown): Checked<{ openEnrollment: boolean; joinCode: string | null }> {
  const c = check(EnrolmentForm, values);
  if (!c.ok) return c;
  return { ok: true, data: { openEnrollment: c.data.openEnrollment, joinCode: c.data.joinCode === '' ? null : c.data.joinCode } };
}

// ─── writers ───────────────────────────────────────────────────────────────────

/** Saves a lesson's due date and overrides. 'not-found' when the lesson is not this course's. */
export async function saveLessonSettings(prisma: PrismaClient, courseId: string, input: LessonInput): Promise<'saved' | 'not-found'> {
  const { count } = await prisma.lesson.updateMany({
    where: { id: input.lessonId, courseId },
    data: { dueAt: input.dueAt, attempts: input.attempts, reveal: input.reveal },
  });
  return count === 1 ? 'saved' : 'not-found';
}

/**
 * Gives a student of the course a later (or any) due date for one of its lessons, or
 * changes the one they have. Refuses a lesson of another course and anyone who is not a
 * student of this course.
 */
export async function saveExtension(prisma: PrismaClient, courseId: string, input: ExtensionInput): Promise<'saved' | 'lesson-not-found' | 'not-a-student'> {
  const [lesson, enrolment] = await Promise.all([
    prisma.lesson.findFirst({ where: { id: input.lessonId, courseId }, select: { id: true } }),
    prisma.enrollment.findUnique({ where: { userId_courseId: { userId: input.userId, courseId } }, select: { role: true } }),
  ]);
  if (!lesson) return 'lesson-not-found';
  if (enrolment?.role !== 'student') return 'not-a-student';
  await prisma.extension.upsert({
    where: { lessonId_userId: { lessonId: lesson.id, userId: input.userId } },
    create: { lessonId: lesson.id, userId: input.userId, dueAt: input.dueAt },
    update: { dueAt: input.dueAt },
  });
  return 'saved';
}

/** Removes an extension of one of this course's lessons. */
export async function removeExtension(prisma: PrismaClient, courseId: string, extensionId: string): Promise<'removed' | 'not-found'> {
  const { count } = await prisma.extension.deleteMany({ where: { id: extensionId, lesson: { courseId } } });
  return count === 1 ? 'removed' : 'not-found';
}

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A fresh random join code such as "K7QP-3MXA" (two groups of four; about 40 bits). */
export function randomJoinCode(): string {
  const group = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return `${group()}-${group()}`;
}

/**
 * Sets a new random join code on the course (open enrolment unchanged) through
 * setEnrolmentOptions, trying again in the unlikely case another course has it.
 */
export async function generateJoinCode(prisma: PrismaClient, user: Actor, courseSlug: string): Promise<{ outcome: OptionsOutcome; joinCode: string | null }> {
  const course = await prisma.course.findUnique({ where: { slug: courseSlug }, select: { openEnrollment: true } });
  if (!course) return { outcome: 'not-found', joinCode: null };
  for (let i = 0; i < 5; i++) {
    const joinCode = randomJoinCode();
    const outcome = await setEnrolmentOptions(prisma, user, courseSlug, { openEnrollment: course.openEnrollment, joinCode });
    if (outcome !== 'code-taken') return { outcome, joinCode: outcome === 'saved' ? joinCode : null };
  }
  return { outcome: 'code-taken', joinCode: null };
}
