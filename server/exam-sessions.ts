/**
 * One session per student (issue 22): an assessment's `sessions` option (lib/content
 * ASSESSMENT_SESSIONS). While a student's quiz or exam sitting is open, it is bound to one
 * session — the one that started it, or after an instructor's reset the next one that signs
 * in or opens it. With "one" a sign-in from another session is refused (with the password
 * right: a wrong one fails as usual and says nothing about the exam), and a session already
 * signed in elsewhere sees the sitting closed; with "log" the sign-in goes through and is
 * written to the audit log. The instructor's reset (server/teach/assessments.ts
 * resetSitting) ends the bound session and unbinds the sitting.
 */
import type { PrismaClient } from '@/server/db/client';
import { verifyPassword } from '@/server/db/passwords';
import { normaliseEmail } from '@/server/roles';
import { logEvent, sittingClosedReason } from '@/server/assessments';

/** What a student meets on another device while their sitting is bound to one session. */
export function otherSessionMessage(title: string): string {
  return `You are taking ${title} on another device; ask your instructor to reset it.`;
}

/** Whether a request from session `sessionId` is from another session than the one the sitting is bound to ("one" only; an unbound sitting or an unknown session is not). */
export function boundElsewhere(a: { sessions: string }, sitting: { sessionId: string | null }, sessionId: string | undefined): boolean {
  return a.sessions === 'one' && sitting.sessionId !== null && sessionId !== undefined && sessionId !== sitting.sessionId;
}

/** The user's quiz and exam sittings open at `now` (started, not submitted, before the deadline and release), with their assessment. */
async function openSittings(prisma: PrismaClient, userId: string, now: Date) {
  const sittings = await prisma.sitting.findMany({
    where: { userId, submittedAt: null, assessment: { type: { in: ['quiz', 'exam'] } } },
    include: { assessment: true },
  });
  const open: typeof sittings = [];
  for (const s of sittings) {
    const acc = await prisma.accommodation.findUnique({ where: { assessmentId_userId: { assessmentId: s.assessmentId, userId } } });
    if (!sittingClosedReason(s.assessment, s, acc, now)) open.push(s);
  }
  return open;
}

/**
 * Before a sign-in with `email` and `password`: the message refusing it, or null to let it
 * go on. Refused when the account has an open sitting of a "sessions": "one" assessment bound
 * to a session, and the password is right (the refusal is logged).
 */
export async function signInRefusal(prisma: PrismaClient, email: string, password: unknown, address: string | null, now = new Date()): Promise<string | null> {
  if (typeof password !== 'string') return null;
  const user = await prisma.user.findUnique({ where: { email: normaliseEmail(email) }, select: { id: true } });
  if (!user) return null;
  const guarded = (await openSittings(prisma, user.id, now)).filter((s) => s.assessment.sessions === 'one' && s.sessionId !== null);
  if (guarded.length === 0) return null;
  const account = await prisma.account.findFirst({ where: { userId: user.id, providerId: 'credential' }, select: { password: true } });
  if (!account?.password || !(await verifyPassword({ hash: account.password, password }))) return null;
  for (const s of guarded) await logEvent(prisma, s.assessmentId, user.id, 'sign-in-refused', now, { address });
  return otherSessionMessage(guarded[0].assessment.title);
}

/**
 * After a sign-in that made session `sessionId`: each open sitting of the user hears of it —
 * an unbound "one" sitting (after a reset) is bound to the new session; otherwise the sign-in
 * is logged as a second session.
 */
export async function recordSignIn(prisma: PrismaClient, userId: string, sessionId: string, address: string | null, now = new Date()): Promise<void> {
  for (const s of await openSittings(prisma, userId, now)) {
    if (s.assessment.sessions === 'one' && s.sessionId === null) {
      const { count } = await prisma.sitting.updateMany({ where: { id: s.id, sessionId: null }, data: { sessionId } });
      if (count) {
        await logEvent(prisma, s.assessmentId, userId, 'sign-in', now, { address, bound: true });
        continue;
      }
    }
    await logEvent(prisma, s.assessmentId, userId, 'sign-in', now, { address, secondSession: true });
  }
}

/** Binds an unbound "one" sitting to the session using it (after a reset the student continues from a new session). True when it is bound to `sessionId` now. */
export async function claimSitting(prisma: PrismaClient, a: { id: string; sessions: string }, sitting: { id: string; userId: string; sessionId: string | null }, sessionId: string | undefined, now: Date): Promise<boolean> {
  if (a.sessions !== 'one' || sitting.sessionId !== null || sessionId === undefined) return sitting.sessionId === sessionId;
  const { count } = await prisma.sitting.updateMany({ where: { id: sitting.id, sessionId: null }, data: { sessionId } });
  if (count) await logEvent(prisma, a.id, sitting.userId, 'session-bound', now, {});
  // Another session may have bound it a moment before: read who holds it now.
  sitting.sessionId = (await prisma.sitting.findUnique({ where: { id: sitting.id }, select: { sessionId: true } }))?.sessionId ?? null;
  return sitting.sessionId === sessionId;
}
