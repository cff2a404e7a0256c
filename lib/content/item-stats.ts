/**
 * Per-question statistics of an assessment (issue 22): for each question (exercise), over the
 * students who were given it, its facility — the mean fraction of its points earned — and its
 * discrimination — the Pearson correlation between the points earned on it and on the rest
 * of the assessment (the corrected item–total correlation: the question is left out of the
 * total it is compared with). Pure.
 */

/** One student's points: per question drawn, earned and out of. */
export type StudentItems = Record<string, { earned: number; points: number }>;

export interface ItemStat {
  item: string;
  /** Students who were given the question. */
  n: number;
  /** Mean of earned / points, 0..1; null when no one was given it. */
  facility: number | null;
  /** −1..1; null with fewer than two students or when either side does not vary. */
  discrimination: number | null;
}

function pearson(xs: number[], ys: number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  // Below rounding noise a side does not vary, and the correlation means nothing.
  if (sxx <= 1e-12 || syy <= 1e-12) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** The statistics of every question any student was given, in the order first met. */
export function itemStatistics(students: StudentItems[]): ItemStat[] {
  const items: string[] = [];
  for (const s of students) for (const item of Object.keys(s)) if (!items.includes(item)) items.push(item);
  return items.map((item) => {
    const given = students.filter((s) => item in s);
    const earned = given.map((s) => s[item].earned);
    const rest = given.map((s) => Object.entries(s).reduce((sum, [k, v]) => (k === item ? sum : sum + v.earned), 0));
    return {
      item,
      n: given.length,
      facility: given.length ? given.reduce((sum, s) => sum + s[item].earned / s[item].points, 0) / given.length : null,
      discrimination: pearson(earned, rest),
    };
  });
}
