import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { currentUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { courseProgress, type LessonProgress } from '@/server/attempts';
import { coursesFor, type CourseMembership } from '@/server/enrolment';
import { formatPercent } from '@/lib/format';
import { LocalTime } from '@/components/LocalTime';
import { findCourse } from '@/server/courses';
import { EnrolForm, EnrolmentOptionsForm } from '@/components/EnrolmentForms';
import { InvitationAnswer, ResendConfirmationForm } from '@/components/AccountForms';
import { openInvitations } from '@/server/invitations';
import { hasMailbox } from '@/server/mail';

export const metadata: Metadata = { title: 'Dashboard' };

/** One course's lessons with the student's progress in each. */
async function ProgressTable({ course, lessons }: { course: CourseMembership; lessons: LessonProgress[] }) {
  // Lessons still in the content, in its order; the database may keep retired ones.
  const listed = (await findCourse(course.slug))?.lessons;
  const shown = listed ? lessons.filter((l) => listed.includes(l.slug)) : lessons;
  return (
    <div className="table-scroll">
      <table className="progress" data-testid={`progress-${course.slug}`}>
        <caption className="visually-hidden">Your progress in {course.title}, lesson by lesson</caption>
        <thead>
          <tr>
            <th scope="col">Lesson</th>
            <th scope="col">Done</th>
            <th scope="col">Attempted</th>
            <th scope="col">Score</th>
            <th scope="col">Last activity</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((l) => (
            <tr key={l.slug} data-lesson={l.slug}>
              <th scope="row">
                <Link href={`/courses/${course.slug}/${l.slug}`}>{l.title}</Link>
              </th>
              <td data-testid="done">
                {l.total > 0 && l.done === l.total && <span aria-hidden="true">✓ </span>}
                {l.done} of {l.total}
              </td>
              <td data-testid="attempted">
                {l.attempted} of {l.total}
              </td>
              <td data-testid="score">{l.attempted > 0 ? formatPercent(l.score) : '—'}</td>
              <td>{l.lastActivity ? <LocalTime iso={l.lastActivity.toISOString()} short /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The signed-in user's courses: progress per lesson where enrolled, enrolment forms elsewhere, options for instructors. */
export default async function DashboardPage() {
  const user = await currentUser(await headers());
  if (!user) redirect('/sign-in?next=/dashboard');
  const prisma = getPrisma();
  const [courses, invitations, account] = await Promise.all([
    coursesFor(prisma, user),
    openInvitations(prisma, user.id),
    prisma.user.findUnique({ where: { id: user.id }, select: { emailVerified: true } }),
  ]);
  const progress = new Map(
    await Promise.all(courses.filter((c) => c.role).map(async (c) => [c.id, (await courseProgress(prisma, user.id, c.slug)) ?? []] as const)),
  );
  return (
    <>
      <h1>Your courses</h1>
      <p>
        Signed in as {user.name || user.email}. <Link href="/dashboard/history">Your attempt history</Link>
      </p>
      {account && !account.emailVerified && hasMailbox(user.email) && (
        <div className="notice" data-testid="confirm-address">
          <p>
            Please confirm your e-mail address, {user.email}, with the link we mail to it. (Invitations to teach a course wait for it.)
          </p>
          <ResendConfirmationForm />
        </div>
      )}
      {invitations.length > 0 && (
        <section aria-labelledby="invitations-heading" data-testid="my-invitations">
          <h2 id="invitations-heading">Invitations</h2>
          <ul>
            {invitations.map((i) => (
              <li key={i.id} data-course={i.courseSlug}>
                {i.courseTitle}, as {i.role === 'instructor' ? 'an instructor' : 'a student'}
                {i.needsConfirmedAddress ? <span className="small muted"> — confirm your e-mail address first</span> : null}
                <InvitationAnswer invitationId={i.id} title={i.courseTitle} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {courses.length === 0 && <p>There are no courses yet.</p>}
      {courses.map((c) => (
        <section key={c.id} aria-labelledby={`course-${c.slug}`} className="course-progress">
          <h2 id={`course-${c.slug}`}>{c.title}</h2>
          {!c.published && (
            <p className="error" data-testid={`unpublished-${c.slug}`}>
              Not published: its last sync found problems, so students do not see this course yet.{' '}
              <Link href={`/teach/${c.slug}/edit`}>Fix them in the editor</Link>
            </p>
          )}
          {c.role ? (
            <>
              {c.role === 'instructor' && <p className="muted">You teach this course.</p>}
              <ProgressTable course={c} lessons={progress.get(c.id) ?? []} />
            </>
          ) : (
            <>
              <p data-testid={`enrolment-note-${c.slug}`}>
                {c.openEnrollment
                  ? 'You can join this course.'
                  : c.hasJoinCode
                    ? 'Enter the join code your instructor gave you.'
                    : `This course is not open for enrolment yet. Ask your instructor for its join code, or to invite ${user.email}.`}
              </p>
              {(c.openEnrollment || c.hasJoinCode) && <EnrolForm course={c.slug} title={c.title} open={c.openEnrollment} />}
            </>
          )}
          {c.manages && (
            <p>
              <Link href={`/teach/${c.slug}/gradebook`} data-testid={`teach-${c.slug}`}>
                Instructor views: gradebook, misconceptions, preview, regrade, settings, roster
              </Link>
            </p>
          )}
          {c.manages && (
            <details className="card">
              <summary>Enrolment options</summary>
              <EnrolmentOptionsForm course={c.slug} open={c.openEnrollment} joinCode={c.joinCode} />
            </details>
          )}
        </section>
      ))}
    </>
  );
}
