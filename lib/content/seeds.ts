/**
 * Seeds of exercise variants, in one place: a student's seed, the range every seed lies in
 * (it must fit Attempt.seed, a 32-bit signed integer on PostgreSQL), the example seed of the
 * lesson page and the preview, and reading a seed typed into a URL. Pure.
 */
import { hashSeed } from '@/lib/math/random';

/** Seeds are whole numbers 0 ≤ seed < SEED_LIMIT. */
export const SEED_LIMIT = 2 ** 31;

/** The variant shown before sign-in on a lesson page, and by the preview when no seed is asked for. */
export const DEFAULT_SEED = 0;

/** What a bad seed is answered with. */
export const BAD_SEED_MESSAGE = `A seed is a whole number from 0 to ${SEED_LIMIT - 1}.`;

/**
 * The hash behind a student's seed of an exercise: the same for every visit, so a student
 * keeps their numbers, and different between students.
 */
export function exerciseSeed(userId: string, exerciseKey: string): number {
  return hashSeed(userId, exerciseKey);
}

/** The seed of a student's variant of an exercise: exerciseSeed reduced below SEED_LIMIT. Stable across visits and machines. */
export function variantSeed(userId: string, exerciseKey: string): number {
  return exerciseSeed(userId, exerciseKey) % SEED_LIMIT;
}

/**
 * Reads the `seed` of a URL: absent or empty → DEFAULT_SEED; digits for a whole number
 * 0 ≤ seed < SEED_LIMIT → that seed; anything else (a sign, a fraction, letters, too large,
 * given twice) → an error with BAD_SEED_MESSAGE.
 */
export function parseSeed(raw: string | string[] | undefined): { ok: true; seed: number } | { ok: false; message: string } {
  if (raw === undefined || raw === '') return { ok: true, seed: DEFAULT_SEED };
  if (typeof raw !== 'string' || !/^\d{1,10}$/.test(raw.trim())) return { ok: false, message: BAD_SEED_MESSAGE };
  const seed = Number(raw.trim());
  return seed < SEED_LIMIT ? { ok: true, seed } : { ok: false, message: BAD_SEED_MESSAGE };
}

/** A random seed (the preview's "random seed" link). */
export function randomSeed(): number {
  return Math.floor(Math.random() * SEED_LIMIT);
}
