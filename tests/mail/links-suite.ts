/**
 * The links Curvature mails, on a real database, delivered through a real SMTP server on
 * 127.0.0.1: the address confirmation sent at sign-up (through better-auth's handler), and
 * course invitations. Each link works once, never after it expires, only its hash is stored,
 * and an invitation link works only for the account with the invited address.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuth, type Auth } from '@/server/auth';
import type { PrismaClient } from '@/server/db/client';
import { syncCourse } from '@/server/db/seed';
import { acceptInvitationLink, invitationOfLink, mailInvitations } from '@/server/invitations';
import { createMailer, type Mailer } from '@/server/mail';
import { tokenHash, TOKEN_LIFETIME_MS, spendToken } from '@/server/mail-tokens';
import { importRoster } from '@/server/teach/roster';
import { confirmEmail } from '@/server/verification';
import { useMigratedDatabase, type Harness } from '../support/database';
import { startSmtp, type TestSmtp } from '../support/smtp';

const BASE = 'http://curvature.test';
const ENV = { BASE_URL: BASE, AUTH_SECRET: 'mail-links-tests-secret-0123456789-abcdef', CURVATURE_RATE_LIMIT: 'off' };

/** The token of the first `<path>?token=` link in a message. */
function tokenIn(text: string, path: string): string {
  const m = new RegExp(`${BASE}${path}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!m) throw new Error(`no ${path} link in:\n${text}`);
  return m[1];
}

export function mailLinksSuite(name: string, setup: () => Promise<Harness>): void {
  describe(`mailed links (${name})`, () => {
    let prisma: PrismaClient;
    let smtp: TestSmtp;
    let mailer: Mailer;
    let auth: Auth;
    useMigratedDatabase(setup, (p) => (prisma = p));
    beforeAll(async () => {
      smtp = await startSmtp();
      mailer = createMailer({ SMTP_URL: smtp.url });
      auth = createAuth({ prisma, provider: name === 'SQLite' ? 'sqlite' : 'postgresql', env: ENV, mailer });
    });
    afterAll(async () => {
      await smtp?.stop();
    });

    function signUp(email: string) {
      return auth.handler(
        new Request(`${BASE}/api/auth/sign-up/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: BASE },
          body: JSON.stringify({ email, password: 'correct horse battery', name: 'Someone' }),
        }),
      );
    }
    const userOf = (email: string) => prisma.user.findUniqueOrThrow({ where: { email } });

    async function newCourse() {
      const slug = `m-${randomUUID().slice(0, 8)}`;
      await syncCourse(prisma, { slug, title: `Course ${slug}`, lessons: [] });
      return prisma.course.findUniqueOrThrow({ where: { slug } });
    }

    it('mails a confirmation link at sign-up that confirms the address once, and stores only its hash', async () => {
      const email = `new-${randomUUID().slice(0, 8)}@example.org`;
      expect((await signUp(email)).status).toBe(200);
      const mail = await smtp.waitFor(email);
      expect(mail.subject).toBe('Confirm your e-mail address for Curvature');
      const token = tokenIn(mail.text, '/verify-email');
      expect((await userOf(email)).emailVerified).toBe(false);
      const row = await prisma.mailToken.findFirstOrThrow({ where: { email } });
      expect(row.hash).toBe(tokenHash(token));
      expect(JSON.stringify(row)).not.toContain(token);

      expect(await confirmEmail(prisma, token)).toBe(true);
      expect((await userOf(email)).emailVerified).toBe(true);
      expect(await confirmEmail(prisma, token)).toBe(false); // single use
      expect(await confirmEmail(prisma, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBe(false);
      expect(await confirmEmail(prisma, '')).toBe(false);
    });

    it('refuses an expired confirmation link, and a link for an address the account no longer has', async () => {
      const email = `late-${randomUUID().slice(0, 8)}@example.org`;
      await signUp(email);
      const token = tokenIn((await smtp.waitFor(email)).text, '/verify-email');
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + TOKEN_LIFETIME_MS['verify-email'] + 1000);
        expect(await confirmEmail(prisma, token)).toBe(false);
      } finally {
        vi.useRealTimers();
      }
      expect((await userOf(email)).emailVerified).toBe(false);

      const moved = `moved-${randomUUID().slice(0, 8)}@example.org`;
      await signUp(moved);
      const token2 = tokenIn((await smtp.waitFor(moved)).text, '/verify-email');
      await prisma.user.update({ where: { email: moved }, data: { email: `other-${moved}` } });
      expect(await confirmEmail(prisma, token2)).toBe(false);
      expect((await userOf(`other-${moved}`)).emailVerified).toBe(false);
    });

    it('an instructor invitation is not joined by whoever signs up first with the address, but by the confirmed owner', async () => {
      const course = await newCourse();
      const ta = `ta-${randomUUID().slice(0, 8)}@example.org`;
      await importRoster(prisma, course.id, `${ta},TA,instructor`);
      expect((await signUp(ta)).status).toBe(200); // someone who guessed the address
      const user = await userOf(ta);
      expect(await prisma.enrollment.findFirst({ where: { userId: user.id, courseId: course.id } })).toBeNull();
      // Whoever reads the mailbox confirms it: then the invitation is joined.
      const token = tokenIn((await smtp.waitFor(ta)).text, '/verify-email');
      expect(await confirmEmail(prisma, token)).toBe(true);
      expect((await prisma.enrollment.findFirst({ where: { userId: user.id, courseId: course.id } }))?.role).toBe('instructor');
    });

    it('mails invitations with a link that only the invited account can use, once, and that confirms its address', async () => {
      const course = await newCourse();
      const invitee = `inv-${randomUUID().slice(0, 8)}@example.org`;
      const stranger = `str-${randomUUID().slice(0, 8)}@example.org`;
      await signUp(invitee);
      await signUp(stranger);
      const r = await importRoster(prisma, course.id, `email,role\n${invitee},instructor`);
      expect(r.status === 'done' && r.invited.length).toBe(1);
      expect(await mailInvitations(prisma, mailer, { courseId: course.id, emails: [invitee], baseUrl: BASE })).toEqual({ sent: 1, failed: 0 });
      const mail = await smtp.waitFor(invitee);
      expect(mail.subject).toBe(`Invitation to ${course.title} on Curvature`);
      expect(mail.text).toContain('as an instructor');
      const token = tokenIn(mail.text, '/invitation');
      expect(await invitationOfLink(prisma, token)).toEqual({ email: invitee, courseTitle: course.title, role: 'instructor' });

      const strangerId = (await userOf(stranger)).id;
      const inviteeId = (await userOf(invitee)).id;
      expect(await acceptInvitationLink(prisma, strangerId, token)).toEqual({ status: 'other-account', email: invitee });
      expect(await prisma.enrollment.findFirst({ where: { userId: strangerId, courseId: course.id } })).toBeNull();
      // The stranger's try did not use the link up.
      expect(await acceptInvitationLink(prisma, inviteeId, token)).toEqual({ status: 'joined', courseSlug: course.slug });
      expect((await prisma.enrollment.findFirst({ where: { userId: inviteeId, courseId: course.id } }))?.role).toBe('instructor');
      expect((await userOf(invitee)).emailVerified).toBe(true);
      expect(await acceptInvitationLink(prisma, inviteeId, token)).toEqual({ status: 'invalid' });
      expect(await invitationOfLink(prisma, token)).toBeNull();
    });

    it('an invitation link expires after 14 days, and a token of one purpose never serves another', async () => {
      const course = await newCourse();
      const invitee = `exp-${randomUUID().slice(0, 8)}@example.org`;
      await signUp(invitee);
      await importRoster(prisma, course.id, invitee);
      await mailInvitations(prisma, mailer, { courseId: course.id, emails: [invitee], baseUrl: BASE });
      const token = tokenIn((await smtp.waitFor(invitee)).text, '/invitation');
      expect(await spendToken(prisma, 'verify-email', token)).toBeNull();
      expect(await spendToken(prisma, 'unlock', token)).toBeNull();
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + TOKEN_LIFETIME_MS.invitation + 1000);
        expect(await acceptInvitationLink(prisma, (await userOf(invitee)).id, token)).toEqual({ status: 'invalid' });
      } finally {
        vi.useRealTimers();
      }
      expect(await prisma.enrollment.count({ where: { courseId: course.id } })).toBe(0);
    });

    it('counts the invitations it could not send and keeps them', async () => {
      const course = await newCourse();
      const email = `fail-${randomUUID().slice(0, 8)}@example.org`;
      await importRoster(prisma, course.id, email);
      const broken = createMailer({ SMTP_URL: smtp.url.replace('mail-secret', 'wrong') });
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        expect(await mailInvitations(prisma, broken, { courseId: course.id, emails: [email], baseUrl: BASE })).toEqual({ sent: 0, failed: 1 });
      } finally {
        errors.mockRestore();
      }
      expect(await prisma.invitation.count({ where: { courseId: course.id, email } })).toBe(1);
    });
  });
}
