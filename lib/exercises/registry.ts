/**
 * Every exercise kind, one import and one entry each, in alphabetical order.
 * Adding a kind = one folder `lib/exercises/<kind>/` + one import + one entry here.
 */
import type { ExerciseKind } from './types';

/** All kinds known to the engine, in alphabetical order of their `kind` string. */
export const KINDS: readonly ExerciseKind[] = [
];
