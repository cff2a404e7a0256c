/**
 * Filling the database: course content (Course/Lesson/Exercise rows mirror the content
 * folder) and the demo accounts. Both are idempotent — a second run with the same input
 * writes nothing — and neither overwrites what people set in the app (a course's join
 * code or open enrolment, a lesson's due date, a user's password or role).
 */
import { randomUUID } from 'node:crypto';
import { hashPassword } from './passwords';
import type { Prisma, PrismaClient } from './client';
import { compareAssessments } from '@/lib/content/assessments';

// ─── the shape the content loader produces ─────────────────────────────────────

/** One exercise as authored in the content, ready to store. */
export interface ExerciseData {
  /** The exercise's stable id in the content; unique within its course. */
  key: string;
  /** Exercise kind, e.g. "hessian". */
  kind: string;
  /** The kind's grader version. */
  kindVersion: number;
  /** The exercise template as authored, including `params` (any JSON object). */
  spec: object;
  /** Hash of `spec`, stored with every attempt. */
  specHash: string;
  /** Order within its lesson. */
  position: number;
  /** Attempts allowed, reveal policy, tolerance, … (any JSON object). */
  settings: object;
}

/** One lesson of a course. */
export interface LessonData {
  slug: string;
  title: string;
  /** Order within the course. */
  position: number;
  exercises: ExerciseData[];
}

/** A course as read from the content folder (what lib/content's loadCourse returns). */
export interface CourseData {
  slug: string;
  title: string;
  lessons: LessonData[];
  /** The course's assessments (lib/content AssessmentDef); absent = none. */
  assessments?: AssessmentData[];
}

/** One assessment as authored (lib/content AssessmentDef). */
export interface AssessmentData {
  slug: string;
  title: string;
  type: string;
  opensAt: string | null;
  closesAt: string | null;
  timeLimitMinutes: number | null;
  attempts: number;
  reveal: string;
  accessCode: string | null;
  /** "one" | "log" (lib/content ASSESSMENT_SESSIONS); absent = "log". */
  sessions?: string;
  slots: object[];
  /** The zones over `slots` (lib/content Zone); absent or null = every slot for everyone. */
  zones?: object[] | null;
  /** Weight in the gradebook's weighted total (0 = not counted); absent = 1. */
  weight?: number;
}

/** What syncCourse changed. Lessons and exercises no longer in the content are kept (attempts refer to them) and listed in `unlisted`. */
export interface SyncReport {
  course: 'created' | 'updated' | 'unchanged';
  lessonsCreated: number;
  lessonsUpdated: number;
  exercisesCreated: number;
  exercisesUpdated: number;
  /** Assessments created or changed. */
  assessmentsSynced: number;
  /** Keys of exercises (and slugs of lessons, prefixed "lesson:") in the database but not in the content. */
  unlisted: string[];
}

/** Deep equality of JSON values, ignoring key order (PostgreSQL's jsonb reorders keys). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The values of `wanted` that differ from `current`, or null when none does. */
function changes<T extends object>(current: Record<string, unknown>, wanted: T): Partial<T> | null {
  const diff: Partial<T> = {};
  let any = false;
  for (const [k, v] of Object.entries(wanted)) {
    if (!sameJson(current[k], v)) {
      (diff as Record<string, unknown>)[k] = v;
      any = true;
    }
  }
  return any ? diff : null;
}

function findDuplicate(values: string[]): string | undefined {
  const seen = new Set<string>();
  return values.find((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

/**
 * Creates or updates the Course, Lesson and Exercise rows of one course so they match its
 * content. Only content-owned fields are written (titles, positions, kinds, specs,
 * settings); rows that are already equal are not touched. Never deletes.
 */
export async function syncCourse(prisma: PrismaClient, course: CourseData): Promise<SyncReport> {
  const lessonDup = findDuplicate(course.lessons.map((l) => l.slug));
  if (lessonDup) throw new Error(`course ${course.slug}: lesson "${lessonDup}" appears twice`);
  const exerciseDup = findDuplicate(course.lessons.flatMap((l) => l.exercises.map((e) => e.key)));
  if (exerciseDup) throw new Error(`course ${course.slug}: exercise id "${exerciseDup}" appears twice`);

  return prisma.$transaction(
    async (tx) => {
      const report: SyncReport = { course: 'unchanged', lessonsCreated: 0, lessonsUpdated: 0, exercisesCreated: 0, exercisesUpdated: 0, assessmentsSynced: 0, unlisted: [] };
      let row = await tx.course.findUnique({ where: { slug: course.slug } });
      if (!row) {
        row = await tx.course.create({ data: { slug: course.slug, title: course.title } });
        report.course = 'created';
      } else if (row.title !== course.title) {
        row = await tx.course.update({ where: { id: row.id }, data: { title: course.title } });
        report.course = 'updated';
      }
      const courseId = row.id;

      const lessons = new Map((await tx.lesson.findMany({ where: { courseId } })).map((l) => [l.slug, l]));
      const exercises = new Map((await tx.exercise.findMany({ where: { courseId } })).map((e) => [e.key, e]));
      const seenLessons = new Set<string>();
      const seenExercises = new Set<string>();

      for (const lesson of course.lessons) {
        seenLessons.add(lesson.slug);
        const wantedLesson = { title: lesson.title, position: lesson.position };
        let lessonRow = lessons.get(lesson.slug);
        if (!lessonRow) {
          lessonRow = await tx.lesson.create({ data: { courseId, slug: lesson.slug, ...wantedLesson } });
          report.lessonsCreated++;
        } else {
          const diff = changes(lessonRow, wantedLesson);
          if (diff) {
            await tx.lesson.update({ where: { id: lessonRow.id }, data: diff });
            report.lessonsUpdated++;
          }
        }

        for (const ex of lesson.exercises) {
          seenExercises.add(ex.key);
          const wanted = {
            lessonId: lessonRow.id,
            kind: ex.kind,
            kindVersion: ex.kindVersion,
            spec: ex.spec as Prisma.InputJsonValue,
            specHash: ex.specHash,
            position: ex.position,
            settings: ex.settings as Prisma.InputJsonValue,
          };
          const current = exercises.get(ex.key);
          if (!current) {
            await tx.exercise.create({ data: { courseId, key: ex.key, ...wanted } });
            report.exercisesCreated++;
          } else {
            const diff = changes(current, wanted);
            if (diff) {
              await tx.exercise.update({ where: { id: current.id }, data: diff });
              report.exercisesUpdated++;
            }
          }
        }
      }
      // Assessments: content-owned fields only (the instructor's release is kept); one no longer in the content is kept.
      const assessments = new Map((await tx.assessment.findMany({ where: { courseId } })).map((a) => [a.slug, a]));
      // Listed by opening time, then title (lib/content compareAssessments), not by file name.
      for (const [position, a] of [...(course.assessments ?? [])].sort(compareAssessments).entries()) {
        const wanted = {
          title: a.title,
          type: a.type,
          opensAt: a.opensAt ? new Date(a.opensAt) : null,
          closesAt: a.closesAt ? new Date(a.closesAt) : null,
          timeLimitMinutes: a.timeLimitMinutes,
          attempts: a.attempts,
          reveal: a.reveal,
          accessCode: a.accessCode,
          sessions: a.sessions ?? 'log',
          slots: a.slots as Prisma.InputJsonValue,
          // [] = no zones (a JSON null would need the client's runtime DbNull).
          zones: (a.zones ?? []) as Prisma.InputJsonValue,
          weight: a.weight ?? 1,
          position,
        };
        const current = assessments.get(a.slug);
        if (!current) {
          await tx.assessment.create({ data: { courseId, slug: a.slug, ...wanted } });
          report.assessmentsSynced++;
        } else {
          const diff = changes(current, wanted);
          if (diff) {
            await tx.assessment.update({ where: { id: current.id }, data: diff });
            report.assessmentsSynced++;
          }
        }
      }
      for (const slug of lessons.keys()) if (!seenLessons.has(slug)) report.unlisted.push(`lesson:${slug}`);
      for (const key of exercises.keys()) if (!seenExercises.has(key)) report.unlisted.push(key);
      return report;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

// ─── demo accounts ─────────────────────────────────────────────────────────────

/** The demo accounts seedDemo creates (documented in the README; never use them in production). */
export const DEMO_ACCOUNTS = [
  { role: 'instructor', name: 'Demo Instructor', email: 'instructor@example.com', password: 'curvature-instructor' },
  { role: 'student', name: 'Demo Student', email: 'student@example.com', password: 'curvature-student' },
] as const;

/** What seedDemo did, one line per change (empty when nothing was needed). */
export type SeedReport = string[];

/**
 * Creates a user who signs in with email + password exactly as if they had signed up
 * through better-auth (its scrypt hash in a "credential" account). Returns the user's id.
 */
export async function createPasswordUser(
  prisma: PrismaClient,
  user: { email: string; name: string; password: string; role?: string; emailVerified?: boolean },
): Promise<string> {
  const id = randomUUID();
  const hash = await hashPassword(user.password);
  await prisma.user.create({
    data: {
      id,
      email: user.email.toLowerCase(),
      name: user.name,
      role: user.role ?? 'student',
      emailVerified: user.emailVerified ?? false,
      accounts: { create: { id: randomUUID(), accountId: id, providerId: 'credential', password: hash } },
    },
  });
  return id;
}

/**
 * The demo setup: syncs `course`'s rows (when given with its lessons), creates the demo instructor and
 * student when missing (existing accounts are left exactly as they are) and enrols them
 * in the course (the instructor as instructor). Idempotent. Returns a line per thing done.
 */
export async function seedDemo(prisma: PrismaClient, course?: CourseData | { slug: string }): Promise<SeedReport> {
  const done: SeedReport = [];
  let courseId: string | undefined;
  if (course) {
    // A bare { slug } names a course whose rows are synced already (by the content sync).
    if ('lessons' in course) {
      const synced = describeSync(course.slug, await syncCourse(prisma, course));
      if (synced) done.push(synced);
    }
    courseId = (await prisma.course.findUniqueOrThrow({ where: { slug: course.slug } })).id;
  }
  for (const account of DEMO_ACCOUNTS) {
    let userId = (await prisma.user.findUnique({ where: { email: account.email }, select: { id: true } }))?.id;
    if (!userId) {
      userId = await createPasswordUser(prisma, { ...account, emailVerified: true });
      done.push(`created demo ${account.role} ${account.email}`);
    }
    if (!course || !courseId) continue;
    const enrolled = await prisma.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
    if (!enrolled) {
      await prisma.enrollment.create({ data: { userId, courseId, role: account.role } });
      done.push(`enrolled ${account.email} in ${course.slug} as ${account.role}`);
    }
  }
  return done;
}

/** One line describing a sync, or null when it changed nothing. */
export function describeSync(slug: string, r: SyncReport): string | null {
  const parts: string[] = [];
  if (r.course !== 'unchanged') parts.push(`course ${r.course}`);
  if (r.lessonsCreated) parts.push(`${r.lessonsCreated} lesson(s) added`);
  if (r.lessonsUpdated) parts.push(`${r.lessonsUpdated} lesson(s) updated`);
  if (r.exercisesCreated) parts.push(`${r.exercisesCreated} exercise(s) added`);
  if (r.exercisesUpdated) parts.push(`${r.exercisesUpdated} exercise(s) updated`);
  if (r.assessmentsSynced) parts.push(`${r.assessmentsSynced} assessment(s) added or updated`);
  if (parts.length === 0) return null;
  return `content ${slug}: ${parts.join(', ')}`;
}
