import type { Metadata } from 'next';
import { SignUpForm } from '@/components/SignUpForm';

export const metadata: Metadata = { title: 'Create an account' };

/** Creating a student account (roles are never chosen at sign-up). */
export default function SignUpPage() {
  return (
    <>
      <h1>Create an account</h1>
      <p className="muted">A Curvature account keeps your answers and progress. You can join a course once signed in.</p>
      <SignUpForm />
    </>
  );
}
