'use client';

import { useEffect, useState } from 'react';
import Link from 'next/link';

interface SessionInfo {
  user: { email: string; name: string; role?: string };
}

/** Who is signed in, read from the session endpoint so that pages stay static. */
export function UserMenu() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    fetch('/api/auth/get-session', { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : null))
      .then((s: SessionInfo | null) => live && setSession(s?.user ? s : null))
      .catch(() => live && setSession(null));
    return () => {
      live = false;
    };
  }, []);

  async function signOut() {
    await fetch('/api/auth/sign-out', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    window.location.assign('/');
  }

  if (session === undefined) return <span aria-hidden="true" />;
  if (!session) {
    return (
      <span className="user-menu">
        <Link href="/sign-in">Sign in</Link> <Link href="/sign-up">Sign up</Link>
      </span>
    );
  }
  return (
    <span className="user-menu">
      <Link href="/dashboard">Dashboard</Link> <span className="user-email" data-testid="signed-in-as">{session.user.email}</span>{' '}
      <button type="button" className="link-button" onClick={signOut}>
        Sign out
      </button>
    </span>
  );
}
