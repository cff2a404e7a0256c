'use client';

import { useState } from 'react';
import Link from 'next/link';
import { authClient } from './auth-client';

/** Where to go after signing in: the page's `?next=` when it is a path on this site, else the dashboard. */
function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/dashboard';
}

/** Email + password sign-in; on success goes to `?next=` (a local path) or the dashboard. */
export function SignInForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const { error } = await authClient.signIn.email({
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    setBusy(false);
    if (error) {
      // A limit says how long to wait (a minute per address, up to 15 for one account).
      // 403: one session per student during an exam (server/exam-sessions.ts) — the message names the exam.
      setError(
        error.status === 429
          ? error.message || 'Too many attempts. Wait a few minutes and try again.'
          : error.status === 403 && error.message
            ? error.message
            : 'Wrong email or password.',
      );
      return;
    }
    window.location.assign(nextPath());
  }

  return (
    <form className="stack" method="post" onSubmit={onSubmit} aria-describedby={error ? 'sign-in-error' : undefined}>
      <label>
        Email
        <input type="email" name="email" autoComplete="email" required />
      </label>
      <label>
        Password
        <input type="password" name="password" autoComplete="current-password" required minLength={8} />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {error && (
        <p id="sign-in-error" role="alert" className="error">
          {error}
        </p>
      )}
      <p className="small">
        New here? <Link href="/sign-up">Create an account</Link>.
      </p>
    </form>
  );
}
