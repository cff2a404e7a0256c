/**
 * Confirming an e-mail address: a single-use link (24 h) mailed at sign-up and on request.
 * A confirmed address is what instructor invitations wait for (server/invitations.ts).
 */
import type { PrismaClient } from '@/server/db/client';
import { claimInvitations } from '@/server/invitations';
import type { Mailer } from '@/server/mail';
import { issueToken, spendToken } from '@/server/mail-tokens';
import { normaliseEmail } from '@/server/roles';

/** Mails `user` a link that confirms their address. Throws when the mail cannot be sent. */
export async function mailVerificationLink(prisma: PrismaClient, mailer: Mailer, user: { id: string; email: string }, baseUrl: string): Promise<void> {
  const token = await issueToken(prisma, { purpose: 'verify-email', email: user.email, userId: user.id });
  await mailer.send({
    to: user.email,
    subject: 'Confirm your e-mail address for Curvature',
    text: [
      'Open this link to confirm that this address is yours:',
      `${baseUrl}/verify-email?token=${token}`,
      '',
      'The link works once and expires in 24 hours. If you did not create a Curvature account, ignore this message.',
    ].join('\n'),
  });
}

/**
 * Uses a confirmation link: marks the address confirmed — only if the account still has the
 * address the link was sent to — and joins the invitations that were waiting for it.
 * False when the link is unknown, used or expired.
 */
export async function confirmEmail(prisma: PrismaClient, token: string): Promise<boolean> {
  const used = await spendToken(prisma, 'verify-email', token);
  if (!used?.userId) return false;
  const user = await prisma.user.findUnique({ where: { id: used.userId }, select: { id: true, email: true } });
  if (!user || normaliseEmail(user.email) !== used.email) return false;
  await prisma.user.update({ where: { id: user.id }, data: { emailVerified: true } });
  await claimInvitations(prisma, user);
  return true;
}
