/**
 * Enrolment in a course: a signed-in user joins a course that has open enrolment, or by
 * typing the course's join code. An instructor of the course (or an admin) sets both.
 * Joining always makes a course student; nobody can give themselves another role.
 */
import type { PrismaClient } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import type { Role } from '@/server/roles';

/** Join codes: 4–32 letters, digits and dashes, compared without regard to case. */
export const JOIN_CODE = /^[A-Za-z0-9-]{4,32}$/;

/** A join code as stored and compared: trimmed, upper case. */
export function normaliseJoinCode(code: string): string {
  return code.trim().toUpperCase();
}

/** A course as one user sees it on their dashboard. */
export interface CourseMembership {
  id: string;
  slug: string;
  title: string;
  /** The user's role in the course, or null when not enrolled. */
  role: string | null;
  /** Anyone signed in may enrol without a code. */
  openEnrollment: boolean;
  /** Whether the course has a join code (the code itself only for those who manage it). */
  hasJoinCode: boolean;
  /** May change the enrolment options (instructor of the course, or admin). */
  manages: boolean;
  /** The join code, only when `manages`. */
  joinCode: string | null;
  /** False for a course whose every sync was refused (listed only to those who manage it, to fix it). */
  published: boolean;
}

/** Who is asking: their id and site role. */
export interface Actor {
  id: string;
  role: Role;
}

/**
 * Every course the user may see, with their enrolment in it; join codes only for courses
 * they manage. A course never published because its syncs were refused (a new folder with
 * problems) is listed only to its instructors and admins, who fix it in the editor.
 */
export async function coursesFor(prisma: PrismaClient, user: Actor): Promise<CourseMembership[]> {
  const courses = await prisma.course.findMany({
    orderBy: { title: 'asc' },
    include: { enrollments: { where: { userId: user.id }, select: { role: true } } },
  });
  // Never published, and refused by a sync: the folder has problems to fix first.
  const unpublished = courses.filter((c) => c.publishedVersionId === null).map((c) => c.slug);
  const refused = new Set(
    unpublished.length === 0
      ? []
      : (await prisma.courseVersion.findMany({ where: { courseSlug: { in: unpublished }, status: 'refused' }, select: { courseSlug: true }, distinct: ['courseSlug'] })).map(
          (v) => v.courseSlug,
        ),
  );
  return courses.flatMap((c) => {
    const role = c.enrollments[0]?.role ?? null;
    const manages = user.role === 'admin' || role === 'instructor';
    const published = !refused.has(c.slug);
    if (!published && !manages) return [];
    return {
      id: c.id,
      slug: c.slug,
      title: c.title,
      role,
      openEnrollment: c.openEnrollment,
      hasJoinCode: c.joinCode !== null,
      manages,
      joinCode: manages ? c.joinCode : null,
      published,
    };
  });
}

/** What enrol did. */
export type EnrolOutcome = 'enrolled' | 'already-enrolled' | 'wrong-code' | 'not-found';

/**
 * Enrols the user in the course as a student when enrolment is open or `code` is the
 * course's join code (case does not matter). Enrolling twice changes nothing.
 */
export async function enrol(prisma: PrismaClient, userId: string, courseSlug: string, code?: string): Promise<EnrolOutcome> {
  const course = await prisma.course.findUnique({ where: { slug: courseSlug } });
  if (!course) return 'not-found';
  const existing = await prisma.enrollment.findUnique({ where: { userId_courseId: { userId, courseId: course.id } } });
  if (existing) return 'already-enrolled';
  const codeMatches = code !== undefined && course.joinCode !== null && normaliseJoinCode(code) === course.joinCode;
  if (!course.openEnrollment && !codeMatches) return 'wrong-code';
  try {
    await prisma.enrollment.create({ data: { userId, courseId: course.id, role: 'student' } });
  } catch (err) {
    // Two enrol requests at once: the unique (user, course) pair lets one in.
    if (isUniqueViolation(err)) return 'already-enrolled';
    throw err;
  }
  return 'enrolled';
}

/** What setEnrolmentOptions did. */
export type OptionsOutcome = 'saved' | 'forbidden' | 'bad-code' | 'code-taken' | 'not-found';

/**
 * Sets a course's open enrolment and join code (null removes the code). Only an
 * instructor of the course or an admin may. Join codes are unique across courses.
 */
export async function setEnrolmentOptions(
  prisma: PrismaClient,
  user: Actor,
  courseSlug: string,
  options: { openEnrollment: boolean; joinCode: string | null },
): Promise<OptionsOutcome> {
  const course = await prisma.course.findUnique({
    where: { slug: courseSlug },
    include: { enrollments: { where: { userId: user.id }, select: { role: true } } },
  });
  if (!course) return 'not-found';
  if (!(user.role === 'admin' || course.enrollments[0]?.role === 'instructor')) return 'forbidden';
  const raw = options.joinCode?.trim() ?? '';
  if (raw !== '' && !JOIN_CODE.test(raw)) return 'bad-code';
  const joinCode = raw === '' ? null : normaliseJoinCode(raw);
  try {
    await prisma.course.update({ where: { id: course.id }, data: { openEnrollment: options.openEnrollment, joinCode } });
  } catch (err) {
    if (isUniqueViolation(err)) return 'code-taken';
    throw err;
  }
  return 'saved';
}
