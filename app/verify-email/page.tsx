import type { Metadata } from 'next';
import { ConfirmEmailForm } from '@/components/AccountForms';

export const metadata: Metadata = { title: 'Confirm your e-mail address', referrer: 'no-referrer' };

/** The page of the mailed confirmation link: one button, so that opening the link alone changes nothing. */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = (await searchParams).token;
  return (
    <>
      <h1>Confirm your e-mail address</h1>
      {typeof token === 'string' && token ? <ConfirmEmailForm token={token} /> : <p className="error">This link is not complete: open the whole link from the e-mail.</p>}
    </>
  );
}
