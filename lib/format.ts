/** Formatting shared by server-rendered pages and client components (pure). Times: components/LocalTime.tsx. */

/** A score 0..1 as a whole percentage, "67%". */
export function formatPercent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

/** The first `n` characters of a text, with "…" when there is more (a long answer is not echoed in full). */
export function excerpt(text: string, n = 80): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}
