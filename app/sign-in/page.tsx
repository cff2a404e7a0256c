import type { Metadata } from 'next';
import { SignInForm } from '@/components/SignInForm';

export const metadata: Metadata = { title: 'Sign in' };

export default function SignInPage() {
  return (
    <>
      <h1>Sign in</h1>
      <p className="muted">Use the email and password of your Curvature account.</p>
      <SignInForm />
    </>
  );
}
