'use client';
/** The Sync button of /teach/<course>/edit: publishes the course folder now and says what happened. */
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { syncCourseNow } from '@/server/actions/teach-content';
import type { SyncOutcome } from '@/server/teach/editor';
import { ProblemList } from './ProblemList';

export function SyncButton({ course }: { course: string }) {
  const [result, setResult] = useState<SyncOutcome | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const sync = () =>
    start(async () => {
      setResult(await syncCourseNow({ course }));
      router.refresh();
    });
  return (
    <div className="card">
      <button type="button" onClick={sync} disabled={pending}>
        {pending ? 'Syncing…' : 'Sync'}
      </button>{' '}
      <span className="muted small">Checks the course folder and publishes it when it has no problems.</span>
      <div role="status">
        {result?.status === 'error' && <p className="error">{result.message}</p>}
        {result?.status === 'ok' && result.sync.status === 'published' && <p>Published ({result.sync.ms} ms).</p>}
        {result?.status === 'ok' && result.sync.status === 'unchanged' && <p>Nothing changed since the published version.</p>}
        {result?.status === 'ok' && result.sync.status === 'refused' && (
          <>
            <p className="error">Not published: {result.sync.problems.length} problem(s). Students still see the last published version.</p>
            <ProblemList problems={result.sync.problems} />
          </>
        )}
      </div>
    </div>
  );
}
