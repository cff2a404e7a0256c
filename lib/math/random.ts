/**
 * Deterministic randomness for exercise variants: hashing (exercise, user, …) into a seed,
 * and a seeded generator. 32-bit integer arithmetic only, so the same inputs give the same
 * numbers on every machine and in the browser.
 */

/**
 * FNV-1a (32-bit) hash of the parts, over their UTF-16 code units, with a separator
 * between parts. Deterministic on every platform; use it to turn (exercise id, user,
 * attempt…) into a seed.
 */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  parts.forEach((part, i) => {
    if (i > 0) h = Math.imul(h ^ 0x1f, 0x01000193);
    const s = String(part);
    for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  });
  return h >>> 0;
}

/** A seeded generator of numbers in [0, 1) (mulberry32): the same seed gives the same sequence everywhere. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
