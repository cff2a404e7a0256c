'use client';
/**
 * A time in the reader's own time zone. The server does not know the reader's zone, so the
 * server HTML (and the first render while hydrating) says the time in UTC; once the browser
 * runs, it shows its local time with the zone's name. The UTC value is in the tooltip.
 */
import { useSyncExternalStore } from 'react';

const subscribeNever = () => () => {};

/** False while rendering on the server and hydrating, true once the browser (and its time zone) is known. */
export function useHydrated(): boolean {
  return useSyncExternalStore(subscribeNever, () => true, () => false);
}

const LONG: Intl.DateTimeFormatOptions = { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
const SHORT: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };

/** `iso` (an ISO time) in the browser's zone; `short` leaves out the weekday (tables). */
export function LocalTime({ iso, short = false }: { iso: string; short?: boolean }) {
  const hydrated = useHydrated();
  const text = hydrated ? new Date(iso).toLocaleString(undefined, short ? SHORT : LONG) : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
  return (
    <time dateTime={iso} title={`${iso} (UTC)`} data-testid="local-time">
      {text}
    </time>
  );
}
