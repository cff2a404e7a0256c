import type { Metadata } from 'next';
import { UnlockForm } from '@/components/AccountForms';

export const metadata: Metadata = { title: 'Sign in again', referrer: 'no-referrer' };

/** The page of the mailed unlock link: one button clears the account's sign-in waits. */
export default async function UnlockPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = (await searchParams).token;
  return (
    <>
      <h1>Sign in again</h1>
      <p>Sign-in to your account was slowed down after many wrong passwords. This clears the wait for every device.</p>
      {typeof token === 'string' && token ? <UnlockForm token={token} /> : <p className="error">This link is not complete: open the whole link from the e-mail.</p>}
    </>
  );
}
