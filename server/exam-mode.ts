/**
 * Exam mode (issue 22): while a student sits an exam (server/assessments.ts openExam), only
 * the exam's own pages answer them — its sitting page and answers sent in its sitting.
 * Lessons, practice, other assessments and the attempt history answer "Closed during the
 * exam" with a link back to it, in every course: a student in an exam is in exam mode
 * everywhere in Curvature, so another course (or a copy of this one) cannot show what the
 * exam asks. Pages of a course the student teaches, and the instructor views, stay open.
 * Each refusal is written to the exam's audit log with the page asked for.
 *
 * Pages call `examClosing` once, before reading anything else; the APIs ask openExam
 * themselves (server/attempts.ts, server/practice.ts).
 */
import { currentUser } from '@/server/auth';
import { getPrisma, type PrismaClient } from '@/server/db/client';
import { logEvent, openExam, type OpenExam } from '@/server/assessments';

/** Where a closed page was asked for: its path, and the course it belongs to (null: no course, e.g. the history). */
export interface PageAsked {
  page: string;
  course: string | null;
  /** The assessment whose page this is (its own exam's page stays open). */
  assessment?: string;
}

/**
 * The exam that closes this page to `userId` at `now`, or null when the page may be shown:
 * no open exam, the exam's own page, or a course the user teaches. A closing is logged.
 */
export async function examClosingFor(prisma: PrismaClient, userId: string, asked: PageAsked, now = new Date()): Promise<OpenExam | null> {
  const exam = await openExam(prisma, userId, now);
  if (!exam) return null;
  if (asked.course !== null && asked.course === exam.course.slug && asked.assessment === exam.slug) return null;
  if (asked.course !== null) {
    const enrolment = await prisma.enrollment.findFirst({ where: { userId, course: { slug: asked.course } }, select: { role: true } });
    if (enrolment?.role === 'instructor') return null;
  }
  await logEvent(prisma, exam.id, userId, 'refused', now, { reason: 'closed-for-exam', page: asked.page });
  return exam;
}

/** For pages: the exam that closes this page to the signed-in user (visitors: null). */
export async function examClosing(requestHeaders: Headers, asked: PageAsked): Promise<OpenExam | null> {
  const user = await currentUser(requestHeaders);
  if (!user) return null;
  return examClosingFor(getPrisma(), user.id, asked);
}

/** The exam's page. */
export function examPath(exam: Pick<OpenExam, 'slug' | 'course'>): string {
  return `/courses/${exam.course.slug}/assessments/${exam.slug}`;
}
