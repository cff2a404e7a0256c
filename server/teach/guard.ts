/**
 * The access check of the instructor views, in the three shapes Next.js needs: a page
 * (redirect to sign-in, or the 403 page), a route handler (401/403/404 responses) and a
 * server action (a result the form shows). Each runs `staffAccess` on every call.
 */
import 'server-only';
import { headers } from 'next/headers';
import { forbidden, notFound, redirect } from 'next/navigation';
import { currentUser, type SessionUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { staffAccess, type StaffCourse } from './access';

export interface Staff {
  user: SessionUser;
  course: StaffCourse;
}

/** For pages under /teach/[course]: the instructor and course, or a redirect / 403 / 404. */
export async function requireStaffPage(courseSlug: string, path: string): Promise<Staff> {
  const user = await currentUser(await headers());
  const access = await staffAccess(getPrisma(), user, courseSlug);
  if (access.status === 'signed-out') redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  if (access.status === 'forbidden') forbidden();
  if (access.status === 'not-found') notFound();
  return { user: user!, course: access.course };
}

/** For route handlers: the instructor and course, or the Response to send instead. */
export async function requireStaffRequest(request: Request, courseSlug: string): Promise<Staff | Response> {
  const user = await currentUser(request.headers);
  const access = await staffAccess(getPrisma(), user, courseSlug);
  if (access.status === 'signed-out') return new Response('Sign in first.\n', { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  if (access.status === 'forbidden') return new Response('Only an instructor of this course may do that.\n', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  if (access.status === 'not-found') return new Response('There is no such course.\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return { user: user!, course: access.course };
}

/** What a refused server action answers. */
export type ActionRefusal = { status: 'signed-out' } | { status: 'forbidden'; message: string } | { status: 'not-found' };

/** For server actions: the instructor and course, or the refusal to return. */
export async function requireStaffAction(courseSlug: string): Promise<Staff | ActionRefusal> {
  const user = await currentUser(await headers());
  const access = await staffAccess(getPrisma(), user, courseSlug);
  if (access.status === 'ok') return { user: user!, course: access.course };
  if (access.status === 'forbidden') return { status: 'forbidden', message: 'Only an instructor of this course may do that.' };
  return access;
}

/** Narrowing helper: true when the guard refused. */
export function refused<T extends object>(value: Staff | T): value is T {
  return !('user' in value && 'course' in value);
}
