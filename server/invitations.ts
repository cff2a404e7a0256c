/**
 * Course invitations: who may turn one into an enrolment, and when.
 *
 *   - a student invitation to an address that had no account is joined when someone signs
 *     up (or signs in) with that address — a student's views hold nothing to steal;
 *   - an instructor invitation is joined only once the address is confirmed (the e-mailed
 *     confirmation link, or the invitation link itself, which proves the mailbox);
 *   - an invitation to an address that already had an account (roster import of an
 *     existing user) waits for that person to accept it, on their dashboard or through the
 *     e-mailed link: nobody is put into a course without their consent.
 *
 * Invitation e-mails carry single-use links (server/mail-tokens.ts) that expire after 14 days.
 */
import type { PrismaClient } from '@/server/db/client';
import { isUniqueViolation } from '@/server/db/errors';
import type { Mailer } from '@/server/mail';
import { issueToken, peekToken, spendToken } from '@/server/mail-tokens';
import { normaliseEmail, type CourseRole } from '@/server/roles';

/** Enrols `userId` with `role` unless already enrolled (then the enrolment is kept); true when newly enrolled. */
async function enrolOnce(prisma: PrismaClient, userId: string, courseId: string, role: string): Promise<boolean> {
  try {
    await prisma.enrollment.create({ data: { userId, courseId, role } });
    return true;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err; // already enrolled (or a parallel claim won)
    return false;
  }
}

/** Whether this invitation may be joined without an explicit accept. */
function joinsByItself(inv: { role: string; forAccount: boolean }, verified: boolean): boolean {
  return !inv.forAccount && (inv.role === 'student' || verified);
}

/**
 * Joins the invitations for `user`'s address that need no accept (see the rules above) and
 * deletes them; the others stay pending. Called after sign-up, sign-in and a confirmed
 * address. Safe to repeat and to run concurrently. Returns the ids of newly joined courses.
 */
export async function claimInvitations(prisma: PrismaClient, user: { id: string; email: string }): Promise<string[]> {
  const row = await prisma.user.findUnique({ where: { id: user.id }, select: { emailVerified: true } });
  if (!row) return [];
  const invitations = await prisma.invitation.findMany({ where: { email: normaliseEmail(user.email) }, select: { id: true, courseId: true, role: true, forAccount: true } });
  const joined: string[] = [];
  for (const inv of invitations.filter((i) => joinsByItself(i, row.emailVerified))) {
    if (await enrolOnce(prisma, user.id, inv.courseId, inv.role)) joined.push(inv.courseId);
    await prisma.invitation.deleteMany({ where: { id: inv.id } });
  }
  return joined;
}

/** An invitation waiting for the signed-in user's accept. */
export interface OpenInvitation {
  id: string;
  courseTitle: string;
  courseSlug: string;
  role: CourseRole;
  /** An instructor invitation and the address is not confirmed yet: confirm it first. */
  needsConfirmedAddress: boolean;
}

/** The invitations for `userId`'s address still waiting (oldest first). */
export async function openInvitations(prisma: PrismaClient, userId: string): Promise<OpenInvitation[]> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, emailVerified: true } });
  if (!user) return [];
  const rows = await prisma.invitation.findMany({
    where: { email: normaliseEmail(user.email) },
    select: { id: true, role: true, course: { select: { title: true, slug: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => ({
    id: r.id,
    courseTitle: r.course.title,
    courseSlug: r.course.slug,
    role: r.role as CourseRole,
    needsConfirmedAddress: r.role !== 'student' && !user.emailVerified,
  }));
}

export type AcceptOutcome = 'joined' | 'not-found' | 'confirm-address';

/**
 * The signed-in user accepts one of their invitations (by id, from their dashboard). An
 * instructor invitation needs a confirmed address; the e-mailed link (acceptInvitationLink)
 * confirms it on the way.
 */
export async function acceptInvitation(prisma: PrismaClient, userId: string, invitationId: string): Promise<AcceptOutcome> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, emailVerified: true } });
  if (!user) return 'not-found';
  const inv = await prisma.invitation.findFirst({ where: { id: invitationId, email: normaliseEmail(user.email) } });
  if (!inv) return 'not-found';
  if (inv.role !== 'student' && !user.emailVerified) return 'confirm-address';
  await enrolOnce(prisma, userId, inv.courseId, inv.role);
  await prisma.invitation.deleteMany({ where: { id: inv.id } });
  return 'joined';
}

/** The signed-in user turns down one of their invitations; false when there is no such invitation for them. */
export async function declineInvitation(prisma: PrismaClient, userId: string, invitationId: string): Promise<boolean> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) return false;
  const { count } = await prisma.invitation.deleteMany({ where: { id: invitationId, email: normaliseEmail(user.email) } });
  return count > 0;
}

/** What an invitation link stands for, to show before it is used; null when it no longer works. */
export async function invitationOfLink(prisma: PrismaClient, token: string): Promise<{ email: string; courseTitle: string; role: CourseRole } | null> {
  const t = await peekToken(prisma, 'invitation', token);
  if (!t?.invitationId) return null;
  const inv = await prisma.invitation.findUnique({ where: { id: t.invitationId }, select: { role: true, course: { select: { title: true } } } });
  return inv ? { email: t.email, courseTitle: inv.course.title, role: inv.role as CourseRole } : null;
}

export type LinkOutcome = { status: 'joined'; courseSlug: string } | { status: 'invalid' } | { status: 'other-account'; email: string };

/**
 * The signed-in user accepts the invitation of an e-mailed link. Only the account with the
 * invited address can: anyone else is told which address it is for and the link stays
 * usable. Having the link proves the mailbox, so the address counts as confirmed too. The
 * link works once.
 */
export async function acceptInvitationLink(prisma: PrismaClient, userId: string, token: string): Promise<LinkOutcome> {
  const peeked = await peekToken(prisma, 'invitation', token);
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!peeked?.invitationId || !user) return { status: 'invalid' };
  if (normaliseEmail(user.email) !== peeked.email) return { status: 'other-account', email: peeked.email };
  const used = await spendToken(prisma, 'invitation', token);
  if (!used?.invitationId) return { status: 'invalid' };
  const inv = await prisma.invitation.findUnique({ where: { id: used.invitationId }, select: { id: true, courseId: true, role: true, course: { select: { slug: true } } } });
  if (!inv) return { status: 'invalid' };
  await prisma.user.updateMany({ where: { id: userId, email: user.email }, data: { emailVerified: true } });
  await enrolOnce(prisma, userId, inv.courseId, inv.role);
  await prisma.invitation.deleteMany({ where: { id: inv.id } });
  return { status: 'joined', courseSlug: inv.course.slug };
}

/**
 * Mails an invitation with a fresh single-use link to each of `emails`' invitations in the
 * course, a few at a time. A message that cannot be sent is counted, logged and skipped
 * (the invitation stays; the person can still join by signing up or from their dashboard).
 */
export async function mailInvitations(
  prisma: PrismaClient,
  mailer: Mailer,
  { courseId, emails, baseUrl }: { courseId: string; emails: string[]; baseUrl: string },
): Promise<{ sent: number; failed: number }> {
  if (emails.length === 0) return { sent: 0, failed: 0 };
  const course = await prisma.course.findUniqueOrThrow({ where: { id: courseId }, select: { title: true } });
  const invitations = await prisma.invitation.findMany({ where: { courseId, email: { in: emails.map(normaliseEmail) } }, select: { id: true, email: true, role: true } });
  let sent = 0;
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < invitations.length) {
      const inv = invitations[next++];
      try {
        const token = await issueToken(prisma, { purpose: 'invitation', email: inv.email, invitationId: inv.id });
        const link = `${baseUrl}/invitation?token=${token}`;
        await mailer.send({
          to: inv.email,
          subject: `Invitation to ${course.title} on Curvature`,
          text: [
            `You are invited to join ${course.title} as ${inv.role === 'instructor' ? 'an instructor' : 'a student'}.`,
            '',
            'To accept, open this link and sign in (or create an account) with this e-mail address:',
            link,
            '',
            'The link works once and expires in 14 days. If you did not expect this, ignore this message.',
          ].join('\n'),
        });
        sent++;
      } catch (err) {
        failed++;
        console.error(`curvature: could not mail the invitation to ${inv.email}:`, err instanceof Error ? err.message : err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, invitations.length) }, worker));
  return { sent, failed };
}
