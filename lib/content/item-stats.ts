/**
 * Per-question statistics of an assessment (issue 22): for each question (exercise), over the
 * students who were given it, its facility — the mean fraction of its points earned — and its
 * discrimination — the Pearson correlation between the points earned on it and on the rest
 * of the assessment (the corrected item–total correlation: the question is left out of the
 * total it is compared with). Pure.
 *
 * Two finer tables (PrairieLearn #1849): the mean score of each member of a pool (over the
 * students who drew it), and the mean score of a randomised exercise by the value of each
 * of its parameters in the students' variants. A mean score is the mean fraction of the
 * question's points earned (a facility over those students). A parameter with at most
 * PARAM_VALUES_SHOWN distinct values, or with any text value, is grouped by value; a
 * numeric one with more is cut into PARAM_BINS bins of about equal counts at its quantiles
 * (sorted by value, a student's bin is floor(i · PARAM_BINS / n) for the first index i of
 * their value, so equal values share a bin; a bin is labelled by its lowest and highest value).
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

// ─── per pool member and per parameter value ──────────────────────────────────

/** One question of one student's draw: its slot, what they earned of its points, and their variant's parameter values (null if it draws none). */
export interface DrawnResult {
  slot: number;
  exercise: string;
  earned: number;
  points: number;
  params: Record<string, number | string> | null;
}

/** Students and their mean fraction of the points (null when there are none). */
export interface MeanScore {
  n: number;
  mean: number | null;
}

export interface PoolStat {
  slot: number;
  /** Every member of the pool in its written order, those no one drew with n 0. */
  members: ({ exercise: string } & MeanScore)[];
}

function meanScore(results: readonly { earned: number; points: number }[]): MeanScore {
  return { n: results.length, mean: results.length ? results.reduce((sum, r) => sum + r.earned / r.points, 0) / results.length : null };
}

/** The mean score of each member of each pool slot (`pools`: the slot index and its members), over the students who drew it there. */
export function poolStatistics(pools: readonly { slot: number; members: readonly string[] }[], students: readonly (readonly DrawnResult[])[]): PoolStat[] {
  return pools.map(({ slot, members }) => ({
    slot,
    members: members.map((exercise) => ({ exercise, ...meanScore(students.flatMap((draw) => draw.filter((q) => q.slot === slot && q.exercise === exercise))) })),
  }));
}

/** Distinct values up to which a parameter is grouped by value. */
export const PARAM_VALUES_SHOWN = 10;
/** Quantile bins of a numeric parameter with more distinct values. */
export const PARAM_BINS = 4;

export interface ParamGroup extends MeanScore {
  /** The value, or "lo – hi" for a bin. */
  label: string;
  /** Lowest and highest value in the group (numbers; for a text value both are that text). */
  lo: number | string;
  hi: number | string;
  mean: number;
}

export interface ParamStat {
  exercise: string;
  param: string;
  /** Whether the groups are quantile bins rather than single values. */
  binned: boolean;
  groups: ParamGroup[];
}

function group(entries: { value: number | string; earned: number; points: number }[], lo: number | string, hi: number | string): ParamGroup {
  const { n, mean } = meanScore(entries);
  return { label: lo === hi ? String(lo) : `${lo} – ${hi}`, lo, hi, n, mean: mean! };
}

function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Per randomised exercise (in the order first met) and parameter (by name): the mean score by value, or by quantile bin (see the file comment). */
export function parameterStatistics(students: readonly (readonly DrawnResult[])[]): ParamStat[] {
  const byItem = new Map<string, Map<string, { value: number | string; earned: number; points: number }[]>>();
  for (const draw of students) {
    for (const q of draw) {
      if (!q.params) continue;
      if (!byItem.has(q.exercise)) byItem.set(q.exercise, new Map());
      const params = byItem.get(q.exercise)!;
      for (const [param, value] of Object.entries(q.params)) {
        if (!params.has(param)) params.set(param, []);
        params.get(param)!.push({ value, earned: q.earned, points: q.points });
      }
    }
  }
  const out: ParamStat[] = [];
  for (const [exercise, params] of byItem) {
    for (const param of [...params.keys()].sort()) {
      const entries = [...params.get(param)!].sort((a, b) => compareValues(a.value, b.value));
      const distinct = [...new Set(entries.map((e) => e.value))];
      const binned = distinct.length > PARAM_VALUES_SHOWN && distinct.every((v) => typeof v === 'number');
      let groups: ParamGroup[];
      if (!binned) {
        groups = distinct.map((v) => group(entries.filter((e) => e.value === v), v, v));
      } else {
        const first = new Map<number | string, number>();
        entries.forEach((e, i) => {
          if (!first.has(e.value)) first.set(e.value, i);
        });
        const bins: (typeof entries)[] = Array.from({ length: PARAM_BINS }, () => []);
        for (const e of entries) bins[Math.floor((first.get(e.value)! * PARAM_BINS) / entries.length)].push(e);
        groups = bins.filter((b) => b.length > 0).map((b) => group(b, b[0].value, b[b.length - 1].value));
      }
      out.push({ exercise, param, binned, groups });
    }
  }
  return out;
}
