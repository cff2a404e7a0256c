'use client';
/** The LMS page's buttons: send one score again, and read the LMS rosters. */
import { useState, useTransition } from 'react';
import { resendLmsScore, syncLmsRoster } from '@/server/actions/teach-manage';
import type { ManageState } from '@/server/teach/settings';

function Result({ state }: { state: ManageState | null }) {
  if (!state) return null;
  return (
    <span role="status" className={state.status === 'error' ? 'error small' : 'muted small'}>
      {' '}
      {state.message}
    </span>
  );
}

export function ResendScore({ course, scoreId }: { course: string; scoreId: string }) {
  const [state, setState] = useState<ManageState | null>(null);
  const [pending, start] = useTransition();
  return (
    <>
      <button type="button" disabled={pending} onClick={() => start(async () => setState(await resendLmsScore(course, { scoreId })))}>
        Resend
      </button>
      <Result state={state} />
    </>
  );
}

export function SyncRoster({ course }: { course: string }) {
  const [state, setState] = useState<ManageState | null>(null);
  const [pending, start] = useTransition();
  return (
    <p>
      <button type="button" disabled={pending} onClick={() => start(async () => setState(await syncLmsRoster(course)))}>
        {pending ? 'Reading the LMS rosters…' : 'Sync roster from the LMS'}
      </button>
      <Result state={state} />
    </p>
  );
}
