/** Formatting shared by server-rendered pages and client components (pure). */

/** A time as "2027-01-31 14:05 UTC". */
export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A score 0..1 as a whole percentage, "67%". */
export function formatPercent(score: number): string {
  return `${Math.round(score * 100)}%`;
}
