/**
 * The small courses the database suites sync (server/db/seed.ts's CourseData), and the
 * exercises several of them share. Lessons and exercises are numbered in the order given.
 */
import type { CourseData, ExerciseData } from '@/server/db/seed';

export const CUBIC = 'x^3 + y^3 + 2*x*y';

/**
 * f = x³ + y³ + 2xy: ∇f = (3x² + 2y, 3y² + 2x), so ∇f(1, 2) = (3 + 4, 12 + 2) = (7, 14);
 * H = [6x 2; 2 6y], so H(1, 2) = [6 2; 2 12].
 */
export const CUBIC_HESSIAN = { kind: 'hessian', f: CUBIC, vars: ['x', 'y'], at: [1, 2] };
/** ∇f(1, 2) = (7, 14) for the f of CUBIC_HESSIAN. */
export const CUBIC_GRADIENT = { kind: 'gradient', f: CUBIC, vars: ['x', 'y'], at: [1, 2] };
/** [6 1; 1 4] has eigenvalues 5 ± √2, both positive: positive definite. */
export const DEFINITE = { kind: 'definiteness', matrix: [[6, 1], [1, 4]] };

/** An exercise spec as authored: its kind and that kind's inputs. */
export type Spec = { kind: string; [input: string]: unknown };

/** An exercise before it has a place in its lesson. */
export type ExerciseRow = Omit<ExerciseData, 'position'>;

/**
 * An exercise of its spec's kind at grader version 1 with spec hash `hash-<key>`; its
 * settings are any number of attempts, never revealed and no hints unless `settings` says otherwise.
 */
export function exercise(key: string, spec: Spec, settings: object = {}): ExerciseRow {
  return { key, kind: spec.kind, kindVersion: 1, spec: structuredClone(spec), specHash: `hash-${key}`, settings: { attempts: 0, reveal: 'never', hints: [], ...settings } };
}

/** A course of these lessons. */
export function testCourse(slug: string, title: string, lessons: { slug: string; title: string; exercises: ExerciseRow[] }[]): CourseData {
  return {
    slug,
    title,
    lessons: lessons.map((lesson, position) => ({
      ...lesson,
      position,
      exercises: lesson.exercises.map((e, i) => ({ ...e, position: i })),
    })),
  };
}
