import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { currentUser } from '@/server/auth';
import { getPrisma } from '@/server/db/client';
import { invitationOfLink } from '@/server/invitations';
import { InvitationLinkForm } from '@/components/AccountForms';

export const metadata: Metadata = { title: 'Course invitation', referrer: 'no-referrer' };

/** The page of a mailed invitation link: who it is for, and an accept button for that account only. */
export default async function InvitationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = (await searchParams).token;
  const invitation = typeof token === 'string' ? await invitationOfLink(getPrisma(), token) : null;
  if (typeof token !== 'string' || !invitation) {
    return (
      <>
        <h1>Course invitation</h1>
        <p className="error">This invitation link does not work any more (used already, cancelled, or older than 14 days). Ask your instructor to invite you again.</p>
      </>
    );
  }
  const user = await currentUser(await headers());
  const here = `/invitation?token=${encodeURIComponent(token)}`;
  return (
    <>
      <h1>Invitation to {invitation.courseTitle}</h1>
      <p>
        You are invited to join {invitation.courseTitle} as {invitation.role === 'instructor' ? 'an instructor' : 'a student'}. The invitation is for{' '}
        <strong>{invitation.email}</strong>.
      </p>
      {user ? (
        user.email.toLowerCase() === invitation.email ? (
          <InvitationLinkForm token={token} />
        ) : (
          <p className="error">You are signed in as {user.email}. Sign out and sign in as {invitation.email} to accept.</p>
        )
      ) : (
        <p>
          <Link href={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in</Link> as {invitation.email} to accept, or{' '}
          <Link href="/sign-up">create an account</Link> with that address and open this link again.
        </p>
      )}
    </>
  );
}
