/** The shapes lib/answers reads into and compares with. */

/** Tolerances for comparing numbers: |a − b| ≤ max(rtol·|b|, atol). */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** The contract's default tolerance (exercise-contract §3). */
export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-6 };

/** Where reading a student's text failed: 0-based [start, end) offsets into the text. */
export interface ReadError {
  ok: false;
  message: string;
  start: number;
  end: number;
  /** In an answer of several parts, the id of the part whose text could not be read (offsets are into that text). */
  part?: string;
}

/** A value read from a student's text, or where reading failed. */
export type Read<T> = { ok: true; value: T } | ReadError;
