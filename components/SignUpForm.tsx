'use client';

import { useState } from 'react';
import Link from 'next/link';
import { authClient } from './auth-client';

/** Creates a student account with name, email and password; on success goes to the dashboard. */
export function SignUpForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const { error } = await authClient.signUp.email({
      name: String(form.get('name') ?? '').trim(),
      email: String(form.get('email') ?? '').trim(),
      password: String(form.get('password') ?? ''),
    });
    setBusy(false);
    if (error) {
      setError(
        error.status === 429
          ? 'Too many attempts. Wait a minute and try again.'
          : error.status === 422 || /exist/i.test(error.message ?? '')
            ? 'An account with this email already exists. Sign in instead.'
            : (error.message ?? 'The account could not be created.'),
      );
      return;
    }
    window.location.assign('/dashboard');
  }

  return (
    <form className="stack" method="post" onSubmit={onSubmit} aria-describedby={error ? 'sign-up-error' : undefined}>
      <label>
        Name
        <input type="text" name="name" autoComplete="name" required maxLength={100} />
      </label>
      <label>
        Email
        <input type="email" name="email" autoComplete="email" required />
      </label>
      <label>
        Password
        <input type="password" name="password" autoComplete="new-password" required minLength={8} maxLength={128} aria-describedby="password-rule" />
      </label>
      <p id="password-rule" className="muted small">
        At least 8 characters.
      </p>
      <button type="submit" disabled={busy}>
        {busy ? 'Creating your account…' : 'Create account'}
      </button>
      {error && (
        <p id="sign-up-error" role="alert" className="error">
          {error}
        </p>
      )}
      <p className="small">
        Already have an account? <Link href="/sign-in">Sign in</Link>.
      </p>
    </form>
  );
}
