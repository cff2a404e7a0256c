'use client';
/**
 * The time left in a sitting. The server's clock is the truth: the page sends its own time
 * with the deadline, and the timer counts down from the difference between the two (so a
 * browser clock that is wrong does not change it, and a reload or a second tab shows the same
 * time, read again from the server). At zero the page is read again: the server has closed
 * the sitting, and says so.
 */
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';

function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${m}:${two(sec)}`;
}

export function SittingTimer({ deadline, serverNow }: { deadline: string; serverNow: string }) {
  const router = useRouter();
  // Milliseconds left when the server answered; counted down on the browser's monotonic clock.
  const [left] = useState(() => Date.parse(deadline) - Date.parse(serverNow));
  const [start] = useState(() => performance.now());
  const [now, setNow] = useState(start);
  const remaining = left - (now - start);
  useEffect(() => {
    const t = setInterval(() => setNow(performance.now()), 500);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    if (remaining <= 0) router.refresh();
  }, [remaining <= 0, router]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <p className="sitting-timer" role="timer" aria-live="off" data-testid="timer">
      Time left: <strong data-testid="time-left">{clock(remaining)}</strong>
    </p>
  );
}
