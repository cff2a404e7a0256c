/**
 * The roles people have: a site-wide role on the user row (student, instructor, admin) and
 * a role in each course they are enrolled in (student or instructor).
 */

/** Site-wide roles (User.role). Nobody chooses their own: sign-up always makes a student. */
export const ROLES = ['student', 'instructor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The roles a person can have in a course (Enrollment.role, Invitation.role). */
export const COURSE_ROLES = ['student', 'instructor'] as const;
export type CourseRole = (typeof COURSE_ROLES)[number];

/** An email as stored and compared: trimmed, lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
