/**
 * Matching a student's vector or matrix with the reference under a kind's Comparison
 * (types.ts): entry by entry, as a multiset, as a set of rows, or up to a non-zero scale.
 * Every function returns one boolean per entry of the student's answer, in the student's
 * order (rows flattened), so that credit stays per entry whatever the comparison.
 */

/** Whether student value p matches reference value t. */
export type Same<P, T> = (p: P, t: T) => boolean;

/** Entry i against entry i. */
export function matchOrdered<P, T>(parsed: P[], target: T[], same: Same<P, T>): boolean[] {
  return target.map((t, i) => same(parsed[i], t));
}

/**
 * The largest set of (student entry, reference entry) pairs that match, each entry used at
 * most once (augmenting paths; answers have a handful of entries). Returns, for each student
 * entry, whether it is paired.
 */
export function matchMultiset<P, T>(parsed: P[], target: T[], same: Same<P, T>): boolean[] {
  const fits = parsed.map((p) => target.map((t) => same(p, t)));
  const owner = new Array<number>(target.length).fill(-1); // reference entry → student entry paired with it
  const tryPair = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < target.length; j++) {
      if (!fits[i][j] || seen[j]) continue;
      seen[j] = true;
      if (owner[j] === -1 || tryPair(owner[j], seen)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < parsed.length; i++) tryPair(i, new Array<boolean>(target.length).fill(false));
  const paired = new Array<boolean>(parsed.length).fill(false);
  for (const i of owner) if (i >= 0) paired[i] = true;
  return paired;
}

/**
 * The rows of a matrix as an unordered set of vectors: a student row is right when it is
 * paired with a reference row it matches entirely; each entry of a row takes its row's verdict.
 */
export function matchRowSet<P, T>(parsed: P[][], target: T[][], same: Same<P, T>): boolean[] {
  const rowSame = (p: P[], t: T[]) => t.every((tt, j) => same(p[j], tt));
  const rows = matchMultiset(parsed, target, rowSame);
  return parsed.flatMap((row, i) => row.map(() => rows[i]));
}

/**
 * A vector that equals c·reference for some c ≠ 0 (sign and length free). The scale is read
 * off each entry where the reference is not zero, and the one that makes the most entries
 * match is kept; a student vector of zeros never matches (it is no direction).
 */
export function matchUpToScale(parsed: number[], target: number[], close: (p: number, t: number) => boolean): boolean[] {
  let best = parsed.map(() => false);
  let bestCount = -1;
  for (let k = 0; k < target.length; k++) {
    if (target[k] === 0 || parsed[k] === 0) continue;
    const c = parsed[k] / target[k];
    if (!Number.isFinite(c) || c === 0) continue;
    const results = target.map((t, i) => close(parsed[i], c * t));
    const count = results.filter(Boolean).length;
    if (count > bestCount) {
      best = results;
      bestCount = count;
    }
  }
  return best;
}
