/**
 * Who may use a course's instructor views: an instructor of the course (Enrollment role
 * "instructor") or a site admin. Every instructor page, route handler and server action
 * asks `staffAccess` (or one of the wrappers in server/teach/guard.ts) on every request.
 */
import type { PrismaClient } from '@/server/db/client';
import type { Actor } from '@/server/enrolment';

export interface StaffCourse {
  id: string;
  slug: string;
  title: string;
}

export type StaffAccess =
  | { status: 'ok'; course: StaffCourse }
  | { status: 'signed-out' }
  | { status: 'forbidden' }
  | { status: 'not-found' };

/** Whether `user` may manage the course `courseSlug` (signed-out users: null). */
export async function staffAccess(prisma: PrismaClient, user: Actor | null, courseSlug: string): Promise<StaffAccess> {
  if (!user) return { status: 'signed-out' };
  const course = await prisma.course.findUnique({
    where: { slug: courseSlug },
    select: { id: true, slug: true, title: true, enrollments: { where: { userId: user.id }, select: { role: true } } },
  });
  // A student learns nothing from the difference between "no such course" and "not yours".
  if (!course) return user.role === 'admin' ? { status: 'not-found' } : { status: 'forbidden' };
  if (user.role !== 'admin' && course.enrollments[0]?.role !== 'instructor') return { status: 'forbidden' };
  return { status: 'ok', course: { id: course.id, slug: course.slug, title: course.title } };
}
