/** Formatting for server-rendered pages. */

/** A time as "2027-01-31 14:05 UTC" (the server does not know the reader's time zone). */
export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A score 0..1 as a whole percentage, "67%". */
export function formatPercent(score: number): string {
  return `${Math.round(score * 100)}%`;
}
